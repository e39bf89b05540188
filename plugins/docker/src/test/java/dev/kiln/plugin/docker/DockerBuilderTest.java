package dev.kiln.plugin.docker;

import dev.kiln.docker.engine.DockerImageArtifact;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.api.Artifact;
import dev.kiln.api.BuildOwner;
import dev.kiln.api.KilnException;
import dev.kiln.api.SweepContext;
import dev.kiln.api.testing.FakeCommunicator;
import dev.kiln.api.testing.RecordingUi;
import dev.kiln.docker.engine.CommitSpec;
import dev.kiln.docker.engine.ContainerSpec;
import dev.kiln.docker.engine.DockerDriver;
import dev.kiln.docker.engine.ImageConfig;
import dev.kiln.plugin.docker.testing.FakeDockerDriver;
import dev.kiln.plugin.docker.testing.TestBuildContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder's steps and cleanups against a {@link FakeDockerDriver}: no Docker needed. */
class DockerBuilderTest {

    private static final String IMAGE = "acme/base:1";
    private static final ImageConfig BASE = new ImageConfig("sha256:base", List.of("/entry.sh"), List.of("serve"),
            List.of("PATH=/bin"), "", "", Map.of(), false, false, List.of(IMAGE));

    private final FakeDockerDriver driver = new FakeDockerDriver().withImage(IMAGE, BASE);
    private final RecordingUi ui = new RecordingUi();
    private final FakeCommunicator communicator = new FakeCommunicator();
    private final List<String> provisioned = new ArrayList<>();
    private final TestBuildContext context = new TestBuildContext(ui, c -> provisioned.add("provisioned"),
            (type, settings) -> communicator);
    private final DockerBuilder builder = new DockerBuilder((ctx, host) -> driver);

    private static DockerBuilderConfig config(Boolean pull, boolean commit, boolean discard, String exportPath) {
        return new DockerBuilderConfig(IMAGE, pull, commit, discard, exportPath, List.of("ENV A=b"), null, null,
                null, false, null, null, null, null, "me", "msg", null, null, null, null, false, null, null, null, null, false, null, null);
    }

    @Test
    void aCommitBuildRunsTheStepsInOrderAndCleansUp() throws Exception {
        Artifact artifact = builder.build(context, config(null, true, false, null));

        assertThat(driver.calls()).containsExactly(
                "pull " + IMAGE,
                "inspectImage " + IMAGE,
                "create " + IMAGE,
                "start c1",
                "commit c1",
                "remove c1");
        assertThat(provisioned).containsExactly("provisioned");
        assertThat(communicator.closed()).isTrue();
        assertThat(driver.containers()).isEmpty();
        assertThat(driver.closes()).isEqualTo(1);
        assertThat(ui.lines()).containsExactly(
                "say: Pulling Docker image: " + IMAGE,
                "detail: Status: Downloaded newer image for " + IMAGE,
                "say: Starting docker container...",
                "detail: Run command: docker run -d -i -t --entrypoint=/bin/sh -- " + IMAGE,
                "detail: Container ID: c1",
                "say: Using docker communicator to connect: c1",
                "say: Committing the container",
                "detail: Image ID: " + artifact.id(),
                "say: Killing the container: c1");
        assertThat(artifact).isInstanceOf(DockerImageArtifact.class);
        assertThat(artifact.builderType()).isEqualTo("docker");
        assertThat(artifact.describe()).isEqualTo("Imported Docker image: " + artifact.id());
    }

    @Test
    void theContainerIsNamedForItsOwnerAndTheCommitKeepsTheBaseEntrypointAndCmd() throws Exception {
        builder.build(context, config(false, true, false, null));

        ContainerSpec spec = driver.createdSpecs().get(0);
        assertThat(spec.name()).isEqualTo("kiln-" + context.buildOwner().tag());
        assertThat(context.buildOwner().pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(spec.labels()).as("a label would be committed into the image").isEmpty();
        assertThat(spec.entrypoint()).containsExactly("/bin/sh");
        CommitSpec commit = driver.commits().get(0);
        assertThat(commit.entrypoint()).containsExactly("/entry.sh");
        assertThat(commit.cmd()).containsExactly("serve");
        assertThat(commit.changes()).containsExactly("ENV A=b");
        assertThat(commit.author()).isEqualTo("me");
        assertThat(commit.message()).isEqualTo("msg");
        assertThat(driver.calls()).doesNotContain("pull " + IMAGE);
    }

    @Test
    void theCommunicatorGetsTheBuildersSettings() throws Exception {
        DockerBuilderConfig config = new DockerBuilderConfig(IMAGE, false, true, false, null, null, null, null, null,
                false, null, null, null, null, null, null, "app", false, null, "tcp://engine:2375", false, null, null, null, null, false, null, null);
        builder.build(context, config);
        assertThat(context.connections()).containsExactly(Map.of("container_id", "c1",
                "docker_host", "tcp://engine:2375", "exec_user", "app", "fix_upload_owner", false));
    }

    @Test
    void aFailingCommitStillRemovesTheContainer() {
        driver.failOn("commit", "Committing container 'c1' failed at 'fake://docker': disk full.");
        assertThatThrownBy(() -> builder.build(context, config(false, true, false, null)))
                .isInstanceOf(KilnException.class)
                .hasMessageContaining("disk full");
        assertThat(driver.containers()).isEmpty();
        assertThat(communicator.closed()).isTrue();
        assertThat(driver.closes()).isEqualTo(1);
        assertThat(ui.lines()).endsWith("say: Killing the container: c1");
    }

    @Test
    void aFailingStartRemovesTheCreatedContainer() {
        driver.failOn("start", "Starting container 'c1' failed: exec: \"/bin/sh\": not found");
        assertThatThrownBy(() -> builder.build(context, config(false, true, false, null)))
                .hasMessageContaining("/bin/sh");
        assertThat(driver.calls()).endsWith("start c1", "remove c1");
        assertThat(driver.containers()).isEmpty();
        assertThat(provisioned).isEmpty();
    }

    @Test
    void aFailingCleanupIsAWarningNotAnError() throws Exception {
        driver.failOn("removeContainer", "engine gone");
        builder.build(context, config(false, true, false, null));
        assertThat(ui.lines()).contains("warn: Container 'c1' could not be removed: engine gone Remove it with "
                + "'docker rm -f c1'.");
    }

    @Test
    void pullFalseWithAMissingImageCreatesNoContainer() {
        DockerBuilderConfig config = new DockerBuilderConfig("acme/missing:2", false, true, false, null, null, null,
                null, null, false, null, null, null, null, null, null, null, null, null, null, false, null, null, null, null, false, null, null);
        assertThatThrownBy(() -> builder.build(context, config))
                .isInstanceOf(KilnException.class)
                .hasMessage("Image 'acme/missing:2' was not found at 'fake://docker' and pull is false, so Kiln does "
                        + "not pull it; set pull: true, or pull or build the image first.");
        assertThat(driver.calls()).noneMatch(call -> call.startsWith("create"));
    }

    @Test
    void aFailedPullOfAnImageTheEngineHasIsAWarning() throws Exception {
        driver.failOn("pull", "Pulling image 'acme/base:1' failed at 'fake://docker': registry unreachable.");
        builder.build(context, config(true, true, false, null));
        assertThat(ui.lines()).contains("warn: Pulling image 'acme/base:1' failed at 'fake://docker': registry "
                + "unreachable. The engine has image 'acme/base:1' already, so the build uses that one.");
    }

    @Test
    void aFailedPullOfAnImageTheEngineLacksFailsTheBuild() {
        FakeDockerDriver empty = new FakeDockerDriver().failOn("pull", "Pulling image 'acme/base:1' failed.");
        assertThatThrownBy(() -> new DockerBuilder((ctx, host) -> empty).build(context, config(true, true, false, null)))
                .hasMessage("Pulling image 'acme/base:1' failed.");
        assertThat(empty.calls()).noneMatch(call -> call.startsWith("create"));
        assertThat(empty.closes()).isEqualTo(1);
    }

    @Test
    void aFailedPullIsReportedEvenWhenTheLookupAfterItFailsToo() {
        driver.failOn("pull", "Pulling image 'acme/base:1' failed: registry unreachable.")
                .failOn("inspectImage", "Inspecting image 'acme/base:1' failed: engine gone.");
        assertThatThrownBy(() -> builder.build(context, config(true, true, false, null)))
                .hasMessage("Pulling image 'acme/base:1' failed: registry unreachable.")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage)
                        .containsExactly("Inspecting image 'acme/base:1' failed: engine gone."));
        assertThat(driver.calls()).noneMatch(call -> call.startsWith("create"));
    }

    @Test
    void exportWritesToATemporaryNameAndRenames(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("sub/image.tar");
        Artifact artifact = builder.build(context, config(false, false, false, target.toString()));
        assertThat(target).hasContent("fake-export");
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertThat(files).containsExactly(target);
        }
        assertThat(artifact).isInstanceOf(DockerExportArtifact.class);
        assertThat(artifact.describe()).isEqualTo("Exported Docker file: " + target);
        assertThat(artifact.files()).containsExactly(target.toString());
        assertThat(driver.calls()).containsSubsequence("export c1", "remove c1");
    }

    @Test
    void aFailedExportLeavesNoFile(@TempDir Path dir) throws Exception {
        driver.failOn("export", "Exporting container 'c1' failed: broken pipe.");
        Path target = dir.resolve("image.tar");
        assertThatThrownBy(() -> builder.build(context, config(false, false, false, target.toString())))
                .hasMessageContaining("broken pipe");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
        assertThat(driver.containers()).isEmpty();
    }

    @Test
    void discardReturnsAnArtifactOfNothing() throws Exception {
        Artifact artifact = builder.build(context, config(false, false, true, null));
        assertThat(artifact.id()).isEqualTo("Container");
        assertThat(artifact.files()).isEmpty();
        assertThat(driver.calls()).noneMatch(call -> call.startsWith("commit") || call.startsWith("export"));
        assertThat(driver.containers()).isEmpty();
    }

    @Test
    void builderOptionsBecomeDockerRunFlagsBeforeRunCommand() throws Exception {
        DockerBuilderConfig config = new DockerBuilderConfig(IMAGE, false, true, false, null, null, null,
                Map.of("/host/cache", "/cache"), "/packer-files", true, List.of("NET_ADMIN"), List.of("MKNOD"),
                List.of("/run"), List.of("/dev/fuse"), null, null, null, null, "linux/arm64", null, false, null, null, null, null, false, null, null);
        builder.build(context, config);
        assertThat(ui.lines()).contains("detail: Run command: docker run --device /dev/fuse --cap-add NET_ADMIN "
                + "--cap-drop MKNOD --privileged --tmpfs /run -v /host/cache:/cache --platform linux/arm64 -d -i -t "
                + "--entrypoint=/bin/sh -- " + IMAGE);
        assertThat(ui.lines()).contains("warn: container_dir '/packer-files' is ignored: Kiln mounts no shared "
                + "directory, files move through the engine's archive API.");
        ContainerSpec spec = driver.createdSpecs().get(0);
        assertThat(spec.host().binds()).containsExactly("/host/cache:/cache");
        assertThat(spec.host().privileged()).isTrue();
        assertThat(spec.platform()).isEqualTo("linux/arm64");
    }

    @Test
    void aContainerThatRunCommandNamesKeepsItsName() throws Exception {
        DockerBuilderConfig named = new DockerBuilderConfig(IMAGE, false, true, false, null, List.of(),
                List.of("-d", "-i", "-t", "--name", "mine", "--entrypoint=/bin/sh", "--", "{{.Image}}"), null,
                null, false, null, null, null, null, null, null, null, null, null, null, false, null, null, null, null,
                false, null, null);

        builder.build(context, named);

        assertThat(driver.createdSpecs().get(0).name()).isEqualTo("mine");
    }

    @Test
    void theSweepOffersEveryContainerNamedForAnOwnerAndOnlyThose() throws Exception {
        BuildOwner dead = new BuildOwner("builder-1", 4242, java.time.Instant.ofEpochMilli(1764598567123L), "aa");
        String ours = driver.createContainer(ContainerSpec.builder(IMAGE).name("kiln-" + dead.tag()).build());
        driver.createContainer(ContainerSpec.builder(IMAGE).name("kiln-lookalike").build());
        driver.createContainer(ContainerSpec.builder(IMAGE).name("mine").build());
        List<String> found = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> asked = new ArrayList<>();
        DockerBuilder sweeper = new DockerBuilder((ctx, host) -> driver, host -> {
            asked.add(String.valueOf(host));
            if ("tcp://gone:2376".equals(host)) {
                throw new KilnException("Cannot connect to the Docker engine at 'tcp://gone:2376'.");
            }
            return driver; // the same engine twice: searched once
        }, registry -> java.util.Optional.empty());

        sweeper.sweep(new SweepContext() {
            @Override public List<String> dockerHosts() { return List.of("tcp://gone:2376", "unix:///same.sock"); }
            @Override public void found(BuildOwner owner, String what, Removal removal) throws InterruptedException {
                found.add(owner.tag() + " | " + what);
                removal.remove();
            }
            @Override public void failed(String where, String why) { problems.add("failed: " + where + ": " + why); }
            @Override public void warn(String message) { problems.add("warn: " + message); }
        });

        assertThat(asked).containsExactly("null", "tcp://gone:2376", "unix:///same.sock");
        assertThat(found).containsExactly(dead.tag() + " | container kiln-" + dead.tag() + " (" + ours + ") on "
                + driver.host());
        assertThat(driver.containers()).hasSize(2).doesNotContain(ours);
        assertThat(problems).containsExactly("failed: the Docker engine 'tcp://gone:2376': Cannot connect to the "
                + "Docker engine at 'tcp://gone:2376'.");
    }

    @Test
    void aDefaultEngineThatDoesNotAnswerIsOnlyAWarning() throws Exception {
        List<String> problems = new ArrayList<>();
        DockerBuilder sweeper = new DockerBuilder((ctx, host) -> driver, host -> {
            throw new KilnException("No Docker engine answers at 'unix:///var/run/docker.sock'.");
        }, registry -> java.util.Optional.empty());

        sweeper.sweep(new SweepContext() {
            @Override public List<String> dockerHosts() { return List.of(); }
            @Override public void found(BuildOwner owner, String what, Removal removal) { problems.add(what); }
            @Override public void failed(String where, String why) { problems.add("failed: " + where); }
            @Override public void warn(String message) { problems.add("warn: " + message); }
        });

        assertThat(problems).containsExactly("warn: Could not look for Kiln's containers on the default Docker "
                + "engine: No Docker engine answers at 'unix:///var/run/docker.sock'.");
    }
}
