package dev.kiln.plugin.shelllocal;

import dev.kiln.api.ComponentContext;
import dev.kiln.api.KilnException;
import dev.kiln.api.Ui;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one command on the host: output shown line by line as it arrives (standard output as details, standard error
 * as errors), exit status returned. When the thread is interrupted or the build is cancelled, the process and every
 * process it started are killed before the {@link InterruptedException} leaves.
 */
final class HostProcess {

    /** How often the wait looks at the build's cancellation besides the thread's interrupt flag. */
    private static final long POLL_MILLIS = 100;
    /** How long to wait for killed processes and their output to end. */
    private static final long KILL_WAIT_SECONDS = 5;

    private HostProcess() {
    }

    /**
     * Runs {@code command} in Kiln's working directory with Kiln's environment plus {@code environment}.
     *
     * @return the exit status
     * @throws InterruptedException when cancelled; the process tree is gone by then
     * @throws KilnException when the program cannot be started
     */
    static int run(ComponentContext context, List<String> command, Map<String, String> environment)
            throws InterruptedException {
        Ui ui = context.ui();
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            // only the program is named: the other elements may carry the variables' values
            throw new KilnException("Cannot run execute_command program '" + command.get(0) + "': " + e.getMessage()
                    + "; check that it exists and is executable.", e);
        }
        Thread out = LinePump.start("shell-local stdout", process.getInputStream(), ui::detail, ui::detailPart);
        Thread err = LinePump.start("shell-local stderr", process.getErrorStream(), ui::error, ui::errorPart);
        boolean finished = false;
        try {
            while (!process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (context.cancelled()) {
                    throw new InterruptedException("shell-local was cancelled");
                }
            }
            // the output is complete once every process that holds the pipes has ended, as in Packer
            out.join();
            err.join();
            finished = true;
            return process.exitValue();
        } finally {
            if (!finished) {
                killTree(process);
                closeQuietly(process.getInputStream());
                closeQuietly(process.getErrorStream());
                joinQuietly(out);
                joinQuietly(err);
            }
        }
    }

    /**
     * Kills {@code process} and everything it started. The whole tree is listed before anything dies, because a
     * killed process's children are handed to init and can no longer be found from here; a second look catches what
     * was started meanwhile.
     */
    static void killTree(Process process) {
        for (int pass = 0; pass < 2; pass++) {
            List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
            if (tree.isEmpty()) {
                break;
            }
            tree.forEach(ProcessHandle::destroyForcibly);
        }
        process.destroyForcibly();
        boolean interrupted = Thread.interrupted();
        try {
            process.waitFor(KILL_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void joinQuietly(Thread thread) {
        boolean interrupted = Thread.interrupted();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(KILL_WAIT_SECONDS));
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // the process is gone; nothing to read anyway
        }
    }
}
