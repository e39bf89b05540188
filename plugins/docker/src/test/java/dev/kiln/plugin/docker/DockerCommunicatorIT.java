package dev.kiln.plugin.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.api.Communicator;
import dev.kiln.api.CommunicatorException;
import dev.kiln.api.OutputListener;
import dev.kiln.api.testing.RecordingUi;
import dev.kiln.plugin.docker.testing.TestEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The docker communicator against a real container of the offline busybox image. */
@Tag("docker")
class DockerCommunicatorIT {

    static TestEngine engine;
    static String busybox;
    static String container;
    static Communicator communicator;

    @BeforeAll
    static void start() throws InterruptedException {
        engine = TestEngine.connect();
        busybox = engine.busyboxImage();
        container = engine.startContainer(busybox);
        communicator = engine.communicator(container);
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            if (communicator != null) {
                communicator.close();
            }
            engine.removeTestObjects();
            engine.close();
        }
    }

    /** Collects lines; thread-safe. */
    static final class Lines implements OutputListener {
        final List<String> out = Collections.synchronizedList(new ArrayList<>());
        final List<String> err = Collections.synchronizedList(new ArrayList<>());

        @Override public void stdout(String line) { out.add(line); }
        @Override public void stderr(String line) { err.add(line); }
    }

    @Test
    void executeReturnsTheExitStatus() throws Exception {
        assertThat(communicator.execute("true", new Lines())).isZero();
        assertThat(communicator.execute("exit 3", new Lines())).isEqualTo(3);
        assertThat(communicator.execute("no-such-command-here", new Lines())).isEqualTo(127);
    }

    @Test
    void stdoutAndStderrArriveSeparatelyLineByLine() throws Exception {
        Lines lines = new Lines();
        int status = communicator.execute("echo out; echo err >&2; printf 'a\\r\\nb'; echo ' é ünïcödé'", lines);
        assertThat(status).isZero();
        assertThat(lines.out).containsExactly("out", "a", "b é ünïcödé");
        assertThat(lines.err).containsExactly("err");
    }

    @Test
    void manyLinesKeepTheirOrder() throws Exception {
        Lines lines = new Lines();
        assertThat(communicator.execute("seq 1 3000", lines)).isZero();
        assertThat(lines.out).hasSize(3000).startsWith("1", "2").endsWith("3000");
    }

    @Test
    void aBackgroundProcessHoldingTheOutputDoesNotHangTheCommand() throws Exception {
        // its own container: the engine stalls the next exec of a container for ~2 s after such a command
        String own = engine.startContainer(busybox);
        try (Communicator c = engine.communicator(own)) {
            Lines lines = new Lines();
            long start = System.nanoTime();
            assertThat(c.execute("sleep 60 & echo started", lines)).isZero();
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(15);
            assertThat(lines.out).containsExactly("started");
        } finally {
            engine.driver().removeContainer(own);
        }
    }

    @Test
    void interruptionAbandonsTheCommandPromptly() throws Exception {
        AtomicReference<Thread> runner = new AtomicReference<>();
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
            runner.set(Thread.currentThread());
            try {
                communicator.execute("sleep 30", new Lines());
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        Thread.sleep(700);
        runner.get().interrupt();
        assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        // the communicator is usable afterwards
        assertThat(communicator.execute("true", new Lines())).isZero();
    }

    @Test
    void uploadsAFileExactlyToItsDestinationCreatingParents(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hello.sh");
        Files.writeString(file, "#!/bin/sh\necho hello\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-x---"));

        communicator.upload(file, "/opt/kiln/scripts/run.sh");

        assertThat(engine.exec(container, "cat", "/opt/kiln/scripts/run.sh").stdout()).isEqualTo("#!/bin/sh\necho hello");
        assertThat(engine.exec(container, "stat", "-c", "%a %U", "/opt/kiln/scripts/run.sh").stdout())
                .isEqualTo("750 root");
        assertThat(engine.exec(container, "/opt/kiln/scripts/run.sh").stdout()).isEqualTo("hello");

        Files.writeString(file, "replaced\n");
        communicator.upload(file, "/opt/kiln/scripts/run.sh");
        assertThat(engine.exec(container, "cat", "/opt/kiln/scripts/run.sh").stdout()).isEqualTo("replaced");
        assertThat(engine.exec(container, "stat", "-c", "%a", "/tmp").stdout()).as("existing dirs untouched")
                .isEqualTo("1777");
    }

    @Test
    void uploadsADirectorysContentsIntoItsDestination(@TempDir Path dir) throws Exception {
        Path tree = dir.resolve("tree");
        Files.createDirectories(tree.resolve("sub/deeper"));
        Files.createDirectories(tree.resolve("empty"));
        Files.writeString(tree.resolve("top.txt"), "top");
        Files.writeString(tree.resolve("sub/deeper/leaf.txt"), "leaf");
        Files.createSymbolicLink(tree.resolve("link"), Path.of("top.txt"));

        communicator.upload(tree, "/srv/new/tree");
        assertThat(engine.exec(container, "find", "/srv/new/tree").stdout().lines().sorted())
                .containsExactly("/srv/new/tree", "/srv/new/tree/empty", "/srv/new/tree/link", "/srv/new/tree/sub",
                        "/srv/new/tree/sub/deeper", "/srv/new/tree/sub/deeper/leaf.txt", "/srv/new/tree/top.txt");
        assertThat(engine.exec(container, "cat", "/srv/new/tree/link").stdout()).isEqualTo("top");

        engine.exec(container, "mkdir", "-p", "/srv/existing");
        engine.exec(container, "touch", "/srv/existing/kept");
        communicator.upload(tree, "/srv/existing");
        assertThat(engine.exec(container, "ls", "/srv/existing").stdout().lines())
                .containsExactlyInAnyOrder("empty", "kept", "link", "sub", "top.txt");
    }

    @Test
    void uploadRefusesAFileOntoADirectory(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("f.txt"), "x");
        assertThatThrownBy(() -> communicator.upload(file, "/etc"))
                .isInstanceOf(CommunicatorException.class)
                .hasMessageContaining("'/etc' is a directory");
        communicator.upload(file, "/var/tmp/");
        assertThat(engine.exec(container, "cat", "/var/tmp/f.txt").stdout()).isEqualTo("x");
    }

    @Test
    void downloadsAFileAndADirectory(@TempDir Path dir) throws Exception {
        assertThat(communicator.execute("mkdir -p /data/sub && echo one > /data/one.txt && "
                + "echo two > /data/sub/two.txt && chmod 640 /data/one.txt", new Lines())).isZero();

        Path file = dir.resolve("copy/passwd");
        communicator.download("/etc/passwd", file);
        assertThat(file).content().startsWith("root:x:0:0:");

        Path tree = dir.resolve("data");
        communicator.download("/data", tree);
        assertThat(tree.resolve("one.txt")).hasContent("one");
        assertThat(tree.resolve("sub/two.txt")).hasContent("two");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tree.resolve("one.txt"))))
                .isEqualTo("rw-r-----");

        assertThatThrownBy(() -> communicator.download("/no/such/file", dir.resolve("x")))
                .isInstanceOf(CommunicatorException.class)
                .hasMessageContaining("'/no/such/file' does not exist");
    }

    @Test
    void uploadsBelongToTheContainersUser(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("owned.txt"), "mine");
        String userContainer = engine.startContainer(busybox, TestEngine.TEST_USER);
        try (Communicator asUser = engine.communicator(userContainer);
             Communicator unfixed = engine.communicator(userContainer, null, false)) {
            asUser.upload(file, "/home/kiln/app/owned.txt");
            assertThat(engine.exec(userContainer, "stat", "-c", "%U:%G", "/home/kiln/app/owned.txt").stdout())
                    .isEqualTo("kiln:kiln");
            unfixed.upload(file, "/tmp/unfixed.txt");
            assertThat(engine.exec(userContainer, "stat", "-c", "%U:%G", "/tmp/unfixed.txt").stdout())
                    .isEqualTo("root:root");
            Lines lines = new Lines();
            assertThat(asUser.execute("id -un", lines)).isZero();
            assertThat(lines.out).containsExactly("kiln");
        } finally {
            engine.driver().removeContainer(userContainer);
        }
    }

    @Test
    void execUserRunsCommandsAsThatUser() throws Exception {
        try (Communicator asUser = engine.communicator(container, "1000:1000", true)) {
            Lines lines = new Lines();
            assertThat(asUser.execute("id -u; id -g", lines)).isZero();
            assertThat(lines.out).containsExactly("1000", "1000");
        }
    }

    @Test
    void imagesWithoutPasswdNeitherHangNorFail(@TempDir Path dir) throws Exception {
        engine.importBusybox("kiln-test/no-passwd:1", List.of(), false);
        Path file = Files.writeString(dir.resolve("script.sh"), "echo ok\n");
        String plain = engine.startContainer("kiln-test/no-passwd:1");
        String numeric = engine.startContainer("kiln-test/no-passwd:1", "1234");
        // the engine refuses to start a named user missing from /etc/passwd, so remove the file afterwards
        String named = engine.startContainer(busybox, TestEngine.TEST_USER);
        assertThat(engine.driver().exec(named, List.of("rm", "/etc/passwd"), "0", false, new Lines())).isZero();
        try (Communicator c1 = engine.communicator(plain);
             Communicator c2 = engine.communicator(numeric);
             Communicator c3 = engine.communicator(named)) {
            long start = System.nanoTime();
            c1.upload(file, "/tmp/script.sh");
            assertThat(engine.exec(plain, "sh", "/tmp/script.sh").stdout()).isEqualTo("ok");
            c2.upload(file, "/tmp/script.sh");
            assertThat(engine.exec(numeric, "stat", "-c", "%u:%g", "/tmp/script.sh").stdout()).isEqualTo("1234:0");
            assertThatThrownBy(() -> c3.upload(file, "/tmp/script.sh"))
                    .isInstanceOf(CommunicatorException.class)
                    .hasMessageContaining("user 'kiln' is not in the container's /etc/passwd")
                    .hasMessageContaining("fix_upload_owner: false");
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(10);
        } finally {
            for (String id : List.of(plain, numeric, named)) {
                engine.driver().removeContainer(id);
            }
        }
    }

    @Test
    void uploadStreamsLargeFiles(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.bin");
        byte[] chunk = new byte[1 << 20];
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (byte) (i * 31);
        }
        try (var out = Files.newOutputStream(big)) {
            for (int i = 0; i < 24; i++) {
                out.write(chunk);
            }
        }
        RecordingUi ui = new RecordingUi();
        try (Communicator reporting = engine.communicator(container, null, true, ui)) {
            reporting.upload(big, "/tmp/big.bin");
        }
        assertThat(engine.exec(container, "stat", "-c", "%s", "/tmp/big.bin").stdout())
                .isEqualTo(String.valueOf(24L << 20));
        // against the archive's estimated size (end blocks, a header, the file), reported as it goes and once at
        // the end with all the archive's bytes, which tar's padding makes a block or two more
        long estimate = 1024 + 512 + (24L << 20);
        List<String> progress = ui.progress();
        assertThat(progress).hasSizeGreaterThan(1).allMatch(line -> line.matches("Uploading big\\.bin \\d+/"
                + estimate));
        String last = progress.get(progress.size() - 1);
        long sent = Long.parseLong(last.substring("Uploading big.bin ".length(), last.indexOf('/')));
        assertThat(sent).isBetween(estimate, estimate + 10_240);
        Path back = dir.resolve("back.bin");
        communicator.download("/tmp/big.bin", back);
        assertThat(Files.mismatch(big, back)).isEqualTo(-1L);
    }

    /** A missing path costs one request; only when every parent up to '/' is missing is the container looked at. */
    @Test
    void uploadAndDownloadSayWhenTheContainerIsGone(@TempDir Path dir) throws Exception {
        String own = engine.startContainer(busybox);
        Communicator c = engine.communicator(own);
        assertThat(engine.driver().statPath(own, "/no/such/path")).isEmpty();
        engine.driver().removeContainer(own);
        Path file = Files.writeString(dir.resolve("f.txt"), "x");

        assertThatThrownBy(() -> c.upload(file, "/tmp/deep/f.txt")).hasMessageEndingWith("the container is gone.");
        assertThatThrownBy(() -> c.download("/etc/hostname", dir.resolve("out")))
                .hasMessageEndingWith("the container is gone.");
        assertThat(engine.driver().statPath(own, "/tmp")).as("a gone container's path").isEmpty();
        c.close();
    }

    @Test
    void connectingToAMissingContainerSaysSo() {
        assertThatThrownBy(() -> engine.communicator("kiln-no-such-container"))
                .hasMessageContaining("Container 'kiln-no-such-container' does not exist");
    }
}
