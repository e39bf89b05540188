package dev.kiln.docker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP/1.1 client for local engines against a scripted server on a unix socket: what it sends, and how it reads
 * the answers the engine gives (chunked, with a length, none, upgraded). Every real engine call in the suite goes
 * through it too.
 */
class UnixSocketHttpClientTest {

    @TempDir Path dir;
    private ServerSocketChannel server;
    private UnixSocketHttpClient client;
    private final CompletableFuture<byte[]> received = new CompletableFuture<>();

    @AfterEach
    void stop() throws IOException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Serves one connection: reads the request (up to its end as {@code requestEnd} sees it), sends {@code answer}. */
    private void serve(Function<String, Boolean> requestEnd, byte[] answer, boolean thenHang) throws IOException {
        Path socket = dir.resolve("engine.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        client = new UnixSocketHttpClient(socket);
        Thread thread = new Thread(() -> {
            try (SocketChannel connection = server.accept()) {
                ByteArrayOutputStream request = new ByteArrayOutputStream();
                ByteBuffer buffer = ByteBuffer.allocate(8192);
                while (!requestEnd.apply(request.toString(StandardCharsets.ISO_8859_1))) {
                    buffer.clear();
                    if (connection.read(buffer) < 0) {
                        break;
                    }
                    request.write(buffer.array(), 0, buffer.position());
                }
                received.complete(request.toByteArray());
                connection.write(ByteBuffer.wrap(answer));
                if (thenHang) {
                    Thread.sleep(60_000);
                }
            } catch (IOException | InterruptedException e) {
                received.completeExceptionally(e);
            }
        }, "fake-engine");
        thread.setDaemon(true);
        thread.start();
    }

    private static Function<String, Boolean> headersEnd() {
        return text -> text.contains("\r\n\r\n");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static DockerHttpClient.Request get(String path) {
        return DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET).path(path).build();
    }

    @Test
    void aChunkedAnswerWithExtensionsAndTrailersIsReadWhole() throws Exception {
        serve(headersEnd(), bytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                + "\r\n5;name=value\r\n{\"a\":\r\n3\r\n1}\n\r\n0\r\nX-Trailer: t\r\n\r\n"), false);

        try (DockerHttpClient.Response response = client.execute(get("/v1.41/containers/c0ffee/json"))) {
            assertThat(response.getStatusCode()).isEqualTo(200);
            assertThat(response.getHeader("content-type")).isEqualTo("application/json");
            assertThat(new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}\n");
        }
        assertThat(new String(received.get(5, TimeUnit.SECONDS), StandardCharsets.ISO_8859_1))
                .startsWith("GET /v1.41/containers/c0ffee/json HTTP/1.1\r\nHost: docker\r\n")
                .contains("Connection: close\r\n").doesNotContain("Content-Length").doesNotContain("chunked");
    }

    @Test
    void aFixedBodyGoesWithItsLengthAndAnAnswerWithALengthEndsThere() throws Exception {
        serve(text -> text.endsWith("{\"Image\":\"x\"}"), bytes("HTTP/1.1 201 Created\r\nContent-Length: 12\r\n\r\n"
                + "{\"Id\":\"c1\"}\nextra bytes the answer does not have"), true);

        DockerHttpClient.Request create = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.POST).path("/containers/create")
                .headers(Map.of("Content-Type", "application/json"))
                .bodyBytes("{\"Image\":\"x\"}".getBytes(StandardCharsets.UTF_8)).build();
        try (DockerHttpClient.Response response = client.execute(create)) {
            assertThat(response.getStatusCode()).isEqualTo(201);
            // read to the end of the announced length, without waiting for the connection (held open) to end
            assertThat(new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"Id\":\"c1\"}\n");
        }
        assertThat(new String(received.get(5, TimeUnit.SECONDS), StandardCharsets.ISO_8859_1))
                .contains("Content-Type: application/json\r\n", "Content-Length: 13\r\n");
    }

    @Test
    void aStreamedBodyGoesChunkedIn64KiBChunksAndArrivesIntact() throws Exception {
        byte[] archive = new byte[200_000];
        for (int i = 0; i < archive.length; i++) {
            archive[i] = (byte) (i * 31);
        }
        serve(text -> text.endsWith("\r\n0\r\n\r\n"), bytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"), false);

        DockerHttpClient.Request put = DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.PUT)
                .path("/containers/c1/archive?path=%2Ftmp").body(new ByteArrayInputStream(archive)).build();
        try (DockerHttpClient.Response response = client.execute(put)) {
            assertThat(response.getStatusCode()).isEqualTo(200);
            assertThat(response.getBody().read()).isEqualTo(-1);
        }
        String request = new String(received.get(5, TimeUnit.SECONDS), StandardCharsets.ISO_8859_1);
        assertThat(request).contains("Transfer-Encoding: chunked\r\n");
        String body = request.substring(request.indexOf("\r\n\r\n") + 4);
        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        int chunks = 0;
        for (int at = 0; ; chunks++) {
            int lineEnd = body.indexOf("\r\n", at);
            int size = Integer.parseInt(body.substring(at, lineEnd), 16);
            if (size == 0) {
                break;
            }
            assertThat(size).isLessThanOrEqualTo(64 * 1024);
            decoded.write(bytes(body.substring(lineEnd + 2, lineEnd + 2 + size)));
            at = lineEnd + 2 + size + 2;
        }
        assertThat(decoded.toByteArray()).isEqualTo(archive);
        assertThat(chunks).isEqualTo(4); // 3 x 64 KiB and the rest
    }

    @Test
    void aHeadAnswerHasNoBodyWhateverItsLengthSays() throws Exception {
        serve(headersEnd(), bytes("HTTP/1.1 200 OK\r\nContent-Length: 512\r\nX-Docker-Container-Path-Stat: e30=\r\n"
                + "\r\n"), true);

        DockerHttpClient.Request head = DockerHttpClient.Request.builder().method("HEAD")
                .path("/containers/c1/archive?path=%2Fetc").build();
        try (DockerHttpClient.Response response = client.execute(head)) {
            assertThat(response.getHeader("X-Docker-Container-Path-Stat")).isEqualTo("e30=");
            assertThat(response.getBody().read()).isEqualTo(-1);
        }
    }

    @Test
    void anUpgradedConnectionStreamsUntilTheEngineClosesIt() throws Exception {
        serve(headersEnd(), bytes("HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\n"
                + "Connection: Upgrade\r\nUpgrade: tcp\r\n\r\n\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u0003hi\n"), false);

        DockerHttpClient.Request start = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.POST).path("/exec/e1/start")
                .headers(Map.of("Connection", "Upgrade", "Upgrade", "tcp"))
                .bodyBytes("{\"Detach\":false,\"Tty\":false}".getBytes(StandardCharsets.UTF_8)).build();
        try (DockerHttpClient.Response response = client.execute(start)) {
            assertThat(response.getStatusCode()).isEqualTo(101);
            assertThat(response.getBody().readAllBytes()).hasSize(11).endsWith(bytes("hi\n"));
        }
        assertThat(new String(received.get(5, TimeUnit.SECONDS), StandardCharsets.ISO_8859_1))
                .contains("Connection: Upgrade\r\n").doesNotContain("Connection: close");
    }

    @Test
    void anAnswerCutOffMidBodyIsAnEndOfFileNotAShortBody() throws Exception {
        serve(headersEnd(), bytes("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"Id\":"), false);

        try (DockerHttpClient.Response response = client.execute(get("/containers/c1/json"))) {
            InputStream body = response.getBody();
            assertThatThrownBy(body::readAllBytes).isInstanceOf(java.io.EOFException.class)
                    .hasMessage("connection closed 94 bytes before the end");
        }
    }

    @Test
    void closingTheClientEndsARequestWaitingForItsAnswer() throws Exception {
        serve(text -> false, new byte[0], true); // reads forever, answers never

        CompletableFuture<Throwable> call = CompletableFuture.supplyAsync(() -> {
            try {
                client.execute(get("/_ping")).close();
                return null;
            } catch (UncheckedIOException e) {
                return e;
            }
        });
        Thread.sleep(300);
        long closing = System.nanoTime();
        client.close();

        assertThat(call.get(3, TimeUnit.SECONDS)).isInstanceOf(UncheckedIOException.class);
        assertThat((System.nanoTime() - closing) / 1_000_000).isLessThan(2_000);
        assertThatThrownBy(() -> client.execute(get("/_ping"))).isInstanceOf(IllegalStateException.class);
    }
}
