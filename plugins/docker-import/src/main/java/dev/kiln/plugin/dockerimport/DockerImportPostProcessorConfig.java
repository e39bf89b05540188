package dev.kiln.plugin.dockerimport;

import java.util.List;

/**
 * Configures the {@code docker-import} post-processor: turns the flat file-system tar a docker build wrote with
 * {@code export_path} into an image, as {@code docker import} does.
 *
 * <pre>{@code
 * { "type": "docker-import", "repository": "acme/app", "tag": "1.0", "changes": ["CMD [\"/app\"]", "ENV A=1"] }
 * }</pre>
 *
 * @param repository the repository to name the image, e.g. {@code acme/app}; lower-case. Without it the image is
 *     untagged and the artifact's id is the image ID.
 * @param tag the tag, appended as {@code :tag}; {@code latest} when absent
 * @param changes Dockerfile instructions applied to the image ({@code CMD}, {@code ENTRYPOINT}, {@code ENV},
 *     {@code EXPOSE}, {@code LABEL}, {@code ONBUILD}, {@code USER}, {@code VOLUME}, {@code WORKDIR}), as
 *     {@code docker import --change}
 * @param platform the platform to import for, e.g. {@code linux/arm64}; the engine's own when absent
 * @param dockerPath accepted for compatibility: Packer's docker binary (default {@code docker}). Kiln talks to the
 *     engine's API and runs no docker command, so another program (such as {@code podman}) is ignored with a warning.
 */
public record DockerImportPostProcessorConfig(String repository, String tag, List<String> changes, String platform,
                                              String dockerPath) {

    /** Makes a defensive copy and applies defaults; nothing else. */
    public DockerImportPostProcessorConfig {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }
}
