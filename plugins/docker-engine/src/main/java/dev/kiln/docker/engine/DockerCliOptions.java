package dev.kiln.docker.engine;

import dev.kiln.api.ConfigProblem;
import java.util.Optional;

/**
 * Options of Packer's docker components that steer the docker command line, which Kiln does not run: it talks to the
 * engine's API directly. The components accept them, so Packer templates run unchanged, and say once, when the
 * template is validated, when a value has no effect.
 */
public final class DockerCliOptions {

    /** The option naming the docker binary, on Packer's docker builder and its four docker post-processors. */
    public static final String DOCKER_PATH = "docker_path";

    private DockerCliOptions() {
    }

    /**
     * The warning for a {@code docker_path} value, if it needs one.
     *
     * <p>None when it is absent or names the docker CLI ({@code docker}, or a path to a file of that name): that CLI
     * would reach the engine Kiln reaches, found the same way ({@code DOCKER_HOST}, the current docker context, the
     * default socket), so nothing changes. Any other program (such as {@code podman}) is ignored with a warning that
     * says how to reach that program's engine instead.
     *
     * @param dockerPath the option's value, or null
     * @return the warning about {@value #DOCKER_PATH}, or empty
     */
    public static Optional<ConfigProblem> dockerPath(String dockerPath) {
        if (dockerPath == null || dockerPath.isBlank() || isDockerCli(dockerPath.trim())) {
            return Optional.empty();
        }
        return Optional.of(ConfigProblem.warning(DOCKER_PATH, "'" + dockerPath.trim() + "' is ignored: Kiln talks "
                + "to the engine's API directly and runs no docker command, so it uses the engine that DOCKER_HOST, "
                + "the current docker context or the docker builder's docker_host names; to build with another "
                + "engine, point DOCKER_HOST at its API socket (for podman, the socket of 'podman system service')"));
    }

    private static boolean isDockerCli(String path) {
        String name = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
        return name.equals("docker") || name.equals("docker.exe");
    }
}
