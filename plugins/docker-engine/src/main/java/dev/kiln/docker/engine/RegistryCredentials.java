package dev.kiln.docker.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.api.KilnException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Finds the credentials the docker CLI would use for a registry, from where it keeps them: {@code
 * $DOCKER_CONFIG/config.json}, or {@code ~/.docker/config.json} when {@code DOCKER_CONFIG} is not set.
 *
 * <p>As in the CLI, the store is chosen per registry: {@code credHelpers[registry]} names a helper for that registry,
 * otherwise {@code credsStore} names one for all; a helper {@code docker-credential-<name>} is found on {@code PATH}
 * and run as {@code docker-credential-<name> get} with the server address on standard input, answering
 * {@code {"Username": ..., "Secret": ...}}; the user name {@code <token>} means the secret is an identity token.
 * Without a helper, or when the helper has no entry for the registry, {@code auths[registry]} is used: {@code auth}
 * (base64 of {@code user:password}) and {@code identitytoken}, either or both. Keys match by host name, so
 * {@code https://127.0.0.1:5000/v1/} matches {@code 127.0.0.1:5000}; Docker Hub's key is {@value #DOCKER_HUB}.
 *
 * <p>The environment is a parameter, so tests pass their own {@code DOCKER_CONFIG}, {@code HOME} and {@code PATH}.
 * Nothing here logs, and no message carries a password or token: a config file that does not parse is reported by
 * line and column only, and a failing helper by its exit status and first line of output.
 */
public final class RegistryCredentials {

    /** The server address the docker CLI uses for Docker Hub, in {@code auths} and with helpers. */
    public static final String DOCKER_HUB = "https://index.docker.io/v1/";

    /** The user name with which a credential helper says that its secret is an identity token. */
    static final String IDENTITY_TOKEN_USERNAME = "<token>";

    private static final Pattern HELPER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final long HELPER_TIMEOUT_SECONDS = 30;

    private final Map<String, String> environment;

    private RegistryCredentials(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /**
     * A look-up in this process's environment.
     *
     * @return the look-up
     */
    public static RegistryCredentials fromEnvironment() {
        return of(System.getenv());
    }

    /**
     * A look-up in the given environment ({@code DOCKER_CONFIG}, {@code HOME}, {@code PATH}); helpers run with
     * exactly this environment.
     *
     * @param environment the variables, never null
     * @return the look-up
     */
    public static RegistryCredentials of(Map<String, String> environment) {
        return new RegistryCredentials(Objects.requireNonNull(environment, "environment"));
    }

    /**
     * The registry an image reference names, as the docker CLI reads it: the part before the first {@code /} when it
     * has a {@code .} or {@code :} or is {@code localhost}, otherwise Docker Hub.
     *
     * @param ref e.g. {@code 127.0.0.1:5000/team/app:1} or {@code alpine}
     * @return e.g. {@code 127.0.0.1:5000}, or {@value #DOCKER_HUB}
     */
    public static String registryOf(String ref) {
        String name = ref.trim();
        int slash = name.indexOf('/');
        if (slash < 0) {
            return DOCKER_HUB;
        }
        String first = name.substring(0, slash);
        if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
            return first.equals("docker.io") || first.equals("index.docker.io") ? DOCKER_HUB : first;
        }
        return DOCKER_HUB;
    }

    /**
     * The host name of a registry address, as the docker CLI compares them: without {@code http(s)://} and path.
     *
     * @param server e.g. {@code https://index.docker.io/v1/} or {@code 127.0.0.1:5000}
     * @return e.g. {@code index.docker.io} or {@code 127.0.0.1:5000}
     */
    public static String hostOf(String server) {
        String host = server.trim();
        if (host.startsWith("http://")) {
            host = host.substring(7);
        } else if (host.startsWith("https://")) {
            host = host.substring(8);
        }
        int slash = host.indexOf('/');
        host = slash < 0 ? host : host.substring(0, slash);
        return host.equals("docker.io") ? "index.docker.io" : host;
    }

    /**
     * The configuration file this look-up reads.
     *
     * @return {@code $DOCKER_CONFIG/config.json} or {@code $HOME/.docker/config.json}
     */
    public Path configFile() {
        String dir = environment.get("DOCKER_CONFIG");
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir, "config.json");
        }
        String home = environment.get("HOME");
        return Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home, ".docker",
                "config.json");
    }

    /**
     * The credentials stored for a registry.
     *
     * @param registry e.g. {@code 127.0.0.1:5000}, or {@value #DOCKER_HUB}
     * @return the credentials with where they came from, or empty when none are stored (or there is no config file)
     * @throws KilnException when the config file cannot be read or parsed, or a helper it names is missing or fails
     */
    public Optional<Found> find(String registry) {
        Path file = configFile();
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode config;
        try {
            config = JsonTrees.read(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            // never Jackson's own message: it may quote the file, and the file holds secrets
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new KilnException("Cannot read registry credentials from '" + file + "': it is not valid JSON"
                    + where + "; fix it or point DOCKER_CONFIG at another folder.");
        } catch (IOException e) {
            throw new KilnException("Cannot read registry credentials from '" + file + "': " + e.getMessage() + ".");
        }
        if (config == null || !config.isObject()) {
            return Optional.empty();
        }
        String host = hostOf(registry);
        String helper = null;
        String source = null;
        JsonNode helpers = config.path("credHelpers");
        JsonNode named = entry(helpers, registry, host);
        if (named != null && named.isTextual() && !named.asText().isBlank()) {
            helper = named.asText().trim();
            source = "credHelpers";
        } else if (config.path("credsStore").isTextual() && !config.path("credsStore").asText().isBlank()) {
            helper = config.path("credsStore").asText().trim();
            source = "credsStore";
        }
        if (helper != null) {
            Optional<Found> fromHelper = fromHelper(file, source, helper, registry);
            if (fromHelper.isPresent()) {
                return fromHelper;
            }
        }
        JsonNode auth = entry(config.path("auths"), registry, host);
        if (auth == null) {
            return Optional.empty();
        }
        String identityToken = auth.path("identitytoken").isTextual() && !auth.path("identitytoken").asText().isBlank()
                ? auth.path("identitytoken").asText().trim() : null;
        if (!auth.path("auth").isTextual() || auth.path("auth").asText().isBlank()) {
            return identityToken == null ? Optional.empty()
                    : Optional.of(new Found(RegistryAuth.ofIdentityToken(registry, identityToken), "auths in " + file));
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(auth.path("auth").asText().trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new KilnException("Cannot read registry credentials for '" + registry + "' from '" + file
                    + "': auths." + host + ".auth is not base64; log in again with 'docker login'.");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw new KilnException("Cannot read registry credentials for '" + registry + "' from '" + file
                    + "': auths." + host + ".auth is not 'user:password' in base64; log in again with 'docker login'.");
        }
        // after 'docker login' with a token, the CLI keeps the user with an empty password and the identity token
        return Optional.of(new Found(new RegistryAuth(registry, decoded.substring(0, colon),
                decoded.substring(colon + 1), identityToken), "auths in " + file));
    }

    /** The value under {@code registry}'s key, exact or by host name; null when none. */
    private static JsonNode entry(JsonNode map, String registry, String host) {
        if (map == null || !map.isObject()) {
            return null;
        }
        if (map.has(registry)) {
            return map.get(registry);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (hostOf(field.getKey()).equals(host)) {
                return field.getValue();
            }
        }
        return null;
    }

    private Optional<Found> fromHelper(Path file, String source, String name, String registry) {
        String program = "docker-credential-" + name;
        if (!HELPER_NAME.matcher(name).matches()) {
            throw new KilnException("The credential helper '" + name + "' (" + source + " in '" + file + "') is not "
                    + "a valid helper name; name the part after 'docker-credential-', e.g. \"pass\".");
        }
        Path executable = onPath(program).orElseThrow(() -> new KilnException("The credential helper '" + program
                + "' (" + source + " in '" + file + "') is not on PATH; install it, or remove " + source
                + " from the file."));
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(executable.toString(), "get").redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new KilnException("Cannot run the credential helper '" + executable + "': " + e.getMessage() + ".");
        }
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()),
                runnable -> {
                    Thread thread = new Thread(runnable, "kiln-credential-helper");
                    thread.setDaemon(true);
                    thread.start();
                });
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(registry.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // a helper that exits without reading its input reports below
        }
        String text;
        try {
            if (!process.waitFor(HELPER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new KilnException("The credential helper '" + program + "' did not answer for '" + registry
                        + "' within " + HELPER_TIMEOUT_SECONDS + " seconds; does it wait for a password prompt?");
            }
            text = new String(output.get(HELPER_TIMEOUT_SECONDS, TimeUnit.SECONDS), StandardCharsets.UTF_8).trim();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new KilnException("Asking the credential helper '" + program + "' for '" + registry
                    + "' was interrupted.");
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new KilnException("Cannot read the answer of the credential helper '" + program + "'.");
        }
        if (process.exitValue() != 0) {
            if (text.toLowerCase(java.util.Locale.ROOT).contains("credentials not found")) {
                return Optional.empty();
            }
            String first = text.lines().findFirst().orElse("").trim();
            if (first.length() > 200) {
                first = first.substring(0, 200) + "...";
            }
            throw new KilnException("The credential helper '" + program + "' (" + source + " in '" + file
                    + "') failed for '" + registry + "' with exit status " + process.exitValue()
                    + (first.isEmpty() ? "" : ": " + first) + ".");
        }
        JsonNode answer;
        try {
            answer = JsonTrees.read(text.substring(Math.max(0, text.indexOf('{'))));
        } catch (JsonProcessingException e) {
            answer = null;
        }
        if (answer == null || !answer.path("Username").isTextual() || !answer.path("Secret").isTextual()) {
            throw new KilnException("The credential helper '" + program + "' answered for '" + registry
                    + "' without a JSON Username and Secret; check it with 'echo " + registry + " | " + program
                    + " get'.");
        }
        String username = answer.get("Username").asText();
        String secret = answer.get("Secret").asText();
        // the docker CLI's convention: the user name <token> means the secret is an identity token
        RegistryAuth found = IDENTITY_TOKEN_USERNAME.equals(username)
                ? RegistryAuth.ofIdentityToken(registry, secret) : new RegistryAuth(registry, username, secret);
        return Optional.of(new Found(found, program + " (" + source + ")"));
    }

    private Optional<Path> onPath(String program) {
        String path = environment.get("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /**
     * Credentials found, with where they came from, for messages.
     *
     * @param auth the credentials; {@link RegistryAuth#toString()} never shows the password
     * @param source e.g. {@code docker-credential-pass (credsStore)} or {@code auths in /home/u/.docker/config.json}
     */
    public record Found(RegistryAuth auth, String source) {
    }
}
