package dev.kiln.docker.engine;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP/1.1 to a local engine over the JDK's own unix-domain sockets ({@code unix://} endpoints), for docker-java and
 * Kiln's raw requests alike. docker-java's zerodep client sets up a TLS context and parses a public-suffix list even
 * for a unix socket (about 200 ms of a cold start) and sends bodies in 8 KiB chunks; this one sets up nothing and
 * sends 64 KiB chunks, as {@code docker cp} sends 32 KiB.
 *
 * <p>One connection per request, closed with its response: connecting to a unix socket costs microseconds, and there
 * is no pool to go stale when the engine restarts. Reads and writes go straight to the channel, so a hijacked
 * connection (an exec with standard input) can be read and written at once, which the JDK's channel streams cannot.
 * {@link #close()} closes every connection still open, which ends any request in flight at once (how
 * {@link EngineTransport} aborts on a cancel); so does interrupting the thread blocked in it.
 */
final class UnixSocketHttpClient implements DockerHttpClient {

    private static final int BUFFER = 64 * 1024;
    private static final int MAX_HEAD = 64 * 1024;
    /** Request and response heads, as zerodep's {@code http.headers} log shows them; off unless asked for. */
    private static final Logger HEADERS = LoggerFactory.getLogger("dev.kiln.docker.engine.http.headers");
    /**
     * Request bodies sent whole (the JSON of create, exec and commit requests), as zerodep's {@code http.wire} log
     * shows them; off unless asked for. Streamed bodies and every answer's body are not shown: the engine's raw
     * streams put frame headers anywhere, also inside a sensitive value, where no masking could find it again.
     */
    private static final Logger WIRE = LoggerFactory.getLogger("dev.kiln.docker.engine.http.wire");

    private final UnixDomainSocketAddress address;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** @param socket the engine's socket, e.g. {@code /var/run/docker.sock} */
    UnixSocketHttpClient(Path socket) {
        this.address = UnixDomainSocketAddress.of(socket);
    }

    @Override
    public Response execute(Request request) {
        if (closed) {
            throw new IllegalStateException("the client is closed");
        }
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            open.add(channel);
            if (closed) { // closed while this request opened its channel: close() may have missed it
                throw new IOException("the client is closed");
            }
            channel.connect(address);
            ChannelOutput out = new ChannelOutput(channel);
            byte[] fixed = request.bodyBytes();
            InputStream streamed = fixed == null ? request.body() : null;
            byte[] head = head(request, fixed, streamed != null);
            if (HEADERS.isDebugEnabled()) {
                new String(head, StandardCharsets.UTF_8).lines().filter(line -> !line.isEmpty())
                        .forEach(line -> HEADERS.debug(">> {}", line));
            }
            out.write(head);
            if (WIRE.isDebugEnabled()) {
                if (fixed != null) {
                    wire(">>", fixed, 0, fixed.length);
                } else if (streamed != null) {
                    WIRE.debug(">> (a body streamed in chunks, not shown)");
                }
            }
            if (fixed != null) {
                out.write(fixed);
            } else if (streamed != null) {
                sendChunked(streamed, out);
            }
            out.flush();
            ChannelInput in = new ChannelInput(channel);
            int status = readStatus(in);
            Map<String, List<String>> headers = readHeaders(in);
            if (HEADERS.isDebugEnabled()) {
                HEADERS.debug("<< status {}", status);
                headers.forEach((name, values) -> values.forEach(value -> HEADERS.debug("<< {}: {}", name, value)));
            }
            InputStream body = body(request.method(), status, headers, in);
            SocketChannel connection = channel;
            if (request.hijackedInput() != null) {
                feed(request.hijackedInput(), out, connection);
            }
            return new SocketResponse(status, headers, body, () -> release(connection));
        } catch (IOException e) {
            release(channel);
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            release(channel);
            throw e;
        }
    }

    /** The request line and headers; a streamed body goes chunked, a fixed one with its length. */
    private static byte[] head(Request request, byte[] fixed, boolean streamed) {
        StringBuilder head = new StringBuilder(request.method()).append(' ').append(request.path())
                .append(" HTTP/1.1\r\nHost: docker\r\n");
        boolean connection = false;
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
            connection |= header.getKey().equalsIgnoreCase("Connection");
        }
        if (!connection) {
            head.append("Connection: close\r\n"); // one request per connection
        }
        if (fixed != null) {
            head.append("Content-Length: ").append(fixed.length).append("\r\n");
        } else if (streamed) {
            head.append("Transfer-Encoding: chunked\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void sendChunked(InputStream body, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER];
        try (body) {
            int n;
            while ((n = body.readNBytes(buffer, 0, buffer.length)) > 0) {
                out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(buffer, 0, n);
                out.write('\r');
                out.write('\n');
            }
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** Copies an exec's standard input to the connection on a thread of its own, until it ends. */
    private void feed(InputStream stdin, ChannelOutput out, SocketChannel channel) {
        Thread feeder = new Thread(() -> {
            byte[] buffer = new byte[BUFFER];
            try (stdin) {
                int n;
                while ((n = stdin.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
                channel.shutdownOutput();
            } catch (IOException e) {
                // the connection closed: the response's reader sees it
            }
        }, "kiln-docker-stdin");
        feeder.setDaemon(true);
        feeder.start();
    }

    private static int readStatus(ChannelInput in) throws IOException {
        String line = in.readLine();
        while (line.isEmpty()) {
            line = in.readLine();
        }
        String[] parts = line.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("the engine's answer does not start with an HTTP status line: '" + line + "'");
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("the engine's answer has no valid status: '" + line + "'", e);
        }
    }

    private static Map<String, List<String>> readHeaders(ChannelInput in) throws IOException {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String line = in.readLine(); !line.isEmpty(); line = in.readLine()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(line.substring(0, colon).trim(), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).trim());
            }
        }
        return headers;
    }

    private static InputStream body(String method, int status, Map<String, List<String>> headers, ChannelInput in)
            throws IOException {
        if (method.equals("HEAD") || status == 204 || status == 304 || status >= 100 && status < 200 && status != 101) {
            return InputStream.nullInputStream();
        }
        String encoding = first(headers, "Transfer-Encoding");
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            return new ChunkedInput(in);
        }
        String length = first(headers, "Content-Length");
        if (length != null && status != 101) {
            try {
                return new LengthInput(in, Long.parseLong(length.trim()));
            } catch (NumberFormatException e) {
                throw new IOException("the engine's answer has an invalid Content-Length: '" + length + "'", e);
            }
        }
        return in; // an upgraded (hijacked) connection or no length: the body ends with the connection
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private void release(SocketChannel channel) {
        if (channel == null) {
            return;
        }
        open.remove(channel);
        try {
            channel.close();
        } catch (IOException e) {
            // closing only ends the connection
        }
    }

    /** Closes every connection still open: requests in flight fail at once. */
    @Override
    public void close() {
        closed = true;
        for (SocketChannel channel : List.copyOf(open)) {
            release(channel);
        }
    }

    /** An answer whose body reads from its connection; closing it closes the connection, unread or not. */
    private record SocketResponse(int status, Map<String, List<String>> headers, InputStream body, Runnable release)
            implements Response {

        @Override public int getStatusCode() { return status; }
        @Override public Map<String, List<String>> getHeaders() { return headers; }

        @Override
        public InputStream getBody() {
            return new InputStream() { // closing the body ends the connection too, as docker-java expects
                @Override public int read() throws IOException { return body.read(); }
                @Override public int read(byte[] b, int off, int len) throws IOException { return body.read(b, off, len); }
                @Override public int available() throws IOException { return body.available(); }
                @Override public void close() { release.run(); }
            };
        }

        @Override
        public void close() {
            release.run();
        }
    }

    /** Reads the channel directly (not through the JDK's channel stream, which holds a lock a writer needs too). */
    static final class ChannelInput extends InputStream {
        private final SocketChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER).flip();

        ChannelInput(SocketChannel channel) {
            this.channel = channel;
        }

        private boolean fill() throws IOException {
            int n = 0;
            while (!buffer.hasRemaining() && n >= 0) {
                buffer.clear();
                n = channel.read(buffer); // blocking: at least one byte, or the end
                buffer.flip();
            }
            return buffer.hasRemaining();
        }

        @Override
        public int read() throws IOException {
            return fill() ? buffer.get() & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, buffer.remaining());
            buffer.get(b, off, n);
            return n;
        }

        @Override
        public int available() {
            return buffer.remaining();
        }

        /** A header line without its CRLF; a line longer than the head may be is an error. */
        String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = read(); b != '\n'; b = read()) {
                if (b < 0) {
                    throw new EOFException("connection closed in the headers");
                }
                if (line.size() >= MAX_HEAD) {
                    throw new IOException("the engine's answer has a header line longer than " + MAX_HEAD + " bytes");
                }
                line.write(b);
            }
            String text = line.toString(StandardCharsets.UTF_8);
            return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        }
    }

    /** Writes the channel directly, buffered. */
    static final class ChannelOutput extends OutputStream {
        private final SocketChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);

        ChannelOutput(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            if (!buffer.hasRemaining()) {
                flush();
            }
            buffer.put((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (!buffer.hasRemaining()) {
                    flush();
                }
                int n = Math.min(len, buffer.remaining());
                buffer.put(b, off, n);
                off += n;
                len -= n;
            }
        }

        @Override
        public void flush() throws IOException {
            buffer.flip();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            buffer.clear();
        }
    }

    /**
     * Logs a whole body as zerodep's wire log does: one line per line of it, each quoted, line ends and other bytes
     * outside printable ASCII as {@code [\\r]}, {@code [\\n]}, {@code [0x1b]}; the log's own masking hides sensitive
     * values in it (a JSON string has no raw line break, so a value in one stays on one line).
     */
    static void wire(String direction, byte[] bytes, int offset, int length) {
        StringBuilder line = new StringBuilder();
        for (int i = offset; i < offset + length; i++) {
            int b = bytes[i] & 0xff;
            if (b == '\r') {
                line.append("[\\r]");
            } else if (b == '\n') {
                line.append("[\\n]");
                WIRE.debug("{} \"{}\"", direction, line);
                line.setLength(0);
            } else if (b < 32 || b > 126) {
                line.append("[0x").append(Integer.toHexString(b)).append(']');
            } else {
                line.append((char) b);
            }
        }
        if (line.length() > 0) {
            WIRE.debug("{} \"{}\"", direction, line);
        }
    }

    /** A body of a known length. */
    private static final class LengthInput extends InputStream {
        private final InputStream in;
        private long left;

        LengthInput(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed " + left + " bytes before the end");
            }
            left--;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException("connection closed " + left + " bytes before the end");
            }
            left -= n;
            return n;
        }
    }

    /** A chunked body ({@code Transfer-Encoding: chunked}), as the engine sends streams and most answers. */
    private static final class ChunkedInput extends InputStream {
        private final ChannelInput in;
        private long left;
        private boolean done;

        ChunkedInput(ChannelInput in) {
            this.in = in;
        }

        private boolean next() throws IOException {
            if (done) {
                return false;
            }
            if (left > 0) {
                return true;
            }
            String size = in.readLine();
            if (size.isEmpty()) { // the CRLF after the previous chunk's data
                size = in.readLine();
            }
            int extension = size.indexOf(';');
            try {
                left = Long.parseLong((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("the engine's answer has an invalid chunk size: '" + size + "'", e);
            }
            if (left == 0) {
                done = true;
                for (String trailer = in.readLine(); !trailer.isEmpty(); trailer = in.readLine()) {
                    // trailers: none that Kiln reads
                }
                return false;
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            if (!next()) {
                return -1;
            }
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed in a chunk");
            }
            left--;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!next()) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException("connection closed in a chunk");
            }
            left -= n;
            return n;
        }
    }
}
