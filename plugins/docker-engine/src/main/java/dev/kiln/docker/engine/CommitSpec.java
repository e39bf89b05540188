package dev.kiln.docker.engine;

import java.util.List;

/**
 * How to commit a container to an image.
 *
 * <p>The image gets the container's configuration (environment, user, working directory, labels, ports, volumes)
 * except that it has no TTY and no open standard input, and its entrypoint and command are {@code entrypoint} and
 * {@code cmd}, normally the base image's, so that the container's run-time {@code --entrypoint} does not leak into
 * the image. Then {@code changes} are applied, as {@code docker commit --change} does.
 *
 * <p>An image without an entrypoint ({@code null}, as the base image has it) is only possible when the container has
 * none either: the engine's commit fills a null entrypoint in from the container, so the driver then sends an empty
 * one ({@code []}), which runs the same. And when the entrypoint is empty the engine takes an empty {@code cmd} from
 * the container, so a container with no entrypoint needs a non-empty {@code cmd}; the builder therefore runs its
 * container without an entrypoint only when the base image has none and has a command.
 *
 * @param author the author, or null
 * @param message the commit message, or null
 * @param changes Dockerfile instructions to apply ({@code CMD}, {@code ENV}, ...), never null
 * @param entrypoint the image's entrypoint; null or empty for none (see above for when the image gets {@code null})
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
