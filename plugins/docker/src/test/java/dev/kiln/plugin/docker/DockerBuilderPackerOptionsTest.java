package dev.kiln.plugin.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.api.testing.FakeCommunicator;
import dev.kiln.api.testing.RecordingUi;
import dev.kiln.docker.engine.ImageConfig;
import dev.kiln.plugin.docker.testing.FakeDockerDriver;
import dev.kiln.plugin.docker.testing.TestBuildContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Options Packer's docker builder accepts: registry login and the communicator settings it embeds. */
class DockerBuilderPackerOptionsTest {

    private static final String IMAGE = "registry.example.com:5000/acme/base:1";
    private static final ImageConfig BASE = new ImageConfig("sha256:base", null, List.of("sh"), List.of(), "", "",
            Map.of(), false, false, List.of(IMAGE));

    private final FakeDockerDriver driver = new FakeDockerDriver().withImage(IMAGE, BASE);
    private final RecordingUi ui = new RecordingUi();
    private final List<String> provisioned = new ArrayList<>();
    private final TestBuildContext context = new TestBuildContext(ui,
            c -> provisioned.add(c == null ? "without a communicator" : "provisioned"),
            (type, settings) -> new FakeCommunicator());
    private final DockerBuilder builder = new DockerBuilder((ctx, host) -> driver);

    private static DockerBuilderConfig config(boolean pull, boolean login, String server, String user,
                                              String password, String communicator, boolean pty) {
        return new DockerBuilderConfig(IMAGE, pull, false, true, null, null, null, null, null, false, null, null,
                null, null, null, null, null, null, null, null, login, server, user, password, communicator, pty, null, null);
    }

    @Test
    void loginPullsWithTheCredentialsAndNeverShowsThePassword() throws Exception {
        DockerBuilderConfig config = config(true, true, "registry.example.com:5000", "ci", "hunter2", null, false);

        builder.build(context, config);

        assertThat(driver.calls()).contains("pull " + IMAGE + " as ci@registry.example.com:5000");
        assertThat(ui.lines()).contains("detail: Using the credentials of 'ci' for 'registry.example.com:5000'");
        assertThat(String.join("\n", ui.lines())).doesNotContain("hunter2");
        assertThat(config.toString()).doesNotContain("hunter2").contains("loginPassword=****");
    }

    @Test
    void withoutLoginThePullUsesNoCredentialsAndSaysWhyTheyAreUnused() throws Exception {
        builder.build(context, config(true, false, null, "ci", "hunter2", null, false));

        assertThat(driver.calls()).contains("pull " + IMAGE);
        assertThat(ui.lines()).contains("warn: login_username, login_password are set but login is false, so the "
                + "pull uses only the docker configuration's credentials (DOCKER_CONFIG or ~/.docker/config.json); "
                + "set login: true to use them.");
    }

    @Test
    void withoutLoginThePullUsesTheDockerConfigurationsCredentialsForTheImagesRegistry() throws Exception {
        List<String> asked = new ArrayList<>();
        DockerBuilder stored = new DockerBuilder((ctx, host) -> driver, registry -> {
            asked.add(registry);
            return java.util.Optional.of(new dev.kiln.docker.engine.RegistryAuth(registry, "stored", "pw"));
        });
        stored.build(context, config(true, false, null, null, null, null, false));

        assertThat(asked).containsExactly(dev.kiln.docker.engine.RegistryCredentials.registryOf(IMAGE));
        assertThat(driver.calls()).contains("pull " + IMAGE + " as stored@" + asked.get(0));
    }

    @Test
    void aStoredIdentityTokenGoesWithThePullAndIsNeverShown() throws Exception {
        DockerBuilder stored = new DockerBuilder((ctx, host) -> driver, registry -> java.util.Optional.of(
                dev.kiln.docker.engine.RegistryAuth.ofIdentityToken(registry, "id-T0ken-secret")));
        stored.build(context, config(true, false, null, null, null, null, false));

        assertThat(driver.calls()).contains("pull " + IMAGE + " as <token>@registry.example.com:5000");
        assertThat(ui.lines()).contains("detail: Using an identity token for 'registry.example.com:5000'");
        assertThat(String.join("\n", ui.lines())).doesNotContain("id-T0ken-secret");
    }

    @Test
    void anUnreadableDockerConfigurationIsAWarningAndThePullGoesWithout() throws Exception {
        DockerBuilder broken = new DockerBuilder((ctx, host) -> driver, registry -> {
            throw new dev.kiln.api.KilnException("Cannot read registry credentials from '/x/config.json': it is not "
                    + "valid JSON at line 1, column 2; fix it or point DOCKER_CONFIG at another folder.");
        });
        broken.build(context, config(true, false, null, null, null, null, false));

        assertThat(driver.calls()).contains("pull " + IMAGE);
        assertThat(ui.lines()).anyMatch(line -> line.startsWith("warn: Cannot read registry credentials from "
                + "'/x/config.json'") && line.endsWith(" Pulling without credentials."));
    }

    @Test
    void communicatorNoneConnectsNothing() throws Exception {
        builder.build(context, config(false, false, null, null, null, "none", false));

        assertThat(context.connections()).isEmpty();
        assertThat(ui.lines()).noneMatch(line -> line.contains("communicator"));
        assertThat(provisioned).containsExactly("without a communicator");
    }

    @Test
    void sshAndWinrmCommunicatorsFallBackToDockerWithOneWarning() throws Exception {
        builder.build(context, config(false, false, null, null, null, "ssh", false));

        assertThat(context.connections()).hasSize(1);
        assertThat(ui.lines()).filteredOn(line -> line.startsWith("warn:")).containsExactly(
                "warn: communicator 'ssh' is not used: Kiln reaches the build container through the engine's exec "
                        + "and archive API (the docker communicator), not over SSH or WinRM; provisioners run "
                        + "through the docker communicator instead.");
    }

    @Test
    void ptyReachesTheCommunicator() throws Exception {
        builder.build(context, config(false, false, null, null, null, null, true));

        assertThat(context.connections()).singleElement().satisfies(settings ->
                assertThat(settings.get("pty")).isEqualTo(true));
    }

    @Test
    void dockerPathIsAcceptedAndOnlyAnotherProgramThanDockerIsAWarning() {
        DockerBuilderConfig docker = withDockerPath("/usr/bin/docker");
        DockerBuilderConfig podman = withDockerPath("podman");

        assertThat(builder.check(docker)).isEmpty();
        assertThat(builder.check(podman)).singleElement().satisfies(p -> {
            assertThat(p.warning()).isTrue();
            assertThat(p.option()).isEqualTo("docker_path");
            assertThat(p.message()).startsWith("'podman' is ignored: Kiln talks to the engine's API directly");
        });
        assertThat(builder.validate(podman)).as("a warning, not a problem").isEmpty();
        assertThat(builder.check(new DockerBuilderConfig(null, false, false, true, null, null, null, null, null,
                false, null, null, null, null, null, null, null, null, null, null, false, null, null, null, null,
                false, null, "podman"))).extracting(p -> p.option() + (p.warning() ? " (warning)" : ""))
                .as("validate's errors stay errors").containsExactly("null", "docker_path (warning)");
    }

    private static DockerBuilderConfig withDockerPath(String dockerPath) {
        return new DockerBuilderConfig(IMAGE, false, false, true, null, null, null, null, null, false, null, null,
                null, null, null, null, null, null, null, null, false, null, null, null, null, false, null, dockerPath);
    }

    @Test
    void loginWithoutAUserOrPasswordIsAProblem() {
        String problem = "login is true, so set login_username and login_password (the registry's user and password "
                + "or token), or set login: false to pull without credentials";
        assertThat(builder.validate(config(true, true, null, null, "pw", null, false))).containsExactly(problem);
        assertThat(builder.validate(config(true, true, null, "ci", " ", null, false))).containsExactly(problem);
        assertThat(builder.validate(config(true, true, null, "ci", "pw", null, false))).isEmpty();
    }

    @Test
    void anUnknownCommunicatorIsAProblemAndTheKnownOnesAreNot() {
        assertThat(builder.validate(config(false, false, null, null, null, "sssh", false)))
                .containsExactly("communicator: 'sssh' is not one of 'docker', 'none', 'ssh', 'winrm'");
        for (String known : List.of("docker", "none", "ssh", "winrm")) {
            assertThat(builder.validate(config(false, false, null, null, null, known, false))).isEmpty();
        }
        assertThat(config(false, false, null, null, null, null, false).communicator()).isEqualTo("docker");
    }

    @Test
    void runtimeSelectsTheContainerRuntime() throws Exception {
        DockerBuilderConfig config = new DockerBuilderConfig(IMAGE, false, false, true, null, null, null, null, null,
                false, null, null, null, null, null, null, null, null, null, null, false, null, null, null, null,
                false, "runsc", null);

        builder.build(context, config);

        assertThat(driver.createdSpecs()).singleElement().satisfies(spec ->
                assertThat(spec.host().runtime()).isEqualTo("runsc"));
        assertThat(ui.lines()).anyMatch(line -> line.startsWith("detail: Run command: docker run --runtime runsc "));
    }

    @Test
    void theSshAndWinrmOptionsAreDeclaredIgnored() {
        assertThat(builder.ignoredOptions()).containsOnlyKeys("ssh_*", "winrm_*", "temporary_key_pair_*",
                "pause_before_connecting");
    }
}
