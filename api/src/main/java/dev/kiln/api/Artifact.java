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

    /**
     * The type of the component that made it, e.g. {@code "docker"} or {@code "docker-tag"}; post-processors use it
     * to decide whether they can handle the artifact.
     *
     * @return the component type, never null
     */
    String builderType();

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
