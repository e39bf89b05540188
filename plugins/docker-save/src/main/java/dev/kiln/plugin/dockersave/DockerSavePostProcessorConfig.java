package dev.kiln.plugin.dockersave;

/**
 * Configures the {@code docker-save} post-processor: writes the image a docker build committed (or that
 * {@code docker-tag} or {@code docker-import} produced) to a tar file that {@code docker load} reads.
 *
 * <pre>{@code
 * { "type": "docker-save", "path": "out/app-{{user `version`}}.tar" }
 * }</pre>
 *
 * @param path required. The file to write, relative to Kiln's working directory; template functions are rendered.
 *     Missing parent folders are created.
 * @param force whether an existing file at {@code path} is replaced; true by default, as Packer replaces it. With
 *     {@code false} an existing file is an error and is left alone.
 * @param dockerPath accepted for compatibility: Packer's docker binary (default {@code docker}). Kiln talks to the
 *     engine's API and runs no docker command, so another program (such as {@code podman}) is ignored with a warning.
 */
public record DockerSavePostProcessorConfig(String path, Boolean force, String dockerPath) {

    /** Applies defaults; nothing else. */
    public DockerSavePostProcessorConfig {
        force = force == null ? Boolean.TRUE : force;
    }
}
