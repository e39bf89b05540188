package dev.kiln.plugin.docker.testing;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PushResponseItem;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;

/**
 * A real registry for tests: Debian's {@code docker-registry} on a free port of 127.0.0.1 (which the engine reaches
 * over plain HTTP), with basic auth from an {@code htpasswd -B} file ({@link #start}), with token auth from a
 * {@link TestTokenServer} ({@link #startWithTokenAuth}, for identity tokens) or without auth
 * ({@link #startWithoutAuth}), storing its data in a folder the test owns.
 *
 * <pre>{@code
 * try (TestRegistry registry = TestRegistry.start(dir, "ci", "s3cret")) {
 *     String ref = registry.push(engine, "kiln-test/busybox:latest", "kiln-test/private", "1");
 *     ...
 * }
 * }</pre>
 *
 * <p>When {@code docker-registry} or {@code htpasswd} is missing, fails under {@code CI=true} and skips otherwise, as
 * {@link TestEngine#connect()} does.
 */
public final class TestRegistry implements AutoCloseable {

    private final Process process;
    private final String address;
    private final String username;
    private final String password;
    private final TestTokenServer tokens;

    private TestRegistry(Process process, String address, String username, String password, TestTokenServer tokens) {
        this.process = process;
        this.address = address;
        this.username = username;
        this.password = password;
        this.tokens = tokens;
    }

    /**
     * Starts a registry that requires {@code username} and {@code password}, and waits until it answers.
     *
     * @param dir an empty folder for its configuration and data
     */
    public static TestRegistry start(Path dir, String username, String password) throws Exception {
        requireTool("/usr/bin/docker-registry", "docker-registry");
        requireTool("/usr/bin/htpasswd", "apache2-utils");
        Path htpasswd = dir.resolve("htpasswd");
        Process hash = new ProcessBuilder("htpasswd", "-Bbn", username, password)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = new String(hash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!hash.waitFor(30, TimeUnit.SECONDS) || hash.exitValue() != 0) {
            throw new IllegalStateException("htpasswd failed");
        }
        Files.writeString(htpasswd, line);
        return start(dir, List.of(
                "auth:",
                "  htpasswd:",
                "    realm: kiln-test",
                "    path: " + htpasswd), username, password, null);
    }

    /**
     * Starts a registry with token auth, as Docker Hub or Harbor have it, and waits until it answers: clients get a
     * bearer token from a {@link TestTokenServer} with {@code username} and {@code password} (basic auth) or with
     * {@code identityToken} (the OAuth2 refresh token a registry issues at {@code docker login}). {@link #push} works;
     * {@link #hasManifest} does not (the registry takes no basic auth).
     *
     * @param dir an empty folder for its configuration, key and data
     */
    public static TestRegistry startWithTokenAuth(Path dir, String username, String password, String identityToken)
            throws Exception {
        requireTool("/usr/bin/docker-registry", "docker-registry");
        TestTokenServer tokens = TestTokenServer.start(dir, username, password, identityToken);
        try {
            return start(dir, List.of(
                    "auth:",
                    "  token:",
                    "    realm: " + tokens.realm(),
                    "    service: " + TestTokenServer.SERVICE,
                    "    issuer: " + TestTokenServer.ISSUER,
                    "    rootcertbundle: " + tokens.certificateFile()), username, password, tokens);
        } catch (Exception | Error e) {
            tokens.close();
            throw e;
        }
    }

    /** @return the token service of a registry started with {@link #startWithTokenAuth}, or null */
    public TestTokenServer tokens() {
        return tokens;
    }

    /**
     * Starts a registry that anyone may push to and pull from, and waits until it answers.
     *
     * @param dir an empty folder for its configuration and data
     */
    public static TestRegistry startWithoutAuth(Path dir) throws Exception {
        requireTool("/usr/bin/docker-registry", "docker-registry");
        return start(dir, List.of(), null, null, null);
    }

    private static TestRegistry start(Path dir, List<String> authLines, String username, String password,
                                      TestTokenServer tokens) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String address = "127.0.0.1:" + port;
        Path config = dir.resolve("config.yml");
        Files.writeString(config, String.join("\n",
                "version: 0.1",
                "log:",
                "  level: error",
                "storage:",
                "  filesystem:",
                "    rootdirectory: " + dir.resolve("data"),
                "http:",
                "  addr: " + address,
                String.join("\n", authLines),
                ""));
        Process process = new ProcessBuilder("docker-registry", "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                break;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("docker-registry did not start: "
                            + Files.readString(dir.resolve("registry.log")));
                }
                Thread.sleep(50);
            }
        }
        return new TestRegistry(process, address, username, password, tokens);
    }

    private static void requireTool(String path, String debianPackage) {
        if (Files.isExecutable(Path.of(path))) {
            return;
        }
        String why = path + " is missing (Debian package " + debianPackage + "; .ci/run installs it)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("Registry tests need " + why);
        }
        System.err.println("Skipping registry tests: " + why);
        Assumptions.abort(why);
    }

    /**
     * Whether the registry still has {@code repository:tag}, asked over its HTTP API with its credentials.
     *
     * @param repository e.g. {@code kiln-test/x}, without the address
     * @param tag the tag
     * @return true when the manifest exists
     */
    public boolean hasManifest(String repository, String tag) throws Exception {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://" + address + "/v2/" + repository + "/manifests/" + tag))
                .header("Accept", "application/vnd.docker.distribution.manifest.v2+json")
                .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody());
        if (username != null) {
            request.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                    (username + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return java.net.http.HttpClient.newHttpClient().send(request.build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    /** @return {@code 127.0.0.1:port} */
    public String address() {
        return address;
    }

    /**
     * Tags {@code image} as {@code <address>/repository:tag} and pushes it with the registry's credentials.
     *
     * @return the pushed reference
     */
    public String push(String image, String repository, String tag) throws Exception {
        String target = address + "/" + repository;
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        try (DockerClient client = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).sslConfig(config.getSSLConfig()).build())) {
            client.tagImageCmd(image, target, tag).exec();
            AtomicReference<String> error = new AtomicReference<>();
            client.pushImageCmd(target).withTag(tag)
                    .withAuthConfig(username == null ? new AuthConfig() : new AuthConfig().withUsername(username)
                            .withPassword(password).withRegistryAddress(address))
                    .exec(new ResultCallback.Adapter<PushResponseItem>() {
                        @Override
                        public void onNext(PushResponseItem item) {
                            if (item.getErrorDetail() != null) {
                                error.compareAndSet(null, item.getErrorDetail().getMessage());
                            }
                        }
                    }).awaitCompletion(60, TimeUnit.SECONDS);
            if (error.get() != null) {
                throw new IllegalStateException("pushing " + target + ":" + tag + " failed: " + error.get());
            }
            client.removeImageCmd(target + ":" + tag).withNoPrune(true).exec(); // only the name, not the image
        }
        return target + ":" + tag;
    }

    /** Stops the registry; its data goes with the test's folder. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (tokens != null) {
            tokens.close();
        }
    }

    @Override
    public String toString() {
        return "TestRegistry[" + address + (username == null ? ", no auth" : ", users=" + List.of(username))
                + (tokens == null ? "" : ", tokens from " + tokens.realm()) + "]";
    }
}
