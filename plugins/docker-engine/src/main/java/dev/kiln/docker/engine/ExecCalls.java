package dev.kiln.docker.engine;

import static dev.kiln.docker.engine.EngineErrors.shortId;
import static dev.kiln.docker.engine.EngineHttp.enc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.kiln.api.KilnException;
import dev.kiln.api.OutputListener;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Commands run in a container: the exec request, its output stream split into lines, and its exit code. */
final class ExecCalls {

    private static final Duration EXEC_STATUS_WAIT = Duration.ofSeconds(10);
    private static final Duration EXEC_STREAM_GRACE = Duration.ofSeconds(2);
    private static final int READ_BUFFER = 64 * 1024;

    private final EngineRef endpoint;
    private final EngineHttp engine;
    private final EngineErrors errors;
    private final ExecutorService transfers;

    /** @param transfers the driver's transfer threads, which read the output streams */
    ExecCalls(EngineRef endpoint, EngineHttp engine, EngineErrors errors, ExecutorService transfers) {
        this.endpoint = endpoint;
        this.engine = engine;
        this.errors = errors;
        this.transfers = transfers;
    }

    /** Runs a command as {@link DockerDriver#exec} describes and returns its exit code. */
    int run(String containerId, List<String> command, String user, boolean tty, OutputListener output)
            throws InterruptedException {
        String what = "Running '" + String.join(" ", command) + "' in container '" + shortId(containerId) + "'";
        ObjectNode create = JsonTrees.object()
                .put("AttachStdin", false).put("AttachStdout", true).put("AttachStderr", true).put("Tty", tty);
        if (user != null && !user.isBlank()) {
            create.put("User", user);
        }
        command.forEach(create.putArray("Cmd")::add);
        EngineHttp.Answer created = engine.call("POST", "/containers/" + enc(containerId) + "/exec", create, what);
        if (!created.ok()) {
            throw created.failure(what);
        }
        String execId = created.json(what).path("Id").asText("");
        if (execId.isEmpty()) {
            throw new KilnException(what + " failed at '" + endpoint.host() + "': the engine returned no exec ID.");
        }
        LineSplitter stdout = new LineSplitter(output::stdout, output::stdoutPart);
        LineSplitter stderr = new LineSplitter(output::stderr, output::stderrPart);
        ExecOutput stream = new ExecOutput(tty, stdout, stderr);
        ObjectNode start = JsonTrees.object().put("Detach", false).put("Tty", tty);
        stream.reading = transfers.submit(() -> stream.read(execId, start, what));
        try {
            awaitExecStream(execId, stream, what);
        } catch (InterruptedException | KilnException e) {
            stream.close();
            throw e;
        } catch (RuntimeException e) {
            stream.close();
            throw errors.failure(what, e);
        } finally {
            synchronized (stream) { // also when it failed: a line passed in parts must end, what came of it counts
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
    private void awaitExecStream(String execId, ExecOutput stream, String what) throws InterruptedException {
        int slices = 0;
        while (!stream.awaitEnd(1, TimeUnit.SECONDS)) {
            if (++slices % 2 == 0 && !inspect(execId, what).path("Running").asBoolean(false)) {
                // The command ended but something it started in the background still holds its output open.
                if (!stream.awaitEnd(EXEC_STREAM_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    stream.close();
                }
                return;
            }
        }
    }

    private JsonNode inspect(String execId, String what) {
        EngineHttp.Answer answer = engine.call("GET", "/exec/" + enc(execId) + "/json", null, what);
        if (!answer.ok()) {
            throw answer.failure(what);
        }
        return answer.json(what);
    }

    private int exitCode(String execId, String what) throws InterruptedException {
        long deadline = System.nanoTime() + EXEC_STATUS_WAIT.toNanos();
        long pause = 10;
        while (true) {
            JsonNode exec = inspect(execId, what);
            JsonNode code = exec.get("ExitCode");
            if (!exec.path("Running").asBoolean(false) && code != null && code.isNumber()) {
                return code.intValue();
            }
            if (System.nanoTime() > deadline) {
                throw new KilnException(what + ": its output ended but the engine reported no exit status within "
                        + EXEC_STATUS_WAIT.toSeconds() + " s; check the engine's health ('docker info').");
            }
            TimeUnit.MILLISECONDS.sleep(pause);
            pause = Math.min(pause * 2, 200);
        }
    }

    /**
     * An exec's attached output, read on a transfer thread into the line splitters (under this object's lock, under
     * which the caller finishes them). It ends when the engine ends it, on an error, or on {@link #close()}, which
     * aborts the connection; after a close, nothing more is passed on and an error is not one.
     */
    private final class ExecOutput {
        private final FrameDemultiplexer frames;
        private final CountDownLatch ended = new CountDownLatch(1);
        private volatile Future<?> reading;
        private volatile AutoCloseable connection;
        private volatile boolean closed;
        private volatile RuntimeException failure;

        ExecOutput(boolean tty, LineSplitter stdout, LineSplitter stderr) {
            this.frames = new FrameDemultiplexer(tty, stdout::accept, stderr::accept);
        }

        void read(String execId, JsonNode start, String what) {
            try (DockerHttpClient.Response response = engine.send("POST", "/exec/" + enc(execId) + "/start", start)) {
                if (response.getStatusCode() >= 300) {
                    String answer = errors.errorText(response);
                    throw new KilnException(what + " failed at '" + endpoint.host() + "': " + answer + ".");
                }
                InputStream body = response.getBody();
                AutoCloseable abort = CancellableStream.abort(body);
                connection = () -> {
                    abort.close();
                    response.close();
                };
                if (closed) {
                    return;
                }
                byte[] buffer = new byte[READ_BUFFER];
                int n;
                while ((n = body.read(buffer)) >= 0) {
                    synchronized (this) {
                        if (closed) {
                            return;
                        }
                        frames.feed(buffer, 0, n);
                    }
                }
            } catch (Exception e) {
                if (!closed) {
                    failure = e instanceof RuntimeException ? (RuntimeException) e : new RuntimeException(e);
                }
            } finally {
                ended.countDown();
            }
        }

        /**
         * Waits for the stream to end; never closes it.
         *
         * @return true when it ended (completed, failed or closed), false when the time ran out first
         * @throws RuntimeException what the stream failed with
         */
        boolean awaitEnd(long time, TimeUnit unit) throws InterruptedException {
            if (!ended.await(time, unit)) {
                return false;
            }
            if (failure != null) {
                throw failure;
            }
            return true;
        }

        /** Stops the stream: aborts its connection and ends the wait. */
        void close() {
            closed = true;
            AutoCloseable open = connection;
            if (open != null) {
                try {
                    open.close();
                } catch (Exception e) {
                    // closing only stops the stream
                }
            }
            Future<?> task = reading;
            if (task != null) {
                task.cancel(true); // a request still waiting for its answer
            }
            ended.countDown();
        }
    }
}
