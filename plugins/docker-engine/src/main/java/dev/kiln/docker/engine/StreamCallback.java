package dev.kiln.docker.engine;

import com.github.dockerjava.api.async.ResultCallback;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A docker-java stream callback that can be waited on in slices without ending the stream.
 *
 * <p>docker-java 3.7.1's {@code ResultCallbackTemplate.awaitCompletion(long, TimeUnit)} closes the stream in a
 * {@code finally} block whether or not it completed, so a loop of short waits cuts a command off at its first slice.
 * {@link #awaitEnd(long, TimeUnit)} only waits; the stream ends when the engine ends it, on an error, or when
 * {@link #close()} is called (by the caller, on cancel or timeout).
 *
 * @param <T> the item type
 */
abstract class StreamCallback<T> extends ResultCallback.Adapter<T> {

    private final CountDownLatch ended = new CountDownLatch(1);

    /**
     * Waits for the stream to end; never closes it.
     *
     * @return true when it ended (completed, failed or closed), false when the time ran out first
     * @throws RuntimeException the stream's first error, as docker-java reports it
     */
    final boolean awaitEnd(long time, TimeUnit unit) throws InterruptedException {
        if (!ended.await(time, unit)) {
            return false;
        }
        throwFirstError();
        return true;
    }

    /** Every ending (completion, error, close) passes through here in docker-java's template. */
    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            ended.countDown();
        }
    }

    /** Closes {@code callback}, ignoring a failure: closing only stops the stream. */
    static void closeQuietly(StreamCallback<?> callback) {
        try {
            callback.close();
        } catch (Exception e) {
            // closing only stops the stream
        }
    }
}
