package dev.kiln.docker.engine;

import java.util.List;
import java.util.Map;

/**
 * What {@code docker image inspect} says about an image's configuration.
 *
 * @param id the image ID, {@code sha256:...}
 * @param entrypoint the entrypoint, empty when none
 * @param cmd the command, empty when none
 * @param env the environment, {@code KEY=value}
 * @param user the user, empty when none
 * @param workingDir the working directory, empty when none
 * @param labels the labels
 * @param tty whether containers get a TTY by default
 * @param openStdin whether containers keep standard input open by default
 * @param repoTags the image's {@code repository:tag} names
 */
public record ImageConfig(String id, List<String> entrypoint, List<String> cmd, List<String> env, String user,
                          String workingDir, Map<String, String> labels, boolean tty, boolean openStdin,
                          List<String> repoTags) {

    /** Makes defensive copies and replaces absent values with empty ones. */
    public ImageConfig {
        entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
        cmd = cmd == null ? List.of() : List.copyOf(cmd);
        env = env == null ? List.of() : List.copyOf(env);
        user = user == null ? "" : user;
        workingDir = workingDir == null ? "" : workingDir;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        repoTags = repoTags == null ? List.of() : List.copyOf(repoTags);
    }
}
