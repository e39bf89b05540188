package dev.kiln.docker.engine;

import dev.kiln.api.Artifact;
import dev.kiln.api.ComponentContext;
import dev.kiln.api.KilnException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * An image in a Docker engine, {@linkplain #kind() kind} {@value #KIND_IMAGE}: what the {@code docker} builder commits,
 * and what {@code docker-tag}, {@code docker-import} and {@code docker-push} produce. Post-processors that work on
 * images take any artifact of that kind through {@link #of(Artifact)} or {@link #require}, which give this typed view
 * (image ID, every {@code repository:tag}, the engine) whichever plugin made the artifact.
 *
 * <p>{@link #describe()} reads {@code Imported Docker image: <id>}, followed by {@code  with tags a b} when the artifact
 * carries tags, as Packer prints it. {@link #metadata()} holds {@value #IMAGE_SHA256} (the image ID, when known),
 * {@value #TAGS} (the {@code repository:tag} names, comma-separated, when any) and {@value #DOCKER_HOST} (the engine,
 * when the template named one), for templates and for plugins that do not depend on this one.
 * {@link #destroy()} removes the image (the build's image) or its tags (a tag artifact); as with
 * {@code docker rmi repository:tag}, removing an image's last name removes the image itself.
 */
public final class DockerImageArtifact implements Artifact {

    /** Metadata key: the image ID, {@code sha256:...}; Packer's {@code ImageSha256}. */
    public static final String IMAGE_SHA256 = "ImageSha256";
    /** Metadata key: the engine address the template named ({@code docker_host}); absent for the default engine. */
    public static final String DOCKER_HOST = "docker.host";
    /** Metadata key: the {@code repository:tag} names this artifact carries, comma-separated. */
    public static final String TAGS = "docker.tags";
    /** {@link Artifact#kind()} of an image in a Docker engine. */
    public static final String KIND_IMAGE = "docker.image";
    /** {@link Artifact#kind()} of a tar of a container's file system ({@code export_path}), in its files. */
    public static final String KIND_EXPORT = "docker.export";
    /** {@link Artifact#kind()} of what a {@code discard: true} build leaves: nothing. */
    public static final String KIND_DISCARDED = "docker.discarded";

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

    /**
     * The typed view of an image artifact: {@code artifact} itself when it is one, otherwise a view read from its
     * metadata when its kind is {@value #KIND_IMAGE} (an artifact that wraps an image, e.g. docker-save's).
     *
     * @param artifact any artifact
     * @return the image, or empty when the artifact is not an image
     */
    public static Optional<DockerImageArtifact> of(Artifact artifact) {
        if (artifact instanceof DockerImageArtifact image) {
            return Optional.of(image);
        }
        if (!KIND_IMAGE.equals(artifact.kind())) {
            return Optional.empty();
        }
        Map<String, String> metadata = artifact.metadata();
        List<String> tags = new ArrayList<>();
        for (String tag : metadata.getOrDefault(TAGS, "").split(",")) {
            if (!tag.isBlank() && !tags.contains(tag.trim())) {
                tags.add(tag.trim());
            }
        }
        return Optional.of(new DockerImageArtifact(artifact.builderType(), artifact.id(), metadata.get(IMAGE_SHA256),
                tags, metadata.get(DOCKER_HOST)));
    }

    /**
     * The typed view of an image artifact, or a failure saying which artifact this is, from which build, and what
     * {@code component} takes; for the post-processors that work on images.
     *
     * @param context the post-processor's context, for the build's name
     * @param artifact the post-processor's input
     * @param component the post-processor's type, e.g. {@code docker-save}
     * @param verb what it does to an image, e.g. {@code save}
     * @return the image
     * @throws KilnException when the artifact is not an image
     */
    public static DockerImageArtifact require(ComponentContext context, Artifact artifact, String component,
                                              String verb) {
        Optional<DockerImageArtifact> image = of(artifact);
        if (image.isPresent()) {
            return image.get();
        }
        String failure = "Unknown artifact type: " + artifact.builderType() + " ('" + artifact.describe()
                + "', from build '" + context.buildName() + "')\n" + component + " can only " + verb + " Docker "
                + "images (kind " + KIND_IMAGE + "): the artifact of a docker build with commit: true, or of "
                + "docker-tag, docker-import or docker-push. ";
        switch (artifact.kind()) {
            case KIND_DISCARDED -> throw new KilnException(failure + "This build discarded its container "
                    + "(discard: true), so there is no image to " + verb + "; set commit: true instead.");
            case KIND_EXPORT -> throw new KilnException(failure + "This is an exported file system (export_path), "
                    + "not an image; put docker-import before " + component + ", or set commit: true instead.");
            default -> throw new KilnException(failure + "This artifact's kind is '" + artifact.kind() + "'.");
        }
    }

    @Override
    public String builderType() {
        return builderType;
    }

    /** @return {@value #KIND_IMAGE} */
    @Override
    public String kind() {
        return KIND_IMAGE;
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
