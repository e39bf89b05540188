package dev.kiln.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.plugin.docker.testing.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged bin/kiln pulls from a registry that needs credentials, and never shows them, not even in KILN_LOG. */
class RegistryLoginIT extends EngineTest {

    private static final String PASSWORD = "e2e-Secret-p4ss";

    @Test
    void loginPullsWithCredentialsThatNoOutputOrLogShows(@TempDir Path registryDir) throws Exception {
        try (TestRegistry registry = TestRegistry.start(registryDir, "e2e-user", PASSWORD)) {
            String image = registry.push(base, "kiln-test/e2e-private", "1");
            engine.driver().removeImage(image, false);
            template("""
                    {
                      "variables": { "password": "%s" },
                      "sensitive-variables": ["password"],
                      "builders": [ { "type": "docker", "image": "%s", "discard": true, "login": true,
                                      "login_server": "%s", "login_username": "e2e-user",
                                      "login_password": "{{user `password`}}" } ],
                      "provisioners": [ { "type": "shell", "inline": ["echo pulled and ran"] } ]
                    }
                    """.formatted(PASSWORD, image, registry.address()));

            KilnProcess.Result result = KilnProcess.start(work, Map.of("KILN_LOG", "debug"), "build",
                    "-color=false", "template.json").await(Duration.ofMinutes(2));

            assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
            assertThat(result.stdout()).contains("==> docker: Pulling Docker image: " + image,
                    "    docker: pulled and ran");
            String everything = result.stdout() + result.stderr();
            assertThat(everything).doesNotContain(PASSWORD)
                    .doesNotContain(Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8)))
                    .doesNotContain("X-Registry-Auth");
            assertThat(result.stderr()).as("the diagnostic log is on").contains("DEBUG");
        }
    }

    @Test
    void withoutLoginThePullUsesTheCredentialsOfTheDockerConfigurationThatDockerConfigNames(
            @TempDir Path registryDir) throws Exception {
        try (TestRegistry registry = TestRegistry.start(registryDir, "e2e-user", PASSWORD)) {
            String image = registry.push(base, "kiln-test/e2e-stored", "1");
            engine.driver().removeImage(image, false);
            Path dockerConfig = work.resolve("docker-config");
            String auth = storeCredentials(dockerConfig, registry);
            template("""
                    {
                      "builders": [ { "type": "docker", "image": "%s", "pull": true, "discard": true } ],
                      "provisioners": [ { "type": "shell", "inline": ["echo pulled with stored credentials"] } ]
                    }
                    """.formatted(image));

            KilnProcess.Result result = KilnProcess.start(work, Map.of("KILN_LOG", "debug",
                    "DOCKER_CONFIG", dockerConfig.toString()), "build", "-color=false", "template.json")
                    .await(Duration.ofMinutes(2));

            assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
            assertThat(result.stdout()).contains("==> docker: Pulling Docker image: " + image,
                    "    docker: Using the credentials of 'e2e-user' for '" + registry.address() + "'",
                    "    docker: pulled with stored credentials");
            assertThat(result.stdout() + result.stderr()).doesNotContain(PASSWORD).doesNotContain(auth)
                    .doesNotContain("X-Registry-Auth");
        }
    }

    @Test
    void theWireLogShowsTheRegistryAuthHeaderMaskedEvenForCredentialsNoTemplateNames(@TempDir Path registryDir)
            throws Exception {
        try (TestRegistry registry = TestRegistry.start(registryDir, "e2e-user", PASSWORD)) {
            String image = registry.push(base, "kiln-test/e2e-wire", "1");
            engine.driver().removeImage(image, false);
            Path dockerConfig = work.resolve("docker-config");
            String auth = storeCredentials(dockerConfig, registry);
            template("""
                    {
                      "builders": [ { "type": "docker", "image": "%s", "pull": true, "discard": true } ],
                      "provisioners": [ { "type": "shell", "inline": ["echo pulled"] } ]
                    }
                    """.formatted(image));

            KilnProcess.Result result = KilnProcess.start(work, Map.of("KILN_LOG", "debug,wire",
                    "DOCKER_CONFIG", dockerConfig.toString()), "build", "-color=false", "template.json")
                    .await(Duration.ofMinutes(2));

            assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
            assertThat(result.stderr()).as("the wire log is on").contains("http.wire", "http.headers")
                    .contains("X-Registry-Auth: <sensitive>");
            assertThat(java.util.regex.Pattern.compile("(?i)X-Registry-Auth: (?!<sensitive>)").matcher(
                    result.stderr()).find()).as("an unmasked X-Registry-Auth header").isFalse();
            assertThat(result.stdout() + result.stderr()).doesNotContain(PASSWORD).doesNotContain(auth);
        }
    }

    /** Writes a Docker configuration into {@code dockerConfig} with e2e-user's password in {@code auths}; returns it. */
    private static String storeCredentials(Path dockerConfig, TestRegistry registry) throws java.io.IOException {
        String auth = Base64.getEncoder().encodeToString(("e2e-user:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        Files.writeString(Files.createDirectories(dockerConfig).resolve("config.json"),
                "{ \"auths\": { \"" + registry.address() + "\": { \"auth\": \"" + auth + "\" } } }");
        return auth;
    }
}
