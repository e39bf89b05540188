package dev.kiln.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.nio.file.Path;
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
     * Copies a file or directory from the machine to {@code destination}.
     *
     * @param source an absolute path on the machine, never null
     * @param destination the local path to write, replaced if it exists; its parent must exist
     * @throws InterruptedException when cancelled
     * @throws CommunicatorException when the copy fails
     */
    void download(String source, Path destination) throws InterruptedException;

    /** Releases the connection; the machine itself is the builder's to remove. Never throws. */
    @Override
    void close();
}
