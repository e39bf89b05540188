package dev.kiln.plugin.docker;

import dev.kiln.docker.engine.DockerImageArtifact;
import dev.kiln.api.Artifact;
import dev.kiln.api.KilnException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a {@code docker} build with {@code export_path} (a flat tar of the container's filesystem) or with
 * {@code discard} (nothing) leaves: kind {@value DockerImageArtifact#KIND_EXPORT} or
 * {@value DockerImageArtifact#KIND_DISCARDED}. Builder type {@code docker}, id {@code Container}, as in Packer; image
 * post-processors such as {@code docker-tag} refuse it ({@code docker-import} turns the tar into an image).
 */
public final class DockerExportArtifact implements Artifact {

    private final Path path;
    private final String dockerHost;

    /**
     * Creates the artifact of an export.
     *
     * @param path the exported tar file, or null for a discarded container
     */
    public DockerExportArtifact(Path path) {
        this(path, null);
    }

    /**
     * Creates the artifact of an export.
     *
     * @param path the exported tar file, or null for a discarded container
     * @param dockerHost the engine the template named, or null; {@code docker-import} imports into the same one
     */
    public DockerExportArtifact(Path path, String dockerHost) {
        this.path = path;
        this.dockerHost = dockerHost == null || dockerHost.isBlank() ? null : dockerHost;
    }

    /**
     * The artifact of a {@code discard: true} build: nothing was kept.
     *
     * @return the artifact
     */
    public static DockerExportArtifact discarded() {
        return new DockerExportArtifact(null);
    }

    /**
     * The exported file.
     *
     * @return the path, or null for a discarded container
     */
    public Path path() {
        return path;
    }

    @Override
    public String builderType() {
        return "docker";
    }

    @Override
    public String id() {
        return "Container";
    }

    @Override
    public List<String> files() {
        return path == null ? List.of() : List.of(path.toString());
    }

    /** @return {@value DockerImageArtifact#KIND_EXPORT}, or {@value DockerImageArtifact#KIND_DISCARDED} */
    @Override
    public String kind() {
        return path == null ? DockerImageArtifact.KIND_DISCARDED : DockerImageArtifact.KIND_EXPORT;
    }

    @Override
    public Map<String, String> metadata() {
        return dockerHost == null ? Map.of() : Map.of(DockerImageArtifact.DOCKER_HOST, dockerHost);
    }

    @Override
    public String describe() {
        return path == null ? "Discarded Docker container (discard: true)" : "Exported Docker file: " + path;
    }

    @Override
    public void destroy() {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new KilnException("Deleting the exported file '" + path + "' failed: " + e.getMessage()
                    + "; delete it yourself.", e);
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
