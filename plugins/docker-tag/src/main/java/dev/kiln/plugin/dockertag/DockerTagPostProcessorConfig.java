package dev.kiln.plugin.dockertag;

import java.util.List;

/**
 * Configures the {@code docker-tag} post-processor: names the image a docker build committed (or that an earlier
 * {@code docker-tag} or {@code docker-import} produced) {@code repository:tag}, once per tag.
 *
 * <pre>{@code
 * { "type": "docker-tag", "repository": "acme/app", "tags": ["1.0", "latest"] }
 * }</pre>
 *
 * @param repository required. The repository, e.g. {@code acme/app} or {@code registry.example.com:5000/team/app};
 *     lower-case. Without tags the image is named {@code repository} (that is, {@code repository:latest}).
 * @param tag deprecated: a single tag, added after {@code tags} with a warning; use {@code tags}.
 * @param tags the tags, in order; a single comma-separated string such as {@code "1.0,latest"} also works. The
 *     resulting artifact's id is the last {@code repository:tag}.
 * @param force accepted for compatibility and ignored: engines since Docker 1.12 always move an existing tag.
 * @param dockerPath accepted for compatibility: Packer's docker binary (default {@code docker}). Kiln talks to the
 *     engine's API and runs no docker command, so another program (such as {@code podman}) is ignored with a warning.
 */
public record DockerTagPostProcessorConfig(String repository, String tag, List<String> tags, Boolean force,
                                           String dockerPath) {

    /** Makes a defensive copy and applies defaults; nothing else. */
    public DockerTagPostProcessorConfig {
        tags = tags == null ? List.of() : List.copyOf(tags);
        force = force == null ? Boolean.FALSE : force;
    }
}
