package dev.kiln.plugin.docker.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A registry token service for {@link TestRegistry#startWithTokenAuth}: the part of a registry such as Docker Hub or
 * Harbor that issues the bearer tokens the registry checks, so that identity tokens can be tested for real (a
 * registry with basic auth has no use for them).
 *
 * <p>It answers {@code GET /token} with basic auth (what the engine sends for a user and password) and
 * {@code POST /token} with {@code grant_type=refresh_token} (the OAuth2 exchange the engine makes with an identity
 * token), granting every requested scope to the one user or the one identity token it knows, and refuses anything
 * else with 401. Tokens are JWTs signed with RS256 by a key made here with {@code keytool}; the registry trusts its
 * certificate ({@code rootcertbundle}), which travels in the token's {@code x5c} header. {@link #grants()} says what
 * each request was granted by, so a test can tell that the identity token, not a password, opened the registry.
 */
public final class TestTokenServer implements AutoCloseable {

    /** The registry's service name, the tokens' audience. */
    public static final String SERVICE = "kiln-test-registry";
    /** The tokens' issuer. */
    public static final String ISSUER = "kiln-test-tokens";

    private static final char[] STORE_PASSWORD = "kiln-test".toCharArray();

    private final HttpServer server;
    private final PrivateKey key;
    private final String certificate;
    private final Path certificateFile;
    private final String username;
    private final String password;
    private final String identityToken;
    private final List<String> grants = Collections.synchronizedList(new ArrayList<>());

    private TestTokenServer(HttpServer server, PrivateKey key, X509Certificate certificate, Path certificateFile,
                            String username, String password, String identityToken)
            throws java.security.cert.CertificateEncodingException {
        this.server = server;
        this.key = key;
        this.certificate = Base64.getEncoder().encodeToString(certificate.getEncoded());
        this.certificateFile = certificateFile;
        this.username = username;
        this.password = password;
        this.identityToken = identityToken;
    }

    /**
     * Starts a token service on a free port of 127.0.0.1.
     *
     * @param dir a folder for its key and certificate
     * @param username the user that may log in with {@code password}
     * @param password the user's password
     * @param identityToken the refresh token it accepts
     */
    public static TestTokenServer start(Path dir, String username, String password, String identityToken)
            throws Exception {
        Path store = dir.resolve("tokens.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "tokens", "-keyalg", "RSA", "-keysize", "2048", "-sigalg", "SHA256withRSA",
                "-dname", "CN=" + ISSUER, "-validity", "7", "-ext", "BasicConstraints=ca:true",
                "-ext", "KeyUsage=digitalSignature,keyCertSign", "-storetype", "PKCS12", "-keystore",
                store.toString(), "-storepass", new String(STORE_PASSWORD), "-keypass", new String(STORE_PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, STORE_PASSWORD);
        }
        PrivateKey key = (PrivateKey) keys.getKey("tokens", STORE_PASSWORD);
        X509Certificate certificate = (X509Certificate) keys.getCertificate("tokens");
        Path pem = dir.resolve("tokens.pem");
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64,
                "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        TestTokenServer tokens = new TestTokenServer(server, key, certificate, pem, username, password,
                identityToken);
        server.createContext("/token", tokens::handle);
        server.start();
        return tokens;
    }

    /** @return the URL the registry sends clients to, {@code http://127.0.0.1:port/token} */
    public String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    /** @return the PEM file of the certificate the registry trusts */
    public Path certificateFile() {
        return certificateFile;
    }

    /**
     * What each granted request was granted by, in order: {@code basic <user>} or {@code refresh_token}.
     *
     * @return a copy
     */
    public List<String> grants() {
        synchronized (grants) {
            return List.copyOf(grants);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            Map<String, List<String>> form = new LinkedHashMap<>();
            parse(exchange.getRequestURI().getRawQuery(), form);
            String grantedBy = null;
            String subject = null;
            if (exchange.getRequestMethod().equals("POST")) {
                parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), form);
                if ("refresh_token".equals(first(form, "grant_type"))
                        && identityToken.equals(first(form, "refresh_token"))) {
                    grantedBy = "refresh_token";
                    subject = username;
                }
            } else {
                String expected = "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                        .getBytes(StandardCharsets.UTF_8));
                if (expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    grantedBy = "basic " + username;
                    subject = username;
                }
            }
            if (grantedBy == null) {
                respond(exchange, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"the token service "
                        + "refused the credentials\"}]}");
                return;
            }
            grants.add(grantedBy);
            String token = token(subject, form.getOrDefault("scope", List.of()));
            respond(exchange, 200, "{\"token\":\"" + token + "\",\"access_token\":\"" + token
                    + "\",\"expires_in\":600}");
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        } finally {
            exchange.close();
        }
    }

    /** A JWT granting every action of every scope ({@code repository:kiln-test/x:pull,push}) asked for. */
    private String token(String subject, List<String> scopes) throws java.security.GeneralSecurityException {
        List<String> access = new ArrayList<>();
        for (String scope : scopes) {
            for (String one : scope.split(" ")) {
                int first = one.indexOf(':');
                int last = one.lastIndexOf(':');
                if (first < 0 || last <= first) {
                    continue;
                }
                List<String> actions = new ArrayList<>();
                for (String action : one.substring(last + 1).split(",")) {
                    actions.add("\"" + action + "\"");
                }
                access.add("{\"type\":\"" + one.substring(0, first) + "\",\"name\":\"" + one.substring(first + 1, last)
                        + "\",\"actions\":[" + String.join(",", actions) + "]}");
            }
        }
        long now = System.currentTimeMillis() / 1000;
        String header = "{\"typ\":\"JWT\",\"alg\":\"RS256\",\"x5c\":[\"" + certificate + "\"]}";
        String claims = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"" + subject + "\",\"aud\":\"" + SERVICE
                + "\",\"exp\":" + (now + 600) + ",\"nbf\":" + (now - 60) + ",\"iat\":" + (now - 60) + ",\"jti\":\""
                + UUID.randomUUID() + "\",\"access\":[" + String.join(",", access) + "]}";
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String signed = url.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + url.encodeToString(rsa.sign());
    }

    private static void parse(String encoded, Map<String, List<String>> into) {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            into.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Stops the service. */
    @Override
    public void close() {
        server.stop(0);
    }

    @Override
    public String toString() {
        return "TestTokenServer[" + realm() + "]";
    }
}
