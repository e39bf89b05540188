package dev.kiln.docker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.api.Cancellation;
import dev.kiln.api.testing.TestCancellation;
import dev.kiln.plugin.docker.testing.FakeEngine;
import dev.kiln.plugin.docker.testing.FakeEngine.Transport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An engine that starts sending an archive and then falls silent: a cancel must end a save, an export and a download
 * at once, though no interrupt reaches a blocked socket read. The engine is {@link FakeEngine} on a unix socket,
 * since a real one cannot be made to stall on purpose.
 * Without the fix the work blocks forever: the timeout (on a thread of its own, since a blocked read ignores
 * interrupts) turns that into a failure.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StalledEngineTest {

    private FakeEngine engine;
    private final CountDownLatch stalled = new CountDownLatch(1);
    private DockerDriver driver;

    /** Answers {@code _ping}; for anything else sends the start of a chunked body and then nothing, forever. */
    @BeforeEach
    void start() throws IOException {
        engine = FakeEngine.start(Transport.UNIX, request -> request.endpointEndsWith("/_ping") ? FakeEngine.ping()
                : out -> {
                    boolean open = FakeEngine.headersThenStall("application/x-tar", "0123456789abcdef").send(out);
                    stalled.countDown();
                    return open;
                });
        driver = DockerJavaDriver.connect(engine.host());
    }

    @AfterEach
    void stop() throws IOException {
        driver.close();
        engine.close();
    }

    /** Runs {@code work} with a cancellation that is cancelled once the engine has stalled; returns how long it ran. */
    private long cancelWhenStalled(Work work) throws Exception {
        TestCancellation cancellation = new TestCancellation();
        Thread canceller = new Thread(() -> {
            try {
                if (stalled.await(10, TimeUnit.SECONDS)) {
                    Thread.sleep(300); // the read is blocked by now
                    cancellation.cancel();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        canceller.start();
        long start = System.nanoTime();
        try (Cancellation.Registration bound = Cancellation.bind(cancellation)) {
            work.run();
        } finally {
            canceller.join();
        }
        assertThat(cancellation.registered()).as("nothing left registered").isZero();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private interface Work {
        void run() throws Exception;
    }

    @Test
    void aCancelEndsASaveThatTheEngineStopsSending() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> cancelWhenStalled(() ->
                driver.saveImage("kiln-test/any:1", new ByteArrayOutputStream())))
                .isInstanceOf(InterruptedException.class);
        assertThat(stalled.getCount()).isZero();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
    }

    @Test
    void aCancelEndsAnExportThatTheEngineStopsSending() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> cancelWhenStalled(() ->
                driver.exportContainer("c0ffee", new ByteArrayOutputStream())))
                .isInstanceOf(InterruptedException.class);
        assertThat(stalled.getCount()).isZero();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
    }

    @Test
    void aCancelEndsADownloadThatTheEngineStopsSending() throws Exception {
        long took = cancelWhenStalled(() -> {
            try (InputStream tar = driver.copyFromContainer("c0ffee", "/etc")) {
                assertThatThrownBy(() -> tar.readAllBytes()).isInstanceOf(InterruptedIOException.class);
            }
        });
        assertThat(took).isLessThan(5_000);
    }
}
