package dev.kiln.docker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.api.Cancellation;
import dev.kiln.api.testing.TestCancellation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An engine that starts sending an archive and then falls silent: a cancel must end a save, an export and a download
 * at once, though no interrupt reaches a blocked socket read. The engine is a fake on a unix socket, since a real one
 * cannot be made to stall on purpose.
 * Without the fix the work blocks forever: the timeout (on a thread of its own, since a blocked read ignores
 * interrupts) turns that into a failure.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StalledEngineTest {

    private Path socket;
    private ServerSocketChannel server;
    private final CountDownLatch stalled = new CountDownLatch(1);
    private DockerDriver driver;

    @BeforeEach
    void start() throws IOException {
        socket = Files.createTempDirectory("kiln-stall").resolve("e.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    SocketChannel client = server.accept();
                    Thread serve = new Thread(() -> serve(client), "stalled-engine-connection");
                    serve.setDaemon(true);
                    serve.start();
                }
            } catch (IOException e) {
                // closed by the test
            }
        }, "stalled-engine");
        acceptor.setDaemon(true);
        acceptor.start();
        driver = DockerJavaDriver.connect("unix://" + socket);
    }

    @AfterEach
    void stop() throws IOException {
        driver.close();
        server.close();
        Files.deleteIfExists(socket);
        Files.deleteIfExists(socket.getParent());
    }

    /** Answers {@code _ping}; for anything else sends the start of a chunked body and then nothing, forever. */
    private void serve(SocketChannel client) {
        try (client) {
            InputStream in = Channels.newInputStream(client);
            OutputStream out = Channels.newOutputStream(client);
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                if (head.startsWith("GET /_ping") || head.startsWith("HEAD /_ping") || head.contains("/_ping ")) {
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nApi-Version: 1.41\r\n"
                            + "Content-Length: 2\r\n\r\nOK").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    continue;
                }
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/x-tar\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "10\r\n0123456789abcdef\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                stalled.countDown();
                client.read(ByteBuffer.allocate(1)); // silent until the client gives up and closes
                return;
            }
        } catch (IOException e) {
            // the client closed the connection
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            byte[] bytes = head.toByteArray();
            int n = bytes.length;
            if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n') {
                return head.toString(StandardCharsets.US_ASCII);
            }
        }
        return null;
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
