package dev.kiln.docker.engine;

import static dev.kiln.docker.engine.EngineErrors.shortId;
import static dev.kiln.docker.engine.StreamCallback.closeQuietly;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.model.Frame;
import dev.kiln.api.KilnException;
import dev.kiln.api.OutputListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Commands run in a container: the exec request, its output stream split into lines, and its exit code. */
final class ExecCalls {

    private static final Duration EXEC_STATUS_WAIT = Duration.ofSeconds(10);
    private static final Duration EXEC_STREAM_GRACE = Duration.ofSeconds(2);

    private final DockerClient client;
    private final EngineErrors errors;

    ExecCalls(DockerClient client, EngineErrors errors) {
        this.client = client;
        this.errors = errors;
    }

    /** Runs a command as {@link DockerDriver#exec} describes and returns its exit code. */
    int run(String containerId, List<String> command, String user, boolean tty, OutputListener output)
            throws InterruptedException {
        String what = "Running '" + String.join(" ", command) + "' in container '" + shortId(containerId) + "'";
        ExecCreateCmdResponse created;
        try {
            created = client.execCreateCmd(containerId)
                    .withCmd(command.toArray(String[]::new))
                    .withUser(blankToNull(user))
                    .withAttachStdin(false)
                    .withAttachStdout(true)
                    .withAttachStderr(true)
                    .withTty(tty)
                    .exec();
        } catch (RuntimeException e) {
            throw errors.failure(what, e);
        }
        String execId = created.getId();
        LineSplitter stdout = new LineSplitter(output::stdout, output::stdoutPart);
        LineSplitter stderr = new LineSplitter(output::stderr, output::stderrPart);
        StreamCallback<Frame> callback = new StreamCallback<>() {
            @Override
            public void onNext(Frame frame) {
                synchronized (this) { // the splitters are finished under the same lock
                    switch (frame.getStreamType()) {
                        case STDERR:
                            stderr.accept(frame.getPayload());
                            break;
                        case STDOUT:
                        case RAW:
                            stdout.accept(frame.getPayload());
                            break;
                        default:
                            break;
                    }
                }
            }
        };
        try {
            client.execStartCmd(execId).withDetach(false).withTty(tty).exec(callback);
            awaitExecStream(execId, callback);
        } catch (InterruptedException e) {
            closeQuietly(callback);
            throw e;
        } catch (KilnException e) {
            closeQuietly(callback);
            throw e;
        } catch (RuntimeException e) {
            closeQuietly(callback);
            throw errors.failure(what, e);
        } finally {
            synchronized (callback) { // also when it failed: a line passed in parts must end, what came of it counts
                stdout.finish();
                stderr.finish();
            }
        }
        return exitCode(execId, what);
    }

    /**
     * Waits for the command's output to end, however long the command runs: Kiln sets no limit of its own (the
     * provisioner's {@code timeout} and cancellation interrupt this thread). Every two seconds it asks whether the
     * command itself has ended; once it has, it waits at most a short grace for the stream.
     */
    private void awaitExecStream(String execId, StreamCallback<Frame> callback) throws InterruptedException {
        int slices = 0;
        while (!callback.awaitEnd(1, TimeUnit.SECONDS)) {
            if (++slices % 2 == 0 && !isExecRunning(execId)) {
                // The command ended but something it started in the background still holds its output open.
                if (!callback.awaitEnd(EXEC_STREAM_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    closeQuietly(callback);
                }
                return;
            }
        }
    }

    private boolean isExecRunning(String execId) {
        InspectExecResponse exec = client.inspectExecCmd(execId).exec();
        return Boolean.TRUE.equals(exec.isRunning());
    }

    private int exitCode(String execId, String what) throws InterruptedException {
        long deadline = System.nanoTime() + EXEC_STATUS_WAIT.toNanos();
        long pause = 10;
        while (true) {
            InspectExecResponse exec;
            try {
                exec = client.inspectExecCmd(execId).exec();
            } catch (RuntimeException e) {
                throw errors.failure(what, e);
            }
            if (!Boolean.TRUE.equals(exec.isRunning()) && exec.getExitCodeLong() != null) {
                return exec.getExitCodeLong().intValue();
            }
            if (System.nanoTime() > deadline) {
                throw new KilnException(what + ": its output ended but the engine reported no exit status within "
                        + EXEC_STATUS_WAIT.toSeconds() + " s; check the engine's health ('docker info').");
            }
            TimeUnit.MILLISECONDS.sleep(pause);
            pause = Math.min(pause * 2, 200);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
