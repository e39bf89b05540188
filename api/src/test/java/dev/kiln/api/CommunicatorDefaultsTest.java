package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default methods reach upload(Path, String) the way a communicator written before them needs. */
class CommunicatorDefaultsTest {

    /** Implements only the methods every communicator had from the start. */
    private static final class OldCommunicator implements Communicator {
        final List<String> uploads = new ArrayList<>();
        final List<Path> files = new ArrayList<>();

        @Override public int execute(String command, OutputListener output) { return 0; }

        @Override public void upload(Path source, String destination) {
            try {
                String what = Files.isDirectory(source) ? "<dir>"
                        : Files.readString(source) + " " + PosixFilePermissions.toString(
                                Files.getPosixFilePermissions(source));
                uploads.add(destination + " = " + what);
                files.add(source);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override public void download(String source, Path destination) { }
        @Override public void close() { }
    }

    @TempDir
    Path dir;

    @Test
    void streamedContentGoesUpAsATemporaryFileWithTheModeThatIsThenDeleted() throws Exception {
        OldCommunicator communicator = new OldCommunicator();
        byte[] bytes = "hello, more".getBytes(StandardCharsets.UTF_8);

        communicator.upload(new ByteArrayInputStream(bytes), 5, 0640, "/etc/hello");

        assertThat(communicator.uploads).containsExactly("/etc/hello = hello rw-r-----");
        assertThat(communicator.files.get(0)).doesNotExist();
    }

    @Test
    void aStreamShorterThanItsSizeFails() {
        OldCommunicator communicator = new OldCommunicator();

        assertThatThrownBy(() -> communicator.upload(new ByteArrayInputStream(new byte[3]), 10, 0644, "/x"))
                .isInstanceOf(CommunicatorException.class)
                .hasMessage("Upload to '/x' got 3 of 10 bytes: the content ended early.");
        assertThat(communicator.uploads).isEmpty();
    }

    @Test
    void aDirectoryGoesUpAsItselfOrAsItsContents() throws Exception {
        OldCommunicator communicator = new OldCommunicator();
        Path tree = Files.createDirectories(dir.resolve("tree"));

        communicator.uploadDirectory(tree, "/opt", false);
        communicator.uploadDirectory(tree, "/opt/", false);
        communicator.uploadDirectory(tree, "/srv/app", true);

        assertThat(communicator.uploads).containsExactly("/opt/tree = <dir>", "/opt/tree = <dir>",
                "/srv/app = <dir>");
    }
}
