package dev.kiln.plugin.dockerpush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.api.Artifact;
import dev.kiln.api.KilnException;
import dev.kiln.api.PostProcessContext;
import dev.kiln.api.PostProcessResult;
import dev.kiln.api.Ui;
import dev.kiln.api.testing.RecordingUi;
import dev.kiln.docker.engine.DockerImageArtifact;
import dev.kiln.docker.engine.RegistryCredentials;
import dev.kiln.plugin.docker.DockerExportArtifact;
import dev.kiln.plugin.docker.testing.FakeDockerDriver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerPushPostProcessorTest {

    private static final String IMAGE = "sha256:" + "a".repeat(64);

    @TempDir
    Path dir;

    private final FakeDockerDriver driver = new FakeDockerDriver();
    private final List<String> hosts = new ArrayList<>();
    private Map<String, String> environment = Map.of("HOME", "/nonexistent-kiln-home");
    private final DockerPushPostProcessor pusher = new DockerPushPostProcessor((ctx, host) -> {
        hosts.add(host);
        return driver;
    }, () -> RegistryCredentials.of(environment));
    private final RecordingUi ui = new RecordingUi();
    private final PostProcessContext context = new PostProcessContext() {
        @Override public Ui ui() { return ui; }
        @Override public String buildName() { return "docker"; }
        @Override public String builderType() { return "docker"; }
        @Override public String render(String template, Map<String, ?> data) { return template; }
    };

    private static DockerPushPostProcessorConfig login(String server, String user, String password) {
        return new DockerPushPostProcessorConfig(true, server, user, password, null, null, null, null, null, null,
                null, null, null);
    }

    private static DockerPushPostProcessorConfig noLogin() {
        return new DockerPushPostProcessorConfig(false, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    private static DockerImageArtifact tagged(String... names) {
        return DockerImageArtifact.committed(IMAGE, "tcp://h:2375")
                .retagged("docker-tag", names[names.length - 1], List.of(names));
    }

    private List<String> check(DockerPushPostProcessorConfig config) {
        return pusher.check(config).stream()
                .map(p -> (p.warning() ? "warning " : "") + p.option() + ": " + p.message()).toList();
    }

    @Test
    void identity() {
        assertThat(pusher.type()).isEqualTo("docker-push");
        assertThat(pusher.configType()).isEqualTo(DockerPushPostProcessorConfig.class);
    }

    @Test
    void pushesEveryTagOnceWithTheLoginCredentials() throws Exception {
        PostProcessResult result = pusher.process(context, tagged("127.0.0.1:5000/acme/app:1",
                "127.0.0.1:5000/acme/app:latest"), login("127.0.0.1:5000", "ci", "s3cret"));

        assertThat(driver.calls()).containsExactly(
                "push 127.0.0.1:5000/acme/app:1 as ci@127.0.0.1:5000",
                "push 127.0.0.1:5000/acme/app:latest as ci@127.0.0.1:5000");
        assertThat(hosts).containsExactly("tcp://h:2375");
        assertThat(driver.closes()).isEqualTo(1);
        assertThat(ui.lines()).contains("detail: Pushing: 127.0.0.1:5000/acme/app:1",
                "detail: Using the credentials of 'ci' for '127.0.0.1:5000' (login_username)",
                "detail: 0123456789ab: Pushed");
        assertThat(String.join("\n", ui.lines())).doesNotContain("s3cret");
        assertThat(result.keepInput()).isTrue();
        assertThat(result.keepInputForced()).isFalse();
        Artifact pushed = result.artifact();
        assertThat(pushed.builderType()).isEqualTo("docker-import");
        assertThat(pushed.id()).isEqualTo("127.0.0.1:5000/acme/app:latest");
        assertThat(pushed.metadata())
                .containsEntry(DockerImageArtifact.IMAGE_SHA256, IMAGE)
                .containsEntry(DockerImageArtifact.TAGS, "127.0.0.1:5000/acme/app:1,127.0.0.1:5000/acme/app:latest")
                .containsEntry(DockerImageArtifact.DOCKER_HOST, "tcp://h:2375");
    }

    @Test
    void anImportedImageIsPushedByItsIdAndNeverTwice() throws Exception {
        Artifact imported = new Artifact() {
            @Override public String builderType() { return "docker-import"; }
            @Override public String id() { return "r:1/acme/imported:1"; }
            @Override public List<String> files() { return List.of(); }
            @Override public String kind() { return DockerImageArtifact.KIND_IMAGE; }
            @Override public Map<String, String> metadata() {
                return Map.of(DockerImageArtifact.TAGS, "r:1/acme/imported:1,r:1/acme/imported:1");
            }
            @Override public String describe() { return "Imported Docker image: r:1/acme/imported:1"; }
            @Override public void destroy() { }
        };
        PostProcessResult result = pusher.process(context, imported, noLogin());
        assertThat(driver.calls()).containsExactly("push r:1/acme/imported:1");
        assertThat(result.artifact().id()).isEqualTo("r:1/acme/imported:1");
    }

    @Test
    void loginCredentialsGoOnlyToTheirServer() throws Exception {
        pusher.process(context, tagged("127.0.0.1:5000/a:1", "other.example.com/a:1"),
                login("http://127.0.0.1:5000/v2/", "ci", "p"));
        assertThat(driver.calls()).containsExactly("push 127.0.0.1:5000/a:1 as ci@http://127.0.0.1:5000/v2/",
                "push other.example.com/a:1");
    }

    @Test
    void withoutLoginServerTheCredentialsAreForEachNamesRegistry() throws Exception {
        pusher.process(context, tagged("127.0.0.1:5000/a:1", "acme/a:1"), login(null, "ci", "p"));
        assertThat(driver.calls()).containsExactly("push 127.0.0.1:5000/a:1 as ci@127.0.0.1:5000",
                "push acme/a:1 as ci@" + RegistryCredentials.DOCKER_HUB);
    }

    @Test
    void withoutLoginTheDockerConfigurationsCredentialsAreUsed() throws Exception {
        Path config = Files.createDirectories(dir.resolve("docker"));
        Files.writeString(config.resolve("config.json"), "{\"auths\":{\"127.0.0.1:5000\":{\"auth\":\""
                + Base64.getEncoder().encodeToString("stored:pw".getBytes(StandardCharsets.UTF_8)) + "\"}}}");
        environment = Map.of("DOCKER_CONFIG", config.toString());

        pusher.process(context, tagged("127.0.0.1:5000/a:1", "127.0.0.1:6000/a:1"), noLogin());

        assertThat(driver.calls()).containsExactly("push 127.0.0.1:5000/a:1 as stored@127.0.0.1:5000",
                "push 127.0.0.1:6000/a:1");
        assertThat(ui.lines()).anyMatch(line -> line.startsWith(
                "detail: Using the credentials of 'stored' for '127.0.0.1:5000' (auths in "));
    }

    @Test
    void aStoredIdentityTokenGoesWithThePushAndIsNeverShown() throws Exception {
        Path config = Files.createDirectories(dir.resolve("docker"));
        Files.writeString(config.resolve("config.json"), "{\"auths\":{\"127.0.0.1:5000\":{\"identitytoken\":"
                + "\"id-T0ken-secret\"}}}");
        environment = Map.of("DOCKER_CONFIG", config.toString());

        pusher.process(context, tagged("127.0.0.1:5000/a:1"), noLogin());

        assertThat(driver.calls()).containsExactly("push 127.0.0.1:5000/a:1 as <token>@127.0.0.1:5000");
        assertThat(ui.lines()).anyMatch(line -> line.startsWith(
                "detail: Using an identity token for '127.0.0.1:5000' (auths in "));
        assertThat(String.join("\n", ui.lines())).doesNotContain("id-T0ken-secret");
    }

    @Test
    void aFailedPushFailsThePostProcessorAndClosesTheDriver() {
        driver.failOn("push", "Pushing '127.0.0.1:5000/a:1' to '127.0.0.1:5000' failed: unauthorized.");
        assertThatThrownBy(() -> pusher.process(context, tagged("127.0.0.1:5000/a:1", "127.0.0.1:5000/a:2"),
                login("127.0.0.1:5000", "ci", "p")))
                .isInstanceOf(KilnException.class).hasMessageContaining("unauthorized");
        assertThat(driver.calls()).as("stops at the first failure").hasSize(1);
        assertThat(driver.closes()).isEqualTo(1);
    }

    @Test
    void anImageWithoutNamesIsRefusedSayingToTagIt() {
        assertThatThrownBy(() -> pusher.process(context, DockerImageArtifact.committed(IMAGE, null), noLogin()))
                .hasMessageStartingWith("Image '" + IMAGE + "' has no name to push; put a docker-tag post-processor "
                        + "before docker-push");
        assertThat(driver.calls()).isEmpty();
    }

    @Test
    void refusesFilesLikePacker() {
        assertThatThrownBy(() -> pusher.process(context, new DockerExportArtifact(Path.of("/tmp/image.tar")),
                noLogin())).hasMessageStartingWith("Unknown artifact type: docker ('Exported Docker file: "
                + "/tmp/image.tar', from build '").hasMessageContaining("docker-push can only push Docker images")
                .hasMessageEndingWith("put docker-import before docker-push, or set commit: true instead.");
        Artifact file = new Artifact() {
            @Override public String builderType() { return "file"; }
            @Override public String id() { return "out.txt"; }
            @Override public List<String> files() { return List.of("out.txt"); }
            @Override public Map<String, String> metadata() { return Map.of(); }
            @Override public String describe() { return "Stored file: out.txt"; }
            @Override public void destroy() { }
        };
        assertThatThrownBy(() -> pusher.process(context, file, noLogin()))
                .hasMessageStartingWith("Unknown artifact type: file ('Stored file: out.txt', from build '")
                .hasMessageEndingWith("This artifact's kind is 'files'.");
    }

    @Test
    void validation() {
        assertThat(check(noLogin())).isEmpty();
        assertThat(check(login("127.0.0.1:5000", "ci", "p"))).isEmpty();
        assertThat(check(login("127.0.0.1:5000", "ci", null))).containsExactly(
                "login: login is true, so set login_username and login_password (the registry's user and password "
                        + "or token), or set login: false to use the credentials of the docker configuration");
        assertThat(check(new DockerPushPostProcessorConfig(false, "r", "u", "secret-value", null, false, null, null,
                null, null, false, null, null))).containsExactly(
                "warning login_server: login_server, login_username, login_password are set but login is false, so "
                        + "the push uses the credentials of the docker configuration (DOCKER_CONFIG or "
                        + "~/.docker/config.json); set login: true to use them");
    }

    @Test
    void platformAndDockerPathAreAcceptedWithAWarningWhenTheyWouldChangeSomething() throws Exception {
        assertThat(check(new DockerPushPostProcessorConfig(false, null, null, null, null, null, null, null, null,
                null, null, null, "docker"))).isEmpty();
        assertThat(check(new DockerPushPostProcessorConfig(false, null, null, null, null, null, null, null, null,
                null, null, "linux/arm64", "/opt/podman/bin/podman"))).containsExactly(
                "warning platform: 'linux/arm64' is ignored: each name is pushed as the engine holds it, because the "
                        + "engine API Kiln uses (1.41, Docker 20.10) has no platform on push; to push another "
                        + "platform's image, build it with the docker builder's platform and tag that",
                "warning docker_path: '/opt/podman/bin/podman' is ignored: Kiln talks to the engine's API directly "
                        + "and runs no docker command, so it uses the engine that DOCKER_HOST, the current docker "
                        + "context or the docker builder's docker_host names; to build with another engine, point "
                        + "DOCKER_HOST at its API socket (for podman, the socket of 'podman system service')");

        pusher.process(context, tagged("127.0.0.1:5000/a:1"), new DockerPushPostProcessorConfig(false, null, null,
                null, null, null, null, null, null, null, null, "linux/arm64", "podman"));
        assertThat(driver.calls()).as("pushed as without them").containsExactly("push 127.0.0.1:5000/a:1");
    }

    @Test
    void loginEmailIsRefusedAsPackerRefusesIt() {
        assertThat(check(new DockerPushPostProcessorConfig(true, "r", "u", "p", "me@example.com", null, null, null,
                null, null, null, null, null))).containsExactly("login_email: Deprecated configuration key: 'login_email'. Remove "
                + "it: registries take no e-mail address at login (Packer 1.6.6 refuses it too; 'packer fix' removes "
                + "it)");
    }

    @Test
    void ecrAndAwsOptionsAreNotSupportedAndSaySo() {
        List<String> problems = check(new DockerPushPostProcessorConfig(false, null, null, null, null, true, "AKIA",
                "aws-secret", "aws-token", "prod", true, null, null));
        assertThat(problems).extracting(p -> p.substring(0, p.indexOf(':'))).containsExactly("ecr_login",
                "aws_force_use_public_ecr", "aws_access_key", "aws_secret_key", "aws_token", "aws_profile");
        assertThat(problems).allMatch(p -> p.contains("is not supported: Amazon ECR login is not supported by Kiln"));
        assertThat(String.join("\n", problems)).doesNotContain("aws-secret").doesNotContain("aws-token");
    }

    @Test
    void theConfigNeverShowsItsSecrets() {
        String shown = new DockerPushPostProcessorConfig(true, "r", "u", "pw-1", null, null, null, "aws-2", "aws-3",
                null, null, null, null).toString();
        assertThat(shown).contains("loginUsername=u").doesNotContain("pw-1").doesNotContain("aws-2")
                .doesNotContain("aws-3");
    }
}
