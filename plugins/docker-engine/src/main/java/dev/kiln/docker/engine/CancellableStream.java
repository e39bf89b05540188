package dev.kiln.docker.engine;

import com.github.dockerjava.zerodep.shaded.org.apache.hc.core5.http.io.EofSensorInputStream;
import dev.kiln.api.Cancellation;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;

/**
 * A stream from the engine that a cancel of the work that opened it closes ({@link Cancellation#current()}), so a
 * read blocked on an engine that stopped sending ends at once; reads after the cancel fail with
 * {@link InterruptedIOException}.
 */
final class CancellableStream extends FilterInputStream {

    private final Cancellation cancellation;
    private final Cancellation.Registration closing;
    private final AutoCloseable response;

    /** @param response closed after the stream, e.g. the HTTP response the stream is the body of */
    CancellableStream(InputStream in, AutoCloseable response) {
        super(in);
        this.cancellation = Cancellation.current();
        this.closing = cancellation.onCancel(abort(in));
        this.response = response;
    }

    /**
     * What closes {@code in} from another thread while a read blocks in it. A plain {@code close()} of an HTTP
     * response body would first read the rest of it, to reuse the connection, and so block as well; aborting closes
     * the connection's socket, which ends the blocked read.
     */
    static AutoCloseable abort(InputStream in) {
        // by name first: the type check would load docker-java's transport, which the local engine's does not use
        return in.getClass().getName().startsWith("com.github.dockerjava.") ? Zerodep.abort(in) : in;
    }

    /** Loaded only for a stream of docker-java's transport (a tcp or TLS engine). */
    private static final class Zerodep {
        static AutoCloseable abort(InputStream in) {
            if (in instanceof EofSensorInputStream response) {
                return response::abort;
            }
            return in;
        }
    }

    @Override
    public int read() throws IOException {
        try {
            return check(super.read());
        } catch (IOException e) {
            throw cancelledOr(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return check(super.read(b, off, len));
        } catch (IOException e) {
            throw cancelledOr(e);
        }
    }

    private int check(int n) throws InterruptedIOException {
        if (cancellation.isCancelled()) {
            throw new InterruptedIOException("cancelled"); // a closed stream can look like its end
        }
        return n;
    }

    private IOException cancelledOr(IOException e) {
        if (cancellation.isCancelled() && !(e instanceof InterruptedIOException)) {
            InterruptedIOException cancelled = new InterruptedIOException("cancelled");
            cancelled.initCause(e);
            return cancelled;
        }
        return e;
    }

    @Override
    public void close() throws IOException {
        closing.close();
        try {
            super.close();
        } finally {
            try {
                response.close();
            } catch (Exception e) {
                // the body is closed; the response has nothing more to give back
            }
        }
    }
}
