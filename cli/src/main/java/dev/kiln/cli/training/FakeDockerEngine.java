package dev.kiln.cli.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.URLDecoder;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pretend Docker engine on a unix-domain socket, which exists only so that the ahead-of-time cache's training run
 * (see {@link AotTraining}) can build the bundled training template to the end, recording a build's whole engine path
 * (the client, its HTTP over a unix socket, the engine's JSON, the builder's steps, the shell provisioner, docker-tag),
 * on a user's machine in the background without touching the user's engine. It runs no container and keeps no image.
 *
 * <p>It answers, as Docker 20.10 (API 1.41) does, exactly what a build of a {@code docker} builder with
 * {@code pull: false} and {@code commit: true}, inline shell provisioners and a {@code docker-tag} asks: ping,
 * version, image inspect, container create, start, inspect, kill, stop, remove, exec create, start (output in the
 * engine's multiplexed stream framing, or on the hijacked connection when it is asked to upgrade) and inspect (exit
 * code 0), commit and tag. Anything else gets 404 and is remembered in {@link #unexpected()}, which tests check so that
 * a new engine call of a build fails them instead of silently shrinking the cache. One connection per request, each
 * answered on a thread of its own.
 */
final class FakeDockerEngine implements AutoCloseable {

    /** What the fake says an exec printed, one frame on standard output, so that the output path is recorded too. */
    static final String EXEC_OUTPUT = "training\n";
    private static final String BASE_IMAGE_ID =
            "sha256:9f9dc714ed17d459e9b2bfa8ecba398f548e34d0c0e00af2a6922c3cf38593ec";
    private static final Pattern VERSION_PREFIX = Pattern.compile("^/v1\\.[0-9]+(?=/)");
    private static final Pattern CONTAINER = Pattern.compile("/containers/([^/?]+)(/[a-z]+)?");
    private static final Pattern EXEC = Pattern.compile("/exec/([^/?]+)/(start|json)");
    private static final Pattern IMAGE = Pattern.compile("/images/([^?]+)/(json|tag)");

    private final ObjectMapper mapper = new ObjectMapper();
    private final ServerSocketChannel server;
    private final Path socket;
    /** The containers created, by ID: the configuration each was created with. */
    private final Map<String, ObjectNode> containers = new ConcurrentHashMap<>();
    /** The execs created, by ID: the container each runs in. */
    private final Map<String, String> execs = new ConcurrentHashMap<>();
    private final List<String> unexpected = new CopyOnWriteArrayList<>();

    private FakeDockerEngine(ServerSocketChannel server, Path socket) {
        this.server = server;
        this.socket = socket;
    }

    /**
     * Listens on {@code socket}, which must not exist (so that it can never stand in front of a real engine), and
     * answers on a daemon thread until closed.
     */
    static FakeDockerEngine start(Path socket) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            server.close();
            throw e;
        }
        FakeDockerEngine engine = new FakeDockerEngine(server, socket);
        daemon(engine::accept, "kiln-fake-engine");
        return engine;
    }

    /** The requests answered with 404, as {@code METHOD path}. */
    List<String> unexpected() {
        return List.copyOf(unexpected);
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(socket);
    }

    private static void daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel connection = server.accept();
                daemon(() -> serve(connection), "kiln-fake-engine-connection");
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(SocketChannel connection) {
        try (connection) {
            InputStream in = Channels.newInputStream(connection);
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(connection));
            String[] line = readLine(in).split(" ", 3);
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (String header = readLine(in); !header.isEmpty(); header = readLine(in)) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
            }
            byte[] body = body(in, headers);
            String target = VERSION_PREFIX.matcher(line[1]).replaceFirst("");
            int query = target.indexOf('?');
            String path = query < 0 ? target : target.substring(0, query);
            answer(line[0], path, body, headers.containsKey("Upgrade"), out);
            out.flush();
        } catch (IOException | RuntimeException e) {
            // the client went away, or sent what no build sends: the connection ends
        }
    }

    private void answer(String method, String path, byte[] body, boolean upgrade, OutputStream out)
            throws IOException {
        Matcher container = CONTAINER.matcher(path);
        Matcher exec = EXEC.matcher(path);
        Matcher image = IMAGE.matcher(path);
        String request = method + " " + path;
        if (request.equals("GET /_ping") || request.equals("HEAD /_ping")) {
            send(out, 200, "text/plain; charset=utf-8", "OK".getBytes(StandardCharsets.US_ASCII), false);
        } else if (request.equals("GET /version")) {
            json(out, 200, version(), false);
        } else if (request.equals("POST /containers/create")) {
            String id = id();
            containers.put(id, (ObjectNode) mapper.readTree(body));
            json(out, 201, mapper.createObjectNode().put("Id", id).set("Warnings", mapper.createArrayNode()), false);
        } else if (method.equals("POST") && path.equals("/commit")) {
            json(out, 201, mapper.createObjectNode().put("Id", "sha256:" + id()), false);
        } else if (container.matches() && containers.containsKey(container.group(1))) {
            answerContainer(method, container.group(1), container.group(2), out);
        } else if (exec.matches() && execs.containsKey(exec.group(1))) {
            answerExec(exec.group(1), exec.group(2), upgrade, out);
        } else if (method.equals("GET") && image.matches() && image.group(2).equals("json")) {
            json(out, 200, image(URLDecoder.decode(image.group(1), StandardCharsets.UTF_8)), false);
        } else if (method.equals("POST") && image.matches() && image.group(2).equals("tag")) {
            send(out, 201, null, new byte[0], false);
        } else {
            unexpected.add(request);
            json(out, 404, mapper.createObjectNode().put("message", "the training engine has no answer to '"
                    + request + "'"), false);
        }
    }

    private void answerContainer(String method, String id, String action, OutputStream out) throws IOException {
        String request = method + " " + (action == null ? "" : action);
        switch (request) {
            case "POST /start", "POST /kill", "POST /stop" -> send(out, 204, null, null, false);
            case "DELETE " -> {
                containers.remove(id);
                send(out, 204, null, null, false);
            }
            case "GET /json" -> json(out, 200, container(id), true); // Docker sends this one chunked
            case "POST /wait" -> json(out, 200, mapper.createObjectNode().put("StatusCode", 0), false);
            case "POST /exec" -> {
                String exec = id();
                execs.put(exec, id);
                json(out, 201, mapper.createObjectNode().put("Id", exec), false);
            }
            default -> {
                unexpected.add(method + " /containers/" + id + (action == null ? "" : action));
                json(out, 404, mapper.createObjectNode().put("message", "no such call"), false);
            }
        }
    }

    private void answerExec(String id, String action, boolean upgrade, OutputStream out) throws IOException {
        if (action.equals("json")) {
            json(out, 200, mapper.createObjectNode().put("ID", id).put("Running", false).put("ExitCode", 0)
                    .put("OpenStdin", false).put("OpenStderr", true).put("OpenStdout", true)
                    .put("CanRemove", false).put("ContainerID", execs.get(id)).put("DetachKeys", "")
                    .put("Pid", 4242), false);
            return;
        }
        // the output stream: the frame header (stream 1, three zero bytes, the length), then the payload, until
        // the connection ends; a hijacked connection first says it switched protocols
        byte[] payload = EXEC_OUTPUT.getBytes(StandardCharsets.UTF_8);
        ByteBuffer frame = ByteBuffer.allocate(8 + payload.length).put((byte) 1).put(new byte[3])
                .putInt(payload.length).put(payload);
        if (upgrade) {
            out.write(("HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\n"
                    + "Connection: Upgrade\r\nUpgrade: tcp\r\n" + commonHeaders() + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        } else {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n" + commonHeaders()
                    + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.write(frame.array());
    }

    private JsonNode version() {
        return mapper.createObjectNode().put("Version", "20.10.24").put("ApiVersion", "1.41")
                .put("MinAPIVersion", "1.12").put("GitCommit", "5d6db84").put("GoVersion", "go1.19.8")
                .put("Os", "linux").put("Arch", "amd64").put("KernelVersion", "6.1.0")
                .put("BuildTime", "2023-05-07T21:09:36.000000000+00:00");
    }

    private JsonNode image(String ref) {
        String name = ref.contains(":") || ref.startsWith("sha256") ? ref : ref + ":latest";
        ObjectNode image = mapper.createObjectNode().put("Id", ref.startsWith("sha256:") ? ref : BASE_IMAGE_ID);
        image.putArray("RepoTags").add(name);
        image.putArray("RepoDigests");
        image.put("Parent", "").put("Comment", "").put("Created", "2026-01-01T00:00:00.000000000Z")
                .put("DockerVersion", "20.10.24").put("Author", "");
        ObjectNode config = image.putObject("Config").put("Hostname", "").put("User", "").put("Tty", false)
                .put("OpenStdin", false).put("WorkingDir", "");
        config.putArray("Env").add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        config.putArray("Cmd").add("sh");
        config.putNull("Entrypoint");
        config.putNull("Labels");
        image.put("Architecture", "amd64").put("Os", "linux").put("Size", 1984230).put("VirtualSize", 1984230);
        image.putObject("RootFS").put("Type", "layers").putArray("Layers").add(BASE_IMAGE_ID);
        return image;
    }

    /** A running container, its configuration what it was created with (less the host's part) and the image's. */
    private JsonNode container(String id) {
        ObjectNode created = containers.get(id);
        ObjectNode container = mapper.createObjectNode().put("Id", id).put("Created", "2026-01-01T00:00:00Z")
                .put("Path", "/bin/sh").put("Image", BASE_IMAGE_ID).put("Name", "/kiln-training");
        container.putObject("State").put("Status", "running").put("Running", true).put("Paused", false)
                .put("Restarting", false).put("OOMKilled", false).put("Dead", false).put("Pid", 4241)
                .put("ExitCode", 0).put("Error", "");
        ObjectNode config = container.putObject("Config").put("Hostname", id.substring(0, 12)).put("User", "");
        config.putArray("Env").add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        created.fields().forEachRemaining(field -> {
            if (!field.getKey().equals("HostConfig") && !field.getKey().equals("NetworkingConfig")) {
                config.set(field.getKey(), field.getValue());
            }
        });
        container.putObject("HostConfig").put("NetworkMode", "default").put("Privileged", false);
        return container;
    }

    /** A new 64-digit hexadecimal ID, as the engine makes them. */
    private static String id() {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private void json(OutputStream out, int status, JsonNode body, boolean chunked) throws IOException {
        send(out, status, "application/json", mapper.writeValueAsBytes(body), chunked);
    }

    private static void send(OutputStream out, int status, String type, byte[] body, boolean chunked)
            throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status))
                .append("\r\n").append(commonHeaders()).append("Connection: close\r\n");
        if (type != null) {
            head.append("Content-Type: ").append(type).append("\r\n");
        }
        if (body != null && chunked) {
            head.append("Transfer-Encoding: chunked\r\n");
        } else if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        if (body != null && chunked) {
            out.write((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } else if (body != null) {
            out.write(body);
        }
    }

    private static String commonHeaders() {
        return "Api-Version: 1.41\r\nDocker-Experimental: false\r\nOstype: linux\r\n"
                + "Server: Docker/20.10.24 (linux)\r\n";
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            default -> "Not Found";
        };
    }

    /** The request's body: of its length, chunked, or none. */
    private static byte[] body(InputStream in, Map<String, String> headers) throws IOException {
        String length = headers.get("Content-Length");
        if (length != null) {
            return in.readNBytes(Integer.parseInt(length));
        }
        String encoding = headers.getOrDefault("Transfer-Encoding", "");
        if (!encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            return new byte[0];
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int size = Integer.parseInt(readLine(in).trim(), 16); size > 0;
                size = Integer.parseInt(readLine(in).trim(), 16)) {
            body.write(in.readNBytes(size));
            readLine(in); // the CRLF after the chunk
        }
        while (!readLine(in).isEmpty()) {
            // trailers
        }
        return body.toByteArray();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("the connection ended in a request's head");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }
}
