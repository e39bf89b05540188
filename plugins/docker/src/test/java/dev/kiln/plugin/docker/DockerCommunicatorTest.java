package dev.kiln.plugin.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.kiln.api.Communicator;
import dev.kiln.api.CommunicatorException;
import dev.kiln.api.OutputListener;
import dev.kiln.api.testing.RecordingUi;
import dev.kiln.docker.engine.ContainerSpec;
import dev.kiln.plugin.docker.testing.FakeDockerDriver;
import dev.kiln.plugin.docker.testing.TestBuildContext;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The communicator's command and archive logic against a {@link FakeDockerDriver}. */
class DockerCommunicatorTest {

    private static final OutputListener IGNORE = OutputListener.to(new RecordingUi());

    private final FakeDockerDriver driver = new FakeDockerDriver().withPath("/tmp", true);

    private static ContainerSpec running(String user) {
        return ContainerSpec.builder("img").openStdin(true).user(user).build();
    }

    private Communicator open(String execUser, Boolean fix) {
        String id = driver.createContainer(running(""));
        driver.startContainer(id);
        return new DockerCommunicatorFactory((ctx, host) -> driver).connect(
                new TestBuildContext(new RecordingUi(), c -> { }, (t, s) -> null),
                new DockerCommunicatorConfig(id, null, execUser, fix, false));
    }

    private static List<TarArchiveEntry> entries(byte[] tar) throws Exception {
        List<TarArchiveEntry> entries = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                entries.add(entry);
            }
        }
        return entries;
    }

    @Test
    void executeRunsAShellLineAsTheExecUser() throws Exception {
        driver.execStatus(command -> command.get(2).equals("exit 3") ? 3 : 0);
        try (Communicator communicator = open("app", null)) {
            assertThat(communicator.execute("exit 3", IGNORE)).isEqualTo(3);
            assertThat(communicator.execute("true", IGNORE)).isZero();
        }
        assertThat(driver.calls()).contains("exec c1 /bin/sh -c exit 3 as app");
        assertThat(driver.closes()).isEqualTo(1);
    }

    @Test
    void engineFailuresBecomeCommunicatorExceptions() throws Exception {
        driver.failOn("exec", "Running '/bin/sh -c x' failed: container stopped.");
        try (Communicator communicator = open(null, null)) {
            assertThatThrownBy(() -> communicator.execute("x", IGNORE))
                    .isInstanceOf(CommunicatorException.class)
                    .hasMessage("Running '/bin/sh -c x' failed: container stopped.");
        }
    }

    @Test
    void aFileUploadIsOneEntryWithItsMode(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("s.sh"), "echo hi\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-x---"));
        try (Communicator communicator = open(null, null)) {
            communicator.upload(file, "/tmp/script.sh");
        }
        assertThat(driver.calls()).contains("copyTo c1 /tmp");
        List<TarArchiveEntry> entries = entries(driver.uploads().get(0));
        assertThat(entries).singleElement().satisfies(entry -> {
            assertThat(entry.getName()).isEqualTo("script.sh");
            assertThat(entry.getMode() & 07777).isEqualTo(0750);
            assertThat(entry.getSize()).isEqualTo(8);
            assertThat(entry.getLongUserId()).isZero();
            assertThat(entry.getLongGroupId()).isZero();
        });
    }

    @Test
    void aDirectoryUploadCreatesMissingDirectoriesAndKeepsLinks(@TempDir Path dir) throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Files.createDirectories(tree.resolve("sub"));
        Files.writeString(tree.resolve("sub/a.txt"), "a");
        Files.createSymbolicLink(tree.resolve("link"), Path.of("sub/a.txt"));
        try (Communicator communicator = open(null, null)) {
            communicator.upload(tree, "/tmp/new/tree");
        }
        assertThat(driver.calls()).contains("copyTo c1 /tmp");
        List<TarArchiveEntry> entries = entries(driver.uploads().get(0));
        assertThat(entries).extracting(TarArchiveEntry::getName)
                .containsExactlyInAnyOrder("new/", "new/tree/", "new/tree/sub/", "new/tree/sub/a.txt",
                        "new/tree/link");
        assertThat(entries).filteredOn(TarArchiveEntry::isSymbolicLink).singleElement()
                .extracting(TarArchiveEntry::getLinkName).isEqualTo("sub/a.txt");
    }

    @Test
    void aDirectoryUploadKeepsEachEntrysSizeModeAndTime(@TempDir Path dir) throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Path sub = Files.createDirectories(tree.resolve("sub"));
        Path script = Files.writeString(sub.resolve("run.sh"), "echo hi\n");
        Path data = Files.writeString(tree.resolve("data.txt"), "abc");
        Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rw-r-----"));
        FileTime then = FileTime.fromMillis(1_600_000_000_000L);
        Files.setLastModifiedTime(data, then);
        Files.setLastModifiedTime(sub, then);
        try (Communicator communicator = open(null, null)) {
            communicator.upload(tree, "/tmp");
        }
        List<TarArchiveEntry> entries = entries(driver.uploads().get(0));
        assertThat(entries).extracting(TarArchiveEntry::getName, e -> e.getMode() & 07777, TarArchiveEntry::getSize)
                .containsExactlyInAnyOrder(tuple("sub/", 0700, 0L), tuple("sub/run.sh", 0755, 8L),
                        tuple("data.txt", 0640, 3L));
        assertThat(entries).filteredOn(e -> !e.getName().equals("sub/run.sh"))
                .allSatisfy(e -> assertThat(e.getModTime().getTime()).isEqualTo(then.toMillis()));
    }

    @Test
    void uploadsBelongToANonRootContainerUser(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "x");
        String id = driver.createContainer(running("1000:1000"));
        driver.startContainer(id);
        try (Communicator communicator = new DockerCommunicatorFactory((ctx, host) -> driver).connect(
                new TestBuildContext(new RecordingUi(), c -> { }, (t, s) -> null),
                new DockerCommunicatorConfig(id, null, null, null, false))) {
            communicator.upload(file, "/tmp/f");
        }
        assertThat(entries(driver.uploads().get(0))).singleElement().satisfies(entry -> {
            assertThat(entry.getLongUserId()).isEqualTo(1000);
            assertThat(entry.getLongGroupId()).isEqualTo(1000);
        });
        assertThat(driver.calls()).noneMatch(call -> call.startsWith("exec"));
    }

    @Test
    void aMissingSourceOrContainerIsReported(@TempDir Path dir) throws Exception {
        try (Communicator communicator = open(null, null)) {
            assertThatThrownBy(() -> communicator.upload(dir.resolve("nope"), "/tmp/x"))
                    .isInstanceOf(CommunicatorException.class)
                    .hasMessage("Upload source '" + dir.resolve("nope") + "' does not exist.");
            assertThatThrownBy(() -> communicator.download("/nope", dir.resolve("x")))
                    .isInstanceOf(CommunicatorException.class)
                    .hasMessage("Download source '/nope' does not exist in container 'c1'.");
        }
        assertThatThrownBy(() -> new DockerCommunicatorFactory((ctx, host) -> driver).connect(
                new TestBuildContext(new RecordingUi(), c -> { }, (t, s) -> null),
                new DockerCommunicatorConfig("zzz", null, null, null, false)))
                .hasMessage("Container 'zzz' does not exist at 'fake://docker'; it may have been removed while the "
                        + "build ran.");
        assertThat(driver.closes()).isEqualTo(2);
    }

    @Test
    void aStoppedContainerIsReported() {
        String id = driver.createContainer(running(""));
        assertThatThrownBy(() -> new DockerCommunicatorFactory((ctx, host) -> driver).connect(
                new TestBuildContext(new RecordingUi(), c -> { }, (t, s) -> null),
                new DockerCommunicatorConfig(id, null, null, null, false)))
                .hasMessageContaining("is not running");
    }

    @Test
    void factoryIdentityAndValidation() {
        DockerCommunicatorFactory factory = new DockerCommunicatorFactory();
        assertThat(factory.type()).isEqualTo("docker");
        assertThat(factory.configType()).isEqualTo(DockerCommunicatorConfig.class);
        assertThat(factory.validate(new DockerCommunicatorConfig(null, null, null, null, false)))
                .containsExactly("container_id: name the running container to connect to");
        assertThat(new DockerCommunicatorConfig("c", null, null, null, false).fixUploadOwner()).isTrue();
    }

    @Test
    void offersTheDockerCliShellOfItsContainerOnItsEngineAsItsUser() throws Exception {
        try (Communicator root = open(null, false); Communicator app = open("app", false)) {
            assertThat(root.interactiveShell()).hasValueSatisfying(command -> assertThat(command)
                    .startsWith("docker", "-H", "fake://docker", "exec", "-it").endsWith("/bin/sh")
                    .doesNotContain("-u"));
            assertThat(app.interactiveShell()).hasValueSatisfying(command -> assertThat(command)
                    .containsSubsequence("exec", "-it", "-u", "app").endsWith("/bin/sh"));
        }
    }
}
