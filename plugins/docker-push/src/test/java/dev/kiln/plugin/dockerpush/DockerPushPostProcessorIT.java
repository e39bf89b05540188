package dev.kiln.plugin.dockerpush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.api.KilnException;
import dev.kiln.api.PostProcessContext;
import dev.kiln.api.PostProcessResult;
import dev.kiln.api.Ui;
import dev.kiln.api.testing.RecordingUi;
import dev.kiln.docker.engine.DockerImageArtifact;
import dev.kiln.docker.engine.DockerJavaDriver;
import dev.kiln.docker.engine.TransferListener;
import dev.kiln.docker.engine.RegistryAuth;
import dev.kiln.docker.engine.RegistryCredentials;
import dev.kiln.plugin.docker.testing.TestEngine;
import dev.kiln.plugin.docker.testing.TestRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker-push against the real engine and real registries (Debian's docker-registry on 127.0.0.1). */
@Tag("docker")
class DockerPushPostProcessorIT {

    private static final String USER = "pusher";
    private static final String PASSWORD = "it-Push-s3cret";

    static TestEngine engine;
    static String imageId;
    static TestRegistry withAuth;
    static TestRegistry open;

    @BeforeAll
    static void start(@TempDir Path authDir, @TempDir Path openDir) throws Exception {
        engine = TestEngine.connect();
        imageId = engine.inspectImage(engine.busyboxImage()).id();
        withAuth = TestRegistry.start(authDir, USER, PASSWORD);
        open = TestRegistry.startWithoutAuth(openDir);
    }

    @AfterAll
    static void clean() throws Exception {
        if (withAuth != null) {
            withAuth.close();
        }
        if (open != null) {
            open.close();
        }
        if (engine != null) {
            engine.removeTestObjects();
            engine.close();
        }
    }

    @TempDir
    Path dir;

    private final RecordingUi ui = new RecordingUi();
    private final PostProcessContext context = new PostProcessContext() {
        @Override public Ui ui() { return ui; }
        @Override public String buildName() { return "docker"; }
        @Override public String builderType() { return "docker"; }
        @Override public String render(String template, Map<String, ?> data) { return template; }
    };

    /** The busybox image tagged with each name, as docker-tag leaves it. */
    private static DockerImageArtifact tagged(String... names) {
        for (String name : names) {
            int colon = name.lastIndexOf(':');
            engine.driver().tag(imageId, name.substring(0, colon), name.substring(colon + 1), false);
        }
        return DockerImageArtifact.committed(imageId, null).retagged("docker-tag", names[names.length - 1],
                List.of(names));
    }

    private DockerPushPostProcessor pusher(Map<String, String> environment) {
        return new DockerPushPostProcessor((ctx, host) -> DockerJavaDriver.connect(host),
                () -> RegistryCredentials.of(environment));
    }

    /** An environment with no docker configuration at all. */
    private Map<String, String> bare() {
        return Map.of("HOME", dir.toString(), "PATH", "/usr/bin:/bin");
    }

    private static DockerPushPostProcessorConfig login(String server, String user, String password) {
        return new DockerPushPostProcessorConfig(true, server, user, password, null, null, null, null, null, null,
                null, null, null);
    }

    private static DockerPushPostProcessorConfig noLogin() {
        return new DockerPushPostProcessorConfig(false, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    private static void pullBack(String name) throws Exception {
        engine.driver().removeImage(name, false);
        assertThat(engine.imageExists(name)).isFalse();
        engine.driver().pull(name, null, new RegistryAuth(withAuth.address(), USER, PASSWORD), line -> { },
                Duration.ofMinutes(2));
        assertThat(engine.inspectImage(name).id()).isEqualTo(imageId);
    }

    @Test
    void pushesEveryTagWithLoginCredentialsAndPullsBack() throws Exception {
        String one = withAuth.address() + "/kiln-test/x:1";
        String two = withAuth.address() + "/kiln-test/x:2";
        PostProcessResult result = pusher(bare()).process(context, tagged(one, two),
                login(withAuth.address(), USER, PASSWORD));

        assertThat(withAuth.hasManifest("kiln-test/x", "1")).isTrue();
        assertThat(withAuth.hasManifest("kiln-test/x", "2")).isTrue();
        assertThat(ui.lines().stream().filter(l -> l.startsWith("detail: Pushing: "))).containsExactly(
                "detail: Pushing: " + one, "detail: Pushing: " + two);
        assertThat(ui.lines()).anyMatch(l -> l.startsWith("progress: ") || l.contains(": Pushed")
                || l.contains("Layer already exists"));
        assertThat(String.join("\n", ui.lines())).doesNotContain(PASSWORD);
        assertThat(result.artifact().id()).isEqualTo(two);
        assertThat(result.artifact().builderType()).isEqualTo("docker-import");
        pullBack(one);
    }

    @Test
    void pushesToARegistryWithoutAuthWithoutCredentials() throws Exception {
        String name = open.address() + "/kiln-test/open:1";
        pusher(bare()).process(context, tagged(name), noLogin());
        assertThat(open.hasManifest("kiln-test/open", "1")).isTrue();
        assertThat(ui.lines()).noneMatch(l -> l.contains("Using the credentials"));
    }

    @Test
    void usesTheCredentialsOfATemporaryDockerConfig() throws Exception {
        Path config = Files.createDirectories(dir.resolve("docker-config"));
        Files.writeString(config.resolve("config.json"), "{\"auths\":{\"" + withAuth.address() + "\":{\"auth\":\""
                + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8))
                + "\"}}}");
        String name = withAuth.address() + "/kiln-test/from-config:1";

        pusher(Map.of("DOCKER_CONFIG", config.toString(), "PATH", "/usr/bin:/bin"))
                .process(context, tagged(name), noLogin());

        assertThat(withAuth.hasManifest("kiln-test/from-config", "1")).isTrue();
        assertThat(ui.lines()).contains("detail: Using the credentials of '" + USER + "' for '" + withAuth.address()
                + "' (auths in " + config.resolve("config.json") + ")");
    }

    @Test
    void usesACredentialHelperOnPath() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path helper = bin.resolve("docker-credential-test");
        Files.writeString(helper, String.join("\n",
                "#!/bin/sh",
                "read server",
                "echo \"$1 $server\" >> \"" + dir.resolve("asked") + "\"",
                "printf '{\"ServerURL\":\"%s\",\"Username\":\"" + USER + "\",\"Secret\":\"" + PASSWORD + "\"}' "
                        + "\"$server\"", ""));
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwx------"));
        Path config = Files.createDirectories(dir.resolve("docker-config"));
        Files.writeString(config.resolve("config.json"),
                "{\"credHelpers\":{\"" + withAuth.address() + "\":\"test\"}}");
        Map<String, String> environment = new HashMap<>();
        environment.put("DOCKER_CONFIG", config.toString());
        environment.put("PATH", bin + ":/usr/bin:/bin");
        String name = withAuth.address() + "/kiln-test/from-helper:1";

        pusher(environment).process(context, tagged(name), noLogin());

        assertThat(withAuth.hasManifest("kiln-test/from-helper", "1")).isTrue();
        assertThat(Files.readString(dir.resolve("asked"))).isEqualTo("get " + withAuth.address() + "\n");
        assertThat(ui.lines()).contains("detail: Using the credentials of '" + USER + "' for '" + withAuth.address()
                + "' (docker-credential-test (credHelpers))");
        assertThat(String.join("\n", ui.lines())).doesNotContain(PASSWORD);
    }

    @Test
    void pushesWithAnIdentityTokenFromACredentialHelperToARegistryWithTokenAuth(@TempDir Path registryDir)
            throws Exception {
        String token = "it-Push-id3ntity-t0ken";
        try (TestRegistry tokens = TestRegistry.startWithTokenAuth(registryDir, USER, PASSWORD, token)) {
            Path bin = Files.createDirectories(dir.resolve("bin"));
            Path helper = bin.resolve("docker-credential-tokens");
            Files.writeString(helper, String.join("\n",
                    "#!/bin/sh",
                    "read server",
                    "printf '{\"ServerURL\":\"%s\",\"Username\":\"<token>\",\"Secret\":\"" + token + "\"}' "
                            + "\"$server\"", ""));
            Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwx------"));
            Path config = Files.createDirectories(dir.resolve("docker-config"));
            Files.writeString(config.resolve("config.json"), "{\"credsStore\":\"tokens\"}");
            String name = tokens.address() + "/kiln-test/from-token:1";

            pusher(Map.of("DOCKER_CONFIG", config.toString(), "PATH", bin + ":/usr/bin:/bin"))
                    .process(context, tagged(name), noLogin());

            assertThat(tokens.tokens().grants()).as("the push's access token came from the identity token")
                    .contains("refresh_token").doesNotContain("basic " + USER);
            assertThat(ui.lines()).contains("detail: Using an identity token for '" + tokens.address()
                    + "' (docker-credential-tokens (credsStore))");
            assertThat(String.join("\n", ui.lines())).doesNotContain(token);
            engine.driver().removeImage(name, false);
            engine.driver().pull(name, null, RegistryAuth.ofIdentityToken(tokens.address(), token), line -> { },
                    Duration.ofMinutes(2));
            assertThat(engine.inspectImage(name).id()).as("pulled back with the token").isEqualTo(imageId);
        }
    }

    @Test
    void aWrongPasswordFailsWithTheRegistrysAnswerAndNoPassword() {
        String wrong = "Wrong-pa55word";
        String name = withAuth.address() + "/kiln-test/wrong:1";
        assertThatThrownBy(() -> pusher(bare()).process(context, tagged(name), login(withAuth.address(), USER, wrong)))
                .isInstanceOf(KilnException.class)
                .hasMessageStartingWith("Pushing '" + name + "' to '" + withAuth.address() + "' failed: ")
                .hasMessageContaining("unauthorized")
                .hasMessageContaining("check the credentials for '" + withAuth.address() + "'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain(Base64.getEncoder()
                        .encodeToString((USER + ":" + wrong).getBytes(StandardCharsets.UTF_8))));
        assertThat(String.join("\n", ui.lines())).doesNotContain(wrong);
    }

    @Test
    void noCredentialsForARegistryThatWantsThemSaysHowToGiveThem() {
        String name = withAuth.address() + "/kiln-test/anonymous:1";
        assertThatThrownBy(() -> pusher(bare()).process(context, tagged(name), noLogin()))
                .hasMessageContaining("the registry wants credentials");
    }

    @Test
    void aRegistryThatIsDownIsNamed() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String address = "127.0.0.1:" + port;
        String name = address + "/kiln-test/down:1";
        assertThatThrownBy(() -> pusher(bare()).process(context, tagged(name), noLogin()))
                .isInstanceOf(KilnException.class)
                .hasMessageStartingWith("Pushing '" + name + "' to '" + address + "' failed: ")
                .hasMessageEndingWith("the registry at '" + address + "' does not answer; check the address and "
                        + "that it is running.");
    }
}
