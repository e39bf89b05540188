package dev.kiln.docker.engine;

import static dev.kiln.docker.engine.EngineErrors.rootMessage;

import dev.kiln.api.Cancellation;
import dev.kiln.api.KilnException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Streams tar archives into and out of the engine without holding one whole in memory. */
final class ArchiveStreams {

    private static final int PIPE_SIZE = 256 * 1024;
    private static final int COPY_BUFFER = 64 * 1024;

    private final EngineRef endpoint;
    private final ExecutorService transfers;
    private final EngineErrors errors;

    /** @param transfers the driver's transfer threads; the driver shuts them down */
    ArchiveStreams(EngineRef endpoint, ExecutorService transfers, EngineErrors errors) {
        this.endpoint = endpoint;
        this.transfers = transfers;
        this.errors = errors;
    }

    /**
     * Runs {@code request} on a transfer thread, reading from a pipe, while {@code tar} writes into the pipe on this
     * thread, so nothing is held in memory whole and interrupting this thread aborts the transfer.
     */
    <T> T streamToEngine(String what, TarSource tar, StreamRequest<T> request) throws InterruptedException {
        PipedInputStream in = new PipedInputStream(PIPE_SIZE);
        PipedOutputStream out;
        try {
            out = new PipedOutputStream(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot connect a pipe", e);
        }
        Future<T> result = transfers.submit(() -> {
            try (InputStream body = in) {
                return request.send(body);
            }
        });
        IOException writeFailure = null;
        try {
            tar.writeTo(out);
            // Only a complete archive ends the stream. On a failure the pipe is left open and the transfer thread is
            // interrupted instead, so the request is aborted rather than sent as if half an archive were all of it.
            out.close();
        } catch (InterruptedIOException e) {
            result.cancel(true);
            Thread.interrupted(); // the exception below reports the interruption
            throw new InterruptedException(what + " was interrupted");
        } catch (InterruptedException e) {
            result.cancel(true);
            throw e;
        } catch (IOException e) {
            writeFailure = e;
        } catch (RuntimeException e) {
            result.cancel(true);
            throw e;
        }
        if (writeFailure != null) {
            // The pipe breaks when the engine refused the request: its error is the one to report. When the archive
            // itself failed (a local file unreadable), the transfer thread still waits for more: cancel it below.
            try {
                result.get(2, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw errors.unwrap(what, e);
            } catch (TimeoutException e) {
                result.cancel(true);
            }
            result.cancel(true);
            throw new KilnException(what + " failed: " + writeFailure.getMessage() + ".", writeFailure);
        }
        try {
            while (true) {
                try {
                    return result.get(1, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    // keep waiting for the engine to finish reading and answer; interruption ends the wait
                }
            }
        } catch (InterruptedException e) {
            result.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw errors.unwrap(what, e);
        }
    }

    /** A request that sends {@code body} to the engine and reads its answer, run on a transfer thread. */
    @FunctionalInterface
    interface StreamRequest<T> {
        T send(InputStream body) throws Exception;
    }

    /**
     * Copies what the engine sends into {@code out} and closes {@code in}. A cancel of the work on this thread
     * ({@link Cancellation#current()}) closes {@code in}, so even an engine that stopped sending mid-stream cannot
     * hold the copy; interrupting this thread stops it between reads.
     */
    void copy(InputStream in, OutputStream out, String what) throws InterruptedException {
        byte[] buffer = new byte[COPY_BUFFER];
        Cancellation cancellation = Cancellation.current();
        try (InputStream source = in; Cancellation.Registration closing = cancellation.onCancel(CancellableStream.abort(in))) {
            int n;
            while ((n = source.read(buffer)) >= 0) {
                if (Thread.interrupted() || cancellation.isCancelled()) {
                    throw new InterruptedException(what + " was interrupted");
                }
                out.write(buffer, 0, n);
            }
            if (cancellation.isCancelled()) {
                throw new InterruptedException(what + " was cancelled"); // a closed stream can look like its end
            }
        } catch (IOException e) {
            if (cancellation.isCancelled()) {
                throw new InterruptedException(what + " was cancelled");
            }
            throw new KilnException(what + " failed at '" + endpoint.host() + "': " + rootMessage(e)
                    + "; check free disk space and the engine's health.", e);
        }
    }
}
