package dev.kiln.plugin.file;

import dev.kiln.api.testing.FakeContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.api.Communicator;
import dev.kiln.api.CommunicatorException;
import dev.kiln.plugin.docker.testing.TestEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the file provisioner through the real {@code docker} communicator against a busybox container built offline.
 * Each test uses its own remote paths, so they share one container. The local tree has a space in its name, an
 * executable, a 0600 file, a relative symbolic link and an empty directory.
 */
@Tag("docker")
class FileProvisionerIT {

    private static final String NO_USERS_IMAGE = "kiln-test/file-no-users:1";

    private static TestEngine engine;
    private static String containerId;
    private static Communicator communicator;

    private final FileProvisioner provisioner = new FileProvisioner();
    private final FakeContext context = new FakeContext("it-build", "docker");

    @TempDir
    Path dir;

    @BeforeAll
    static void startContainer() throws InterruptedException {
        engine = TestEngine.connect();
        containerId = engine.startContainer(engine.busyboxImage());
        communicator = engine.communicator(containerId);
    }

    @AfterAll
    static void removeContainer() {
        // Only what this class made: other modules' ITs may be using the engine at the same time.
        if (communicator != null) {
            communicator.close();
        }
        if (engine != null) {
            if (containerId != null) {
                engine.driver().killAndRemoveContainerQuietly(containerId);
            }
            if (engine.imageExists(NO_USERS_IMAGE)) {
                engine.driver().removeImage(NO_USERS_IMAGE, true);
            }
            engine.close();
        }
    }

    /** The tree: {@code my tree/bin/run.sh} (0755), {@code secret.key} (0600), {@code link -> bin/run.sh}, {@code empty/}. */
    private Path tree() throws Exception {
        Path root = Files.createDirectories(dir.resolve("my tree"));
        Path run = Files.writeString(Files.createDirectories(root.resolve("bin")).resolve("run.sh"), "#!/bin/sh\necho ran\n");
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path secret = Files.writeString(root.resolve("secret.key"), "s3cret");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Files.createSymbolicLink(root.resolve("link"), Path.of("bin/run.sh"));
        Files.createDirectories(root.resolve("empty"));
        return root;
    }

    private void provision(FileProvisionerConfig config) throws InterruptedException {
        assertThat(provisioner.validate(config)).isEmpty();
        provisioner.provision(context, communicator, config);
    }

    private static String exec(String... command) throws InterruptedException {
        TestEngine.ExecResult result = engine.exec(containerId, command);
        assertThat(result.exitCode()).as("%s: %s", List.of(command), result.stderr()).isZero();
        return result.stdout();
    }

    /** What the tree looks like under {@code root} in the container: mode and type per entry, and the link's target. */
    private static void assertTreeInContainer(String root) throws InterruptedException {
        assertThat(exec("stat", "-c", "%a %F", root + "/bin/run.sh")).isEqualTo("755 regular file");
        assertThat(exec("stat", "-c", "%a %F", root + "/secret.key")).isEqualTo("600 regular file");
        assertThat(exec("stat", "-c", "%F", root + "/link")).isEqualTo("symbolic link");
        assertThat(exec("readlink", root + "/link")).isEqualTo("bin/run.sh");
        assertThat(exec("stat", "-c", "%F", root + "/empty")).isEqualTo("directory");
        assertThat(exec(root + "/link")).isEqualTo("ran");
    }

    private static void assertTreeLocally(Path root) throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("bin/run.sh"))))
                .isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("secret.key"))))
                .isEqualTo("rw-------");
        assertThat(root.resolve("secret.key")).hasContent("s3cret");
        assertThat(Files.isSymbolicLink(root.resolve("link"))).isTrue();
        assertThat(Files.readSymbolicLink(root.resolve("link"))).isEqualTo(Path.of("bin/run.sh"));
        assertThat(root.resolve("empty")).isEmptyDirectory();
    }

    @Test
    void aDirectoryWithoutATrailingSlashIsUploadedAsItselfKeepingModesAndLinks() throws Exception {
        Path tree = tree();

        provision(FileProvisionerConfig.upload(tree.toString(), "/opt/itself"));

        assertTreeInContainer("/opt/itself/my tree");
        assertThat(context.ui().lines()).containsExactly("say: Uploading " + tree + " => /opt/itself");
    }

    @Test
    void aDirectoryWithATrailingSlashIsUploadedAsItsContents() throws Exception {
        Path tree = tree();

        provision(FileProvisionerConfig.upload(tree + "/", "/opt/contents"));

        assertTreeInContainer("/opt/contents");
        assertThat(exec("ls", "-A", "/opt/contents").split("\n")).containsExactlyInAnyOrder(
                "bin", "empty", "link", "secret.key");
    }

    @Test
    void anUploadedTreeDownloadsBackWithModesAndLinksInBothForms() throws Exception {
        provision(FileProvisionerConfig.upload(tree().toString(), "/opt/roundtrip"));

        Path contents = dir.resolve("back/contents");
        provision(FileProvisionerConfig.download("/opt/roundtrip/my tree/", contents + "/"));
        assertTreeLocally(contents);

        Path into = dir.resolve("back/into");
        provision(FileProvisionerConfig.download("/opt/roundtrip/my tree", into + "/"));
        assertTreeLocally(into.resolve("my tree"));
    }

    @Test
    void aFileDownloadsIntoAFolderThatIsCreated() throws Exception {
        exec("sh", "-c", "echo from-the-box > /tmp/down.txt && chmod 0640 /tmp/down.txt");
        Path out = dir.resolve("out/deeper");

        provision(FileProvisionerConfig.download("/tmp/down.txt", out + "/"));

        assertThat(out.resolve("down.txt")).hasContent("from-the-box");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("down.txt"))))
                .isEqualTo("rw-r-----");
    }

    @Test
    void contentIsWrittenWithMode0644AndMissingFoldersAreCreated() throws Exception {
        provision(new FileProvisionerConfig(null, null, "hello from kiln\n", "/etc/kiln/motd", null, false));

        assertThat(exec("cat", "/etc/kiln/motd")).isEqualTo("hello from kiln");
        assertThat(exec("stat", "-c", "%a", "/etc/kiln/motd")).isEqualTo("644");
    }

    @Test
    void aSourcePathWithSpacesUploadsAsAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("a file with spaces.txt"), "spaced");

        provision(FileProvisionerConfig.upload(file.toString(), "/tmp/spaced dir/"));

        assertThat(exec("cat", "/tmp/spaced dir/a file with spaces.txt")).isEqualTo("spaced");
    }

    @Test
    void aMissingSourceIsReportedWithItsPathBeforeAnythingRuns() {
        String missing = dir.resolve("no such dir/file.txt").toString();

        assertThat(provisioner.validate(FileProvisionerConfig.upload(missing, "/tmp/x"))).singleElement()
                .asString().startsWith("Bad source '" + missing + "': stat " + missing + ": no such file");
    }

    @Test
    void anImageWithoutPasswdTakesUploadsAtOnce() throws Exception {
        String image = engine.importBusybox(NO_USERS_IMAGE, List.of(), false);
        String root = engine.startContainer(image);
        String numeric = engine.startContainer(image, "1000:1000");
        try (Communicator toRoot = engine.communicator(root);
             Communicator toNumeric = engine.communicator(numeric, null, true)) {
            Path tree = tree();
            provisioner.provision(context, toRoot, FileProvisionerConfig.upload(tree + "/", "/srv"));
            provisioner.provision(context, toRoot,
                    new FileProvisionerConfig(null, null, "x", "/srv/content.txt", null, false));
            assertThat(engine.exec(root, "stat", "-c", "%a %u", "/srv/bin/run.sh").stdout()).isEqualTo("755 0");
            assertThat(engine.exec(root, "cat", "/srv/content.txt").stdout()).isEqualTo("x");

            provisioner.provision(context, toNumeric, FileProvisionerConfig.upload(tree.toString(), "/tmp"));
            assertThat(engine.exec(numeric, "stat", "-c", "%a %u:%g", "/tmp/my tree/secret.key").stdout())
                    .isEqualTo("600 1000:1000");
        } finally {
            engine.driver().killAndRemoveContainerQuietly(root);
            engine.driver().killAndRemoveContainerQuietly(numeric);
        }
    }

    @Test
    void anUploadForAUserThatPasswdNoLongerNamesFailsAtOnceWithTheReason() throws Exception {
        String container = engine.startContainer(engine.busyboxImage(), TestEngine.TEST_USER);
        try (Communicator toUser = engine.communicator(container, null, true)) {
            int removed = engine.driver().exec(container, List.of("rm", "/etc/passwd"), "0", false,
                    dev.kiln.api.OutputListener.to(context.ui()));
            assertThat(removed).isZero();
            Path tree = tree();
            long start = System.nanoTime();

            assertThatThrownBy(() -> provisioner.provision(context, toUser,
                    FileProvisionerConfig.upload(tree.toString(), "/tmp")))
                    .isInstanceOf(CommunicatorException.class)
                    .hasMessageContaining("user '" + TestEngine.TEST_USER + "' is not in the container's /etc/passwd")
                    .hasMessageContaining("fix_upload_owner: false");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        } finally {
            engine.driver().killAndRemoveContainerQuietly(container);
        }
    }
}
