package dev.kiln.plugin.docker.driver;

import java.util.List;

/**
 * How to commit a container to an image.
 *
 * <p>The image gets the container's configuration (environment, user, working directory, labels, ports, volumes)
 * except that it has no TTY and no open standard input, and its entrypoint and command are {@code entrypoint} and
 * {@code cmd}, normally the base image's, so that the container's run-time {@code --entrypoint} does not leak into
 * the image. Then {@code changes} are applied, as {@code docker commit --change} does.
 *
 * @param author the author, or null
 * @param message the commit message, or null
 * @param changes Dockerfile instructions to apply ({@code CMD}, {@code ENV}, ...), never null
 * @param entrypoint the image's entrypoint; null or empty for none
 * @param cmd the image's command; null or empty for none
 */
public record CommitSpec(String author, String message, List<String> changes, List<String> entrypoint,
                         List<String> cmd) {

    /** Makes defensive copies. */
    public CommitSpec {
        changes = changes == null ? List.of() : List.copyOf(changes);
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        cmd = cmd == null ? null : List.copyOf(cmd);
    }
}
