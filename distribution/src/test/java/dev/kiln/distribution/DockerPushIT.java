package dev.kiln.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.plugin.docker.testing.TestRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged bin/kiln commits, tags and pushes to a registry with credentials that no output or log shows. */
class DockerPushIT extends EngineTest {

    private static final String PASSWORD = "e2e-Push-p4ss";

    private static final String TEMPLATE = """
            {
              "variables": { "password": "%s" },
              "sensitive-variables": ["password"],
              "builders": [ { "type": "docker", "image": "BASE", "pull": false, "commit": true } ],
              "provisioners": [ { "type": "shell", "inline": ["echo pushed > /pushed.txt"] } ],
              "post-processors": [ [
                { "type": "docker-tag", "repository": "%s/kiln-test/e2e-push", "tags": ["1", "latest"] },
                { "type": "docker-push", "login": true, "login_server": "%s", "login_username": "e2e-user",
                  "login_password": "{{user `password`}}" }
              ] ]
            }
            """;

    @Test
    void commitTagAndPushWithLoginAndNoSecretInAnyOutput(@TempDir Path registryDir) throws Exception {
        try (TestRegistry registry = TestRegistry.start(registryDir, "e2e-user", PASSWORD)) {
            String address = registry.address();
            template(TEMPLATE.formatted(PASSWORD, address, address));

            KilnProcess.Result result = KilnProcess.start(work, Map.of("KILN_LOG", "debug",
                    "DOCKER_CONFIG", work.resolve("no-docker-config").toString()), "build", "-color=false",
                    "template.json").await(Duration.ofMinutes(3));

            assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
            String repository = address + "/kiln-test/e2e-push";
            assertThat(result.stdout()).contains("==> docker: Running post-processor: docker-push",
                    "    docker (docker-push): Pushing: " + repository + ":1",
                    "    docker (docker-push): Pushing: " + repository + ":latest",
                    "    docker (docker-push): Using the credentials of 'e2e-user' for '" + address
                            + "' (login_username)");
            assertThat(result.stdout().split("Pushing: " + repository + ":latest", -1)).as("each tag pushed once")
                    .hasSize(2);
            assertThat(registry.hasManifest("kiln-test/e2e-push", "1")).isTrue();
            assertThat(registry.hasManifest("kiln-test/e2e-push", "latest")).isTrue();
            String everything = result.stdout() + result.stderr();
            assertThat(everything).doesNotContain(PASSWORD)
                    .doesNotContain(Base64.getEncoder().encodeToString(
                            ("e2e-user:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                    .doesNotContain(Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8)))
                    .doesNotContain("X-Registry-Auth");
            assertThat(result.stderr()).as("the diagnostic log is on").contains("DEBUG");
        }
    }

    @Test
    void aRegistryThatIsDownIsNamedAndTheBuildFails() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String address = "127.0.0.1:" + port;
        template(TEMPLATE.formatted(PASSWORD, address, address));

        KilnProcess.Result result = KilnProcess.start(work, Map.of(), "build", "-color=false", "template.json")
                .await(Duration.ofMinutes(3));

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isEqualTo(1);
        assertThat(result.stdout() + result.stderr()).contains("Pushing '" + address + "/kiln-test/e2e-push:1' to '"
                + address + "' failed: ", "the registry at '" + address + "' does not answer")
                .doesNotContain(PASSWORD);
    }
}
