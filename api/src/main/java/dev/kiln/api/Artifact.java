package dev.kiln.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * What a builder or post-processor made: an image, a tar file, a pushed tag.
 *
 * <p>Immutable, except that {@link #destroy()} removes what it describes.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface Artifact {

    /** {@link #kind()} of an artifact that is local files and nothing else, e.g. a checksum or manifest file. */
    String KIND_FILES = "files";

    /** {@link #kind()} of an artifact whose maker does not say what it is. */
    String KIND_UNKNOWN = "unknown";

    /**
     * The type of the component that made it, e.g. {@code "docker"} or {@code "docker-tag"}. It names the maker, not
     * what the artifact is: decide whether to take an artifact by its {@link #kind()}.
     *
     * @return the component type, never null
     */
    String builderType();

    /**
     * What the artifact is, whichever component made it, so a post-processor can decide whether it takes it: a
     * {@code docker-tag} artifact is still an image, so {@code docker-push} takes it. A kind is a short name owned by
     * the plugin that defines it and prefixed with its area; Kiln's own are
     * <ul>
     *   <li>{@code docker.image}: an image in a Docker engine (the docker builder with {@code commit}, docker-tag,
     *       docker-import, docker-push, docker-save);</li>
     *   <li>{@code docker.export}: a tar of a container's file system in {@link #files()} (the docker builder with
     *       {@code export_path});</li>
     *   <li>{@code docker.discarded}: nothing (the docker builder with {@code discard});</li>
     *   <li>{@value #KIND_FILES}: local files only (checksum, manifest).</li>
     * </ul>
     * A post-processor that cannot take an artifact fails naming the artifact, its build and the kinds it takes.
     *
     * @return the kind, never null; by default {@value #KIND_FILES} when the artifact has files, otherwise
     *         {@value #KIND_UNKNOWN}
     * @since 0.1
     */
    default String kind() {
        return files().isEmpty() ? KIND_UNKNOWN : KIND_FILES;
    }

    /**
     * What identifies the artifact, e.g. an image ID or {@code repository:tag}.
     *
     * @return the id, never null
     */
    String id();

    /**
     * Local files that make up the artifact, if any.
     *
     * @return the paths, never null
     */
    List<String> files();

    /**
     * Extra facts other components may use, e.g. {@code ImageSha256}; never secrets.
     *
     * @return an unmodifiable map, never null
     */
    Map<String, String> metadata();

    /**
     * A one-line description shown in the artifact list, e.g. {@code Imported Docker image: sha256:…}.
     *
     * @return the description, never null, never containing secrets
     */
    String describe();

    /**
     * Removes what the artifact describes; called when a post-processor chain does not keep it.
     *
     * @throws InterruptedException when cancelled
     * @throws KilnException when removal fails
     */
    void destroy() throws InterruptedException;
}
