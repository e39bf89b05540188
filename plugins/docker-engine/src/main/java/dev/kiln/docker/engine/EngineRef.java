package dev.kiln.docker.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.api.Durations;
import dev.kiln.api.KilnException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

/**
 * Which Docker engine a build talks to (its address, TLS material and API version), found the way the docker CLI
 * finds it, and how Kiln came to look there. {@link DockerEngines} resolves one per build and keeps one client per
 * reference, so every component of the build reaches the same engine the same way.
 *
 * <p>The order is: an explicit host (the template's {@code docker_host}); {@code DOCKER_HOST}; the docker context
 * named by {@code DOCKER_CONTEXT} or by {@code currentContext} in {@code $DOCKER_CONFIG/config.json} (default
 * {@code ~/.docker}); and finally {@code unix:///var/run/docker.sock}. TLS follows {@code DOCKER_TLS_VERIFY} and
 * {@code DOCKER_CERT_PATH} for an explicit host and for {@code DOCKER_HOST}, and the context's own TLS material for a
 * context. {@code DOCKER_API_VERSION} pins the API version, as for the docker CLI; without it requests go out
 * unversioned and the engine answers at its own version. {@code KILN_ENGINE_TIMEOUT} (a Go duration, default
 * {@value #DEFAULT_TIMEOUT_TEXT}) is how long Kiln waits for the answer to a request that should come at once; see
 * {@link #timeout()}.
 *
 * @param host the engine's address, e.g. {@code unix:///var/run/docker.sock} or {@code tcp://10.0.0.5:2376}
 * @param source how the address was found: {@code docker_host}, {@code DOCKER_HOST}, {@code context} or {@code default}
 * @param contextName the docker context's name when {@code source} is {@code context}, otherwise null
 * @param tlsVerify whether to speak TLS with the certificates in {@code certPath}
 * @param certPath the directory holding {@code ca.pem}, {@code cert.pem} and {@code key.pem}; null without TLS
 * @param apiVersion the API version to speak, e.g. {@code 1.41}, or null for the engine's own
 * @param timeout how long a request that should be answered at once (ping, inspect, create, start, remove, tag,
 *                list, exec create and inspect, path stats) may wait for its whole answer before it fails naming the
 *                engine; {@link Duration#ZERO} to wait as long as the engine takes. Requests whose answer is a stream
 *                or long engine work (exec and attach output, logs, pull, push, export, save, load, import, copies,
 *                commit) have no such limit, however long the engine stays silent; a cancel ends them at once
 */
public record EngineRef(String host, String source, String contextName, boolean tlsVerify, Path certPath,
                        String apiVersion, Duration timeout) {

    /** The address used when nothing else names one. */
    public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";

    /** The environment variable that sets {@link #timeout()}. */
    public static final String TIMEOUT_VARIABLE = "KILN_ENGINE_TIMEOUT";

    /** {@link #timeout()} when {@value #TIMEOUT_VARIABLE} is not set, as one would write it in the variable. */
    public static final String DEFAULT_TIMEOUT_TEXT = "60s";

    /** {@link #timeout()} when {@value #TIMEOUT_VARIABLE} is not set. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** A reference with the default {@link #timeout()}; the form before the timeout existed. */
    public EngineRef(String host, String source, String contextName, boolean tlsVerify, Path certPath,
                     String apiVersion) {
        this(host, source, contextName, tlsVerify, certPath, apiVersion, DEFAULT_TIMEOUT);
    }

    /** Checks the timeout; null means the default. */
    public EngineRef {
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
    }

    /**
     * Finds the engine for this process: its environment and the user's home directory.
     *
     * @param explicitHost the template's {@code docker_host}, or null
     * @return the endpoint
     * @throws KilnException when a docker context is named but cannot be read, or {@value #TIMEOUT_VARIABLE} is not
     *     a duration
     */
    public static EngineRef resolve(String explicitHost) {
        return resolve(explicitHost, System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /**
     * Finds the engine from the given environment and home directory; a pure function for tests.
     *
     * @param explicitHost the template's {@code docker_host}, or null
     * @param env the environment variables
     * @param home the user's home directory
     * @return the endpoint
     * @throws KilnException when a docker context is named but cannot be read, or {@value #TIMEOUT_VARIABLE} is not
     *     a duration
     */
    public static EngineRef resolve(String explicitHost, Map<String, String> env, Path home) {
        boolean tls = !blank(env.get("DOCKER_TLS_VERIFY")) && !"0".equals(env.get("DOCKER_TLS_VERIFY"))
                && !"false".equalsIgnoreCase(env.get("DOCKER_TLS_VERIFY"));
        Path configDir = blank(env.get("DOCKER_CONFIG")) ? home.resolve(".docker") : Path.of(env.get("DOCKER_CONFIG"));
        Path certPath = tls ? (blank(env.get("DOCKER_CERT_PATH")) ? configDir : Path.of(env.get("DOCKER_CERT_PATH"))) : null;
        String api = blank(env.get("DOCKER_API_VERSION")) ? null : env.get("DOCKER_API_VERSION").trim();
        Duration timeout = timeout(env.get(TIMEOUT_VARIABLE));
        if (!blank(explicitHost)) {
            return new EngineRef(explicitHost.trim(), "docker_host", null, tls, certPath, api, timeout);
        }
        if (!blank(env.get("DOCKER_HOST"))) {
            return new EngineRef(env.get("DOCKER_HOST").trim(), "DOCKER_HOST", null, tls, certPath, api, timeout);
        }
        String context = env.get("DOCKER_CONTEXT");
        String contextOrigin = "DOCKER_CONTEXT";
        if (blank(context)) {
            context = currentContext(configDir.resolve("config.json"));
            contextOrigin = configDir.resolve("config.json").toString();
        }
        if (!blank(context) && !"default".equals(context)) {
            return fromContext(context.trim(), contextOrigin, configDir, api, timeout);
        }
        return new EngineRef(DEFAULT_HOST, "default", null, false, null, api, timeout);
    }

    /** What tells two references apart: the same key means the same engine, spoken to the same way. */
    String key() {
        return host + " tls=" + tlsVerify + " certs=" + certPath + " api=" + apiVersion + " timeout=" + timeout;
    }

    /**
     * The timeout as messages show it, as Go prints durations: {@code 1m0s}, {@code 30s}, or {@code no limit}.
     *
     * @return the text
     */
    public String timeoutText() {
        return timeout.isZero() ? "no limit" : Durations.format(timeout);
    }

    /** {@value #TIMEOUT_VARIABLE}'s value: blank for the default, a Go duration, or 0 for none. */
    private static Duration timeout(String text) {
        if (blank(text)) {
            return DEFAULT_TIMEOUT;
        }
        Duration timeout;
        try {
            timeout = Durations.parse(text, TIMEOUT_VARIABLE);
        } catch (KilnException e) {
            timeout = null;
        }
        if (timeout == null || timeout.isNegative()) {
            throw new KilnException(TIMEOUT_VARIABLE + " is '" + text.strip() + "', which is not a duration Kiln can "
                    + "wait; write it like '30s' or '2m', or '0' to wait as long as the engine takes.");
        }
        return timeout;
    }

    /**
     * Where Kiln looked, for messages: {@code (from DOCKER_HOST)}, {@code (DOCKER_HOST is not set)} and so on.
     *
     * @return the phrase, in parentheses
     */
    public String origin() {
        switch (source) {
            case "docker_host": return "(from docker_host)";
            case "DOCKER_HOST": return "(from DOCKER_HOST)";
            case "context": return "(from docker context '" + contextName + "')";
            default: return "(DOCKER_HOST is not set)";
        }
    }

    /**
     * What the user can do when the engine does not answer.
     *
     * @return a hint, without a trailing period
     */
    public String hint() {
        switch (source) {
            case "docker_host": return "start the engine or correct docker_host in the template";
            case "DOCKER_HOST": return "start the engine or correct DOCKER_HOST";
            case "context": return "start the engine, check the context with 'docker context inspect "
                    + contextName + "', or set DOCKER_HOST";
            default: return "start the engine or set DOCKER_HOST";
        }
    }

    private static EngineRef fromContext(String name, String origin, Path configDir, String api, Duration timeout) {
        String digest = sha256(name);
        Path meta = configDir.resolve("contexts").resolve("meta").resolve(digest).resolve("meta.json");
        if (!Files.isRegularFile(meta)) {
            throw new KilnException("Docker context '" + name + "' (named by " + origin + ") was not found: '" + meta
                    + "' does not exist; run 'docker context ls', or set DOCKER_HOST.");
        }
        JsonNode host;
        try {
            host = JsonTrees.read(meta).path("Endpoints").path("docker").path("Host");
        } catch (IOException e) {
            throw new KilnException("Docker context '" + name + "' could not be read from '" + meta + "': "
                    + e.getMessage() + "; repair it with 'docker context', or set DOCKER_HOST.", e);
        }
        if (!host.isTextual() || host.asText().isBlank()) {
            throw new KilnException("Docker context '" + name + "' in '" + meta + "' names no docker host; "
                    + "repair it with 'docker context update', or set DOCKER_HOST.");
        }
        Path tlsDir = configDir.resolve("contexts").resolve("tls").resolve(digest).resolve("docker");
        boolean tls = Files.isRegularFile(tlsDir.resolve("ca.pem")) || Files.isRegularFile(tlsDir.resolve("cert.pem"));
        return new EngineRef(host.asText(), "context", name, tls, tls ? tlsDir : null, api, timeout);
    }

    private static String currentContext(Path configJson) {
        if (!Files.isRegularFile(configJson)) {
            return null;
        }
        try {
            JsonNode current = JsonTrees.read(configJson).path("currentContext");
            return current.isTextual() ? current.asText() : null;
        } catch (IOException e) {
            // The docker CLI also ignores an unreadable config for host selection; fall back to the default.
            return null;
        }
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
