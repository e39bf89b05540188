package dev.kiln.docker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.api.ConfigProblem;
import org.junit.jupiter.api.Test;

/** Packer's docker_path: the docker CLI under any path changes nothing; another program is named in a warning. */
class DockerCliOptionsTest {

    @Test
    void absentOrTheDockerCliNeedsNoWarning() {
        assertThat(DockerCliOptions.dockerPath(null)).isEmpty();
        assertThat(DockerCliOptions.dockerPath(" ")).isEmpty();
        assertThat(DockerCliOptions.dockerPath("docker")).isEmpty();
        assertThat(DockerCliOptions.dockerPath("/usr/local/bin/docker")).isEmpty();
        assertThat(DockerCliOptions.dockerPath("C:\\Program Files\\Docker\\docker.exe")).isEmpty();
    }

    @Test
    void anotherProgramIsIgnoredWithAWarningThatSaysHowToReachItsEngine() {
        ConfigProblem warning = DockerCliOptions.dockerPath(" /usr/bin/podman ").orElseThrow();

        assertThat(warning.warning()).isTrue();
        assertThat(warning.option()).isEqualTo("docker_path");
        assertThat(warning.message()).isEqualTo("'/usr/bin/podman' is ignored: Kiln talks to the engine's API "
                + "directly and runs no docker command, so it uses the engine that DOCKER_HOST, the current docker "
                + "context or the docker builder's docker_host names; to build with another engine, point DOCKER_HOST "
                + "at its API socket (for podman, the socket of 'podman system service')");
        assertThat(DockerCliOptions.dockerPath("docker-wrapper")).isPresent();
    }
}
