package dev.kiln.plugin.docker.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An engine that misbehaves on purpose, for tests of what Kiln does when a real one hangs: an HTTP/1.1 server on a
 * unix socket or on a TCP port of 127.0.0.1 that answers each request as a route says, e.g. not at all, with half an
 * answer, or with the headers of a stream and then silence. It records every request and notices when the client
 * closes the connection that carried one, so a test can check that a timeout or a cancel closed the socket.
 *
 * <pre>{@code
 * try (FakeEngine engine = FakeEngine.start(FakeEngine.Transport.UNIX, request ->
 *         request.path().endsWith("/_ping") ? FakeEngine.ping() : FakeEngine.silent())) {
 *     ... point DOCKER_HOST (or docker_host) at engine.host() ...
 *     FakeEngine.Request stuck = engine.awaitRequest(r -> r.path().contains("/json"), Duration.ofSeconds(5));
 *     assertThat(engine.awaitClosed(stuck, Duration.ofSeconds(2))).isTrue();
 * }
 * }</pre>
 */
public final class FakeEngine implements AutoCloseable {

    /** Where the engine listens. */
    public enum Transport { UNIX, TCP }

    /** What the engine does with one request. */
    @FunctionalInterface
    public interface Answer {
        /**
         * Writes the answer, or does not.
         *
         * @param out the connection's output
         * @return whether the connection may carry another request
         * @throws IOException when the client closed the connection
         */
        boolean send(OutputStream out) throws IOException;
    }

    /**
     * One request the engine received.
     *
     * @param method e.g. {@code GET}
     * @param path the path with its query, e.g. {@code /containers/c0ffee/json}
     * @param body the request body (chunked bodies decoded)
     * @param closed completes when the client closed the connection that carried the request
     */
    public record Request(String method, String path, String body, CompletableFuture<Void> closed) {
        /** @return whether the path, without its query, ends with {@code suffix} */
        public boolean endpointEndsWith(String suffix) {
            int query = path.indexOf('?');
            return (query < 0 ? path : path.substring(0, query)).endsWith(suffix);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private final ServerSocketChannel server;
    private final Path socket;
    private final String host;
    private final Function<Request, Answer> routes;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<SocketChannel> connections = new CopyOnWriteArrayList<>();

    private FakeEngine(ServerSocketChannel server, Path socket, String host, Function<Request, Answer> routes) {
        this.server = server;
        this.socket = socket;
        this.host = host;
        this.routes = routes;
    }

    /**
     * Starts an engine.
     *
     * @param transport a unix socket in a new temporary folder, or a free TCP port of 127.0.0.1
     * @param routes what to answer to each request
     * @return the engine; close it
     * @throws IOException when it cannot listen
     */
    public static FakeEngine start(Transport transport, Function<Request, Answer> routes) throws IOException {
        ServerSocketChannel server;
        Path socket = null;
        String host;
        if (transport == Transport.UNIX) {
            socket = Files.createTempDirectory("kiln-fake-engine").resolve("docker.sock");
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            host = "unix://" + socket;
        } else {
            server = ServerSocketChannel.open(StandardProtocolFamily.INET);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            host = "tcp://127.0.0.1:" + ((InetSocketAddress) server.getLocalAddress()).getPort();
        }
        FakeEngine engine = new FakeEngine(server, socket, host, routes);
        Thread acceptor = new Thread(engine::accept, "fake-engine-" + transport.name().toLowerCase(Locale.ROOT));
        acceptor.setDaemon(true);
        acceptor.start();
        return engine;
    }

    /** @return the address to give Kiln, {@code unix:///tmp/.../docker.sock} or {@code tcp://127.0.0.1:PORT} */
    public String host() {
        return host;
    }

    /** @return every request so far, in the order they arrived */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /**
     * Waits for a request.
     *
     * @param which what it must be
     * @param timeout how long to wait
     * @return the first request that matches
     * @throws AssertionError when none arrived in time
     */
    public Request awaitRequest(Predicate<Request> which, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Request request : requests) {
                if (which.test(request)) {
                    return request;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no matching request within " + timeout + "; requests: " + requests);
            }
            Thread.sleep(20);
        }
    }

    /**
     * Waits for the client to close the connection that carried {@code request}.
     *
     * @return whether it was closed in time
     */
    public boolean awaitClosed(Request request, Duration timeout) throws InterruptedException {
        try {
            request.closed().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- answers ------------------------------------------------------------------------------------------------

    /** @return the answer of a healthy engine's {@code /_ping} */
    public static Answer ping() {
        return text(200, "text/plain", "OK");
    }

    /** @return a JSON answer */
    public static Answer json(int status, String body) {
        return text(status, "application/json", body);
    }

    /** @return an answer with no body, e.g. 204 to a start or a remove */
    public static Answer noContent() {
        return out -> {
            write(out, "HTTP/1.1 204 No Content\r\nApi-Version: 1.41\r\n\r\n");
            return true;
        };
    }

    /** @return no answer at all: the engine reads the request and then says nothing, until the client gives up */
    public static Answer silent() {
        return out -> false;
    }

    /** @return the status line, headers announcing 1,000 bytes, ten of them, and then the connection closed */
    public static Answer halfThenClose() {
        return out -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nApi-Version: 1.41\r\n"
                    + "Content-Length: 1000\r\n\r\n{\"Id\":\"c0f");
            throw new HalfAnswered();
        };
    }

    /**
     * @param contentType the stream's type, e.g. {@code application/x-tar} or
     *     {@code application/vnd.docker.raw-stream}
     * @param first the bytes sent before the silence (may be empty)
     * @return the headers of a chunked stream and {@code first}, then nothing, until the client gives up
     */
    public static Answer headersThenStall(String contentType, String first) {
        return out -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nApi-Version: 1.41\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n");
            if (!first.isEmpty()) {
                byte[] bytes = first.getBytes(StandardCharsets.UTF_8);
                write(out, Integer.toHexString(bytes.length) + "\r\n");
                out.write(bytes);
                write(out, "\r\n");
            }
            out.flush();
            return false;
        };
    }

    private static Answer text(int status, String contentType, String body) {
        return out -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            write(out, "HTTP/1.1 " + status + " " + (status < 300 ? "OK" : "Error") + "\r\nContent-Type: "
                    + contentType + "\r\nApi-Version: 1.41\r\nContent-Length: " + bytes.length + "\r\n\r\n");
            out.write(bytes);
            out.flush();
            return true;
        };
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Ends the connection after half an answer. */
    private static final class HalfAnswered extends IOException {
        HalfAnswered() {
            super("half answered");
        }
    }

    // ---- the server ---------------------------------------------------------------------------------------------

    private void accept() {
        try {
            while (true) {
                SocketChannel client = server.accept();
                connections.add(client);
                Thread serve = new Thread(() -> serve(client), "fake-engine-connection");
                serve.setDaemon(true);
                serve.start();
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void serve(SocketChannel client) {
        List<Request> carried = new ArrayList<>();
        try (client) {
            InputStream in = Channels.newInputStream(client);
            OutputStream out = Channels.newOutputStream(client);
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                String[] requestLine = head.substring(0, head.indexOf("\r\n")).split(" ");
                String body = readBody(in, head);
                Request request = new Request(requestLine[0], requestLine[1], body, new CompletableFuture<>());
                carried.add(request);
                requests.add(request);
                if (!routes.apply(request).send(out)) {
                    while (in.read() >= 0) {
                        // silent until the client closes the connection
                    }
                    return;
                }
            }
        } catch (IOException e) {
            // the client closed the connection, or an answer ended it
        } finally {
            carried.forEach(request -> request.closed().complete(null));
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

    private static String readBody(InputStream in, String head) throws IOException {
        String lower = head.toLowerCase(Locale.ROOT);
        int length = lower.indexOf("\r\ncontent-length:");
        if (length >= 0) {
            int end = lower.indexOf("\r\n", length + 2);
            int n = Integer.parseInt(head.substring(length + "\r\ncontent-length:".length(), end).trim());
            return new String(in.readNBytes(n), StandardCharsets.UTF_8);
        }
        if (!lower.contains("\r\ntransfer-encoding: chunked")) {
            return "";
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = readLine(in);
            int n = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (n == 0) {
                readLine(in);
                return body.toString(StandardCharsets.UTF_8);
            }
            body.write(in.readNBytes(n));
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        if (b < 0) {
            throw new IOException("the client closed the connection");
        }
        return line.toString();
    }

    /** Stops listening and closes every connection. */
    @Override
    public void close() throws IOException {
        server.close();
        for (SocketChannel connection : connections) {
            try {
                connection.close();
            } catch (IOException e) {
                // already closed
            }
        }
        if (socket != null) {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(socket.getParent());
        }
    }
}
