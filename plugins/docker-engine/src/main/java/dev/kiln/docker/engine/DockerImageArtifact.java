package dev.kiln.docker.engine;

import dev.kiln.api.Artifact;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * An image in a Docker engine: what the {@code docker} builder commits, and what {@code docker-tag} (and later
 * {@code docker-import}) produce. Post-processors that work on images accept it.
 *
 * <p>{@link #describe()} reads {@code Imported Docker image: <id>}, followed by {@code  with tags a b} when the artifact
 * carries tags, as Packer prints it. {@link #metadata()} holds {@value #IMAGE_SHA256} (the image ID, when known),
 * {@value #KIND} = {@value #KIND_IMAGE}, {@value #TAGS} (the {@code repository:tag} names, comma-separated, when any)
 * and {@value #DOCKER_HOST} (the engine, when the template named one), so a post-processor in another plugin reaches
 * the same engine. {@link #destroy()} removes the image (the build's image) or its tags (a tag artifact); as with
 * {@code docker rmi repository:tag}, removing an image's last name removes the image itself.
 */
public final class DockerImageArtifact implements Artifact {

    /** Metadata key: the image ID, {@code sha256:...}; Packer's {@code ImageSha256}. */
    public static final String IMAGE_SHA256 = "ImageSha256";
    /** Metadata key: the engine address the template named ({@code docker_host}); absent for the default engine. */
    public static final String DOCKER_HOST = "docker.host";
    /** Metadata key: the {@code repository:tag} names this artifact carries, comma-separated. */
    public static final String TAGS = "docker.tags";
    /** Metadata key: what kind of Docker artifact this is: {@value #KIND_IMAGE} or {@value #KIND_EXPORT}. */
    public static final String KIND = "docker.artifact";
    /** {@value #KIND} of an image in an engine. */
    public static final String KIND_IMAGE = "image";
    /** {@value #KIND} of an exported tar file. */
    public static final String KIND_EXPORT = "export";

    private final String builderType;
    private final String id;
    private final String imageId;
    private final List<String> tags;
    private final String dockerHost;
    private final Function<String, DockerDriver> connector;

    /**
     * Creates an image artifact.
     *
     * @param builderType the component that made it, e.g. {@code "docker"} or {@code "docker-tag"}
     * @param id the artifact's id: the image ID for a build, the last {@code repository:tag} for a tag artifact
     * @param imageId the image ID, {@code sha256:...}, or null when unknown
     * @param tags the {@code repository:tag} names it carries, in order; empty for none
     * @param dockerHost the engine the template named, or null for the default engine
     */
    public DockerImageArtifact(String builderType, String id, String imageId, List<String> tags, String dockerHost) {
        this(builderType, id, imageId, tags, dockerHost, host -> DockerJavaDriver.connect(host));
    }

    public DockerImageArtifact(String builderType, String id, String imageId, List<String> tags, String dockerHost,
                        Function<String, DockerDriver> connector) {
        this.builderType = Objects.requireNonNull(builderType, "builderType");
        this.id = Objects.requireNonNull(id, "id");
        this.imageId = imageId;
        this.tags = tags == null ? List.of() : List.copyOf(tags);
        this.dockerHost = dockerHost == null || dockerHost.isBlank() ? null : dockerHost;
        this.connector = connector;
    }

    /**
     * The artifact of a {@code commit: true} build.
     *
     * @param imageId the committed image's ID
     * @param dockerHost the engine the template named, or null
     * @return the artifact, builder type {@code docker}
     */
    public static DockerImageArtifact committed(String imageId, String dockerHost) {
        return new DockerImageArtifact("docker", imageId, imageId, List.of(), dockerHost);
    }

    /**
     * The same image under another builder type, id and tags: what {@code docker-tag} returns.
     *
     * @param newBuilderType e.g. {@code "docker-tag"}
     * @param newId e.g. the last {@code repository:tag}
     * @param newTags the {@code repository:tag} names
     * @return the new artifact; this one is unchanged
     */
    public DockerImageArtifact retagged(String newBuilderType, String newId, List<String> newTags) {
        return new DockerImageArtifact(newBuilderType, newId, imageId, newTags, dockerHost, connector);
    }

    @Override
    public String builderType() {
        return builderType;
    }

    @Override
    public String id() {
        return id;
    }

    /**
     * The image ID, {@code sha256:...}.
     *
     * @return the ID, or null when unknown
     */
    public String imageId() {
        return imageId;
    }

    /**
     * The {@code repository:tag} names this artifact carries.
     *
     * @return the names, in order, never null
     */
    public List<String> tags() {
        return tags;
    }

    /**
     * The engine the template named.
     *
     * @return the address, or null for the default engine
     */
    public String dockerHost() {
        return dockerHost;
    }

    @Override
    public List<String> files() {
        return List.of();
    }

    @Override
    public Map<String, String> metadata() {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (imageId != null) {
            metadata.put(IMAGE_SHA256, imageId);
        }
        metadata.put(KIND, KIND_IMAGE);
        if (!tags.isEmpty()) {
            metadata.put(TAGS, String.join(",", tags));
        }
        if (dockerHost != null) {
            metadata.put(DOCKER_HOST, dockerHost);
        }
        return java.util.Collections.unmodifiableMap(metadata);
    }

    @Override
    public String describe() {
        return "Imported Docker image: " + id + (tags.isEmpty() ? "" : " with tags " + String.join(" ", tags));
    }

    @Override
    public void destroy() {
        try (DockerDriver driver = connector.apply(dockerHost)) {
            if (tags.isEmpty()) {
                driver.removeImage(id, false);
            } else {
                for (String tag : tags) {
                    // a parallel build may have moved the name to its own image since: leave that one alone
                    boolean stillOurs = imageId == null || driver.inspectImage(tag)
                            .map(image -> image.id().equals(imageId)).orElse(false);
                    if (stillOurs) {
                        driver.removeImage(tag, false);
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
