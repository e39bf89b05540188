package dev.kiln.plugin.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.api.KilnException;
import dev.kiln.api.testing.RecordingUi;
import dev.kiln.docker.engine.DockerJavaDriver;
import dev.kiln.plugin.docker.testing.TestBuildContext;
import dev.kiln.plugin.docker.testing.TestEngine;
import dev.kiln.plugin.docker.testing.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docker builder pulls a private base image with the credentials the docker CLI keeps, as {@code docker pull}
 * does, with no {@code login*} in the template: a password in {@code auths} against a registry with basic auth, and
 * an identity token from a credential helper against a registry with token auth. The docker configuration is a
 * temporary {@code DOCKER_CONFIG}, handed to the builder's own look-up as its environment.
 */
@Tag("docker")
class StoredCredentialsIT {

    private static final String USER = "kiln-stored";
    private static final String PASSWORD = "St0red-p4ss";
    private static final String IDENTITY_TOKEN = "Id3ntity-t0ken-kiln";

    static TestEngine engine;
    static TestRegistry basic;
    static TestRegistry tokens;
    static String basicImage;
    static String tokenImage;

    @TempDir
    static Path basicDir;
    @TempDir
    static Path tokenDir;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        engine = TestEngine.connect();
        String busybox = engine.busyboxImage();
        basic = TestRegistry.start(basicDir, USER, PASSWORD);
        basicImage = basic.push(busybox, TestEngine.REPOSITORY_PREFIX + "stored", "1");
        tokens = TestRegistry.startWithTokenAuth(tokenDir, USER, PASSWORD, IDENTITY_TOKEN);
        tokenImage = tokens.push(busybox, TestEngine.REPOSITORY_PREFIX + "stored-token", "1");
    }

    @AfterAll
    static void stop() throws Exception {
        for (TestRegistry registry : new TestRegistry[] {basic, tokens}) {
            if (registry != null) {
                registry.close();
            }
        }
        if (engine != null) {
            engine.removeTestObjects();
            engine.close();
        }
    }

    private static DockerBuilderConfig pulling(String image) {
        return new DockerBuilderConfig(image, true, false, true, null, null, null, null, null, false, null, null,
                null, null, null, null, null, null, null, null, false, null, null, null, null, false, null, null);
    }

    /** The builder as templates get it, with {@code environment} instead of the process's. */
    private static DockerBuilder builder(Map<String, String> environment) {
        return new DockerBuilder((context, host) -> dev.kiln.docker.engine.DockerEngines.forBuild(context, host),
                DockerBuilder.storedCredentials(() -> environment));
    }

    /** A {@code DOCKER_CONFIG} folder holding {@code config}, and a {@code PATH} with {@code bin} first. */
    private Map<String, String> dockerConfig(String config) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("docker-config"));
        Files.writeString(folder.resolve("config.json"), config);
        return Map.of("DOCKER_CONFIG", folder.toString(), "HOME", dir.toString(),
                "PATH", dir.resolve("bin") + ":/usr/bin:/bin");
    }

    private static String auths(String registry, String user, String password) {
        return "{ \"auths\": { \"" + registry + "\": { \"auth\": \"" + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8)) + "\" } } }";
    }

    @Test
    void thePullUsesThePasswordInTheDockerConfigurationsAuths() throws Exception {
        engine.driver().removeImage(basicImage, false);
        assertThat(engine.imageExists(basicImage)).isFalse();
        RecordingUi ui = new RecordingUi();

        builder(dockerConfig(auths(basic.address(), USER, PASSWORD)))
                .build(new TestBuildContext(ui, c -> { }), pulling(basicImage));

        assertThat(engine.imageExists(basicImage)).isTrue();
        assertThat(ui.lines()).contains("say: Pulling Docker image: " + basicImage,
                "detail: Using the credentials of '" + USER + "' for '" + basic.address() + "'");
        assertThat(ui.text()).doesNotContain(PASSWORD);
    }

    @Test
    void aWrongStoredPasswordFailsWithTheRegistrysAnswerAndNoPassword() throws Exception {
        engine.driver().removeImage(basicImage, false);
        String wrong = "Wr0ng-st0red-p4ss";
        RecordingUi ui = new RecordingUi();

        assertThatThrownBy(() -> builder(dockerConfig(auths(basic.address(), USER, wrong)))
                .build(new TestBuildContext(ui, c -> { }), pulling(basicImage)))
                .isInstanceOf(KilnException.class)
                .hasMessageStartingWith("Pulling image '" + basicImage + "' failed at '")
                .hasMessageContaining("unauthorized")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain(Base64.getEncoder()
                        .encodeToString((USER + ":" + wrong).getBytes(StandardCharsets.UTF_8))));
        assertThat(ui.text()).doesNotContain(wrong);
        assertThat(engine.imageExists(basicImage)).isFalse();
    }

    @Test
    void anIdentityTokenFromACredentialHelperPullsFromARegistryWithTokenAuth() throws Exception {
        engine.driver().removeImage(tokenImage, false);
        helper(IDENTITY_TOKEN);
        int before = tokens.tokens().grants().size();
        RecordingUi ui = new RecordingUi();

        builder(dockerConfig("{ \"credHelpers\": { \"" + tokens.address() + "\": \"kiln-test\" } }"))
                .build(new TestBuildContext(ui, c -> { }), pulling(tokenImage));

        assertThat(engine.imageExists(tokenImage)).isTrue();
        assertThat(ui.lines()).contains("detail: Using an identity token for '" + tokens.address() + "'");
        assertThat(tokens.tokens().grants().subList(before, tokens.tokens().grants().size()))
                .as("the engine traded the identity token for the pull's access token").containsOnly("refresh_token")
                .isNotEmpty();
        assertThat(ui.text()).doesNotContain(IDENTITY_TOKEN);
    }

    @Test
    void aWrongIdentityTokenIsRefusedAndNeverShown() throws Exception {
        engine.driver().removeImage(tokenImage, false);
        String wrong = "Wr0ng-identity-t0ken";
        helper(wrong);
        RecordingUi ui = new RecordingUi();

        assertThatThrownBy(() -> builder(dockerConfig("{ \"credsStore\": \"kiln-test\" }"))
                .build(new TestBuildContext(ui, c -> { }), pulling(tokenImage)))
                .isInstanceOf(KilnException.class)
                .hasMessageStartingWith("Pulling image '" + tokenImage + "' failed at '")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong));
        assertThat(ui.text()).doesNotContain(wrong);
        assertThat(engine.imageExists(tokenImage)).isFalse();
    }

    /** {@code docker-credential-kiln-test}, answering the user {@code <token>} with {@code token} as secret. */
    private void helper(String token) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path helper = bin.resolve("docker-credential-kiln-test");
        Files.writeString(helper, String.join("\n",
                "#!/bin/sh",
                "[ \"$1\" = get ] || exit 3",
                "read server",
                "printf '{\"ServerURL\":\"%s\",\"Username\":\"<token>\",\"Secret\":\"" + token + "\"}\\n' \"$server\"",
                ""));
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwx------"));
    }
}
