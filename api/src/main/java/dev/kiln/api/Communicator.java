package dev.kiln.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * A live connection to the machine being built: runs commands and moves files.
 *
 * <p>Methods may be called from any thread but not concurrently; each call blocks until done and answers
 * interruption by stopping the transfer or abandoning the command.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface Communicator extends AutoCloseable {

    /**
     * Runs {@code command} with the machine's shell ({@code /bin/sh -c}) and waits for it.
     *
     * @param command the shell command line, never null
     * @param output receives each line of standard output and standard error as it arrives, never null
     * @return the command's exit status
     * @throws InterruptedException when cancelled; the remote command may keep running until the machine stops
     * @throws CommunicatorException when the command cannot be started or its status is unknown
     */
    int execute(String command, OutputListener output) throws InterruptedException;

    /**
     * Copies a local file or directory to the machine.
     *
     * <p>A file is written at exactly {@code destination}. A directory's contents are written into the directory
     * {@code destination}, which is created when missing. Files keep their POSIX permission bits (an executable
     * script stays executable). Needs no shell on the machine.
     *
     * @param source an existing local file or directory, never null
     * @param destination an absolute path on the machine, never null
     * @throws InterruptedException when cancelled
     * @throws CommunicatorException when the copy fails
     */
    void upload(Path source, String destination) throws InterruptedException;

    /**
     * Copies a local directory to the machine: the directory itself, or only its contents.
     *
     * <p>With {@code contentsOnly} false the directory is written as {@code <destination>/<its name>} (Packer's
     * {@code "source": "dir"}); with true its contents are written into {@code destination} (Packer's
     * {@code "source": "dir/"}). Missing directories on the way are created. Files keep their permission bits and
     * symbolic links stay links, as with {@link #upload(Path, String)}.
     *
     * <p>The default calls {@link #upload(Path, String)} with the directory's final destination, so communicators
     * written before this method existed support it unchanged.
     *
     * @param directory an existing local directory, never null
     * @param destination an absolute directory path on the machine, never null
     * @param contentsOnly whether only the directory's contents are copied
     * @throws InterruptedException when cancelled
     * @throws CommunicatorException when the copy fails
     * @since 0.1
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    default void uploadDirectory(Path directory, String destination, boolean contentsOnly)
            throws InterruptedException {
        if (contentsOnly || directory.getFileName() == null) {
            upload(directory, destination);
        } else {
            String parent = destination.endsWith("/") ? destination : destination + "/";
            upload(directory, parent + directory.getFileName());
        }
    }

    /**
     * Writes {@code size} bytes read from {@code content} to the file {@code destination} on the machine, with the
     * permission bits {@code mode} (e.g. {@code 0644}).
     *
     * <p>Missing parent directories are created; an existing file is replaced. The stream is read, never closed.
     * The default copies the bytes to a local temporary file with that mode, calls {@link #upload(Path, String)}
     * and deletes the file again, so communicators written before this method existed support it unchanged;
     * communicators that can stream override it.
     *
     * @param content the bytes to write, never null; must hold at least {@code size} bytes
     * @param size how many bytes to write, zero or more
     * @param mode the file's permission bits, {@code 0} to {@code 0777}
     * @param destination an absolute file path on the machine, never null
     * @throws InterruptedException when cancelled
     * @throws CommunicatorException when the stream ends early or the copy fails
     * @since 0.1
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    default void upload(InputStream content, long size, int mode, String destination) throws InterruptedException {
        Path file = null;
        try {
            file = Files.createTempFile("kiln-upload", "");
            try (OutputStream out = Files.newOutputStream(file)) {
                byte[] buffer = new byte[64 * 1024];
                long left = size;
                while (left > 0) {
                    int n = content.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (n < 0) {
                        throw new CommunicatorException("Upload to '" + destination + "' got " + (size - left)
                                + " of " + size + " bytes: the content ended early.", null);
                    }
                    out.write(buffer, 0, n);
                    left -= n;
                }
            }
            Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
            PosixFilePermission[] all = PosixFilePermission.values();
            for (int i = 0; i < all.length; i++) {
                if ((mode & (1 << (8 - i))) != 0) {
                    permissions.add(all[i]);
                }
            }
            try {
                Files.setPosixFilePermissions(file, permissions);
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the upload gets the file system's default mode
            }
            upload(file, destination);
        } catch (ClosedByInterruptException | InterruptedIOException e) {
            Thread.interrupted();
            InterruptedException interrupted = new InterruptedException("Upload to '" + destination + "' interrupted");
            interrupted.initCause(e);
            throw interrupted;
        } catch (IOException e) {
            throw new CommunicatorException("Upload to '" + destination + "' failed: a temporary copy could not be "
                    + "written (" + e + "); check that '" + System.getProperty("java.io.tmpdir") + "' is writable.", e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // a leftover temporary file is harmless
                }
            }
        }
    }

    /**
     * Copies a file or directory from the machine to {@code destination}.
     *
     * @param source an absolute path on the machine, never null
     * @param destination the local path to write, replaced if it exists; its parent must exist
     * @throws InterruptedException when cancelled
     * @throws CommunicatorException when the copy fails
     */
    void download(String source, Path destination) throws InterruptedException;

    /**
     * The command, run on Kiln's host with the terminal attached, that opens an interactive shell on the machine:
     * what {@code -debug} and {@code -on-error=ask} offer as "open a shell", e.g.
     * {@code ["docker", "exec", "-it", "<container>", "/bin/sh"]}.
     *
     * @return the command and its arguments, or empty when this communicator cannot offer one (the default)
     * @since 0.1
     */
    default Optional<List<String>> interactiveShell() {
        return Optional.empty();
    }

    /** Releases the connection; the machine itself is the builder's to remove. Never throws. */
    @Override
    void close();
}
