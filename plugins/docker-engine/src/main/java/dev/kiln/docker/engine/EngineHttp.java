package dev.kiln.docker.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.kiln.api.KilnException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Raw requests to the engine through docker-java's own HTTP client, for what docker-java cannot express: commit and
 * import with {@code changes}, save, load and path stats.
 *
 * <p>Paths carry the API prefix the driver chose (none, so the engine answers at its own version).
 */
final class EngineHttp {

    private final EngineRef endpoint;
    private final DockerHttpClient http;
    private final String apiPrefix;
    private final ObjectMapper mapper;
    private final EngineErrors errors;

    EngineHttp(EngineRef endpoint, DockerHttpClient http, String apiPrefix, ObjectMapper mapper,
            EngineErrors errors) {
        this.endpoint = endpoint;
        this.http = http;
        this.apiPrefix = apiPrefix;
        this.mapper = mapper;
        this.errors = errors;
    }

    /** The mapper for request and answer bodies. */
    ObjectMapper mapper() {
        return mapper;
    }

    /**
     * Sends one request; the caller closes the response.
     *
     * @param contentType the body's type, or null
     * @param body the request body, or null for none
     */
    DockerHttpClient.Response send(String method, String pathAndQuery, String contentType, InputStream body) {
        DockerHttpClient.Request.Builder builder = DockerHttpClient.Request.builder()
                .method(method)
                .path(apiPrefix + pathAndQuery);
        if (contentType != null) {
            builder.putHeader("Content-Type", contentType);
        }
        if (body != null) {
            builder.body(body);
        }
        return http.execute(builder.build());
    }

    /** Sends a request without a body and reads its JSON answer; any failure is reported as {@code what} failing. */
    JsonNode rawJson(String method, String path, String what) {
        try (DockerHttpClient.Response response = send(method, path, null, null)) {
            return readAnswer(response, what, null);
        } catch (IOException | RuntimeException e) {
            if (e instanceof KilnException) {
                throw (KilnException) e;
            }
            throw errors.failure(what, e);
        }
    }

    /**
     * The JSON answer of {@code response}, or a {@link KilnException} with the engine's message when it refused.
     *
     * @param hint what to check, added when the engine calls the request bad (HTTP 400), or null
     */
    JsonNode readAnswer(DockerHttpClient.Response response, String what, String hint) throws IOException {
        if (response.getStatusCode() >= 300) {
            String text = errors.errorText(response);
            throw new KilnException(what + " failed at '" + endpoint.host() + "': " + text
                    + (hint == null || response.getStatusCode() != 400 ? "" : "; " + hint) + ".");
        }
        return mapper.readTree(response.getBody());
    }

    /** The first value of header {@code name}, matched without regard to case, or null. */
    static String header(DockerHttpClient.Response response, String name) {
        for (Map.Entry<String, List<String>> entry : response.getHeaders().entrySet()) {
            if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                return entry.getValue().get(0);
            }
        }
        return null;
    }

    /** {@code s} encoded for a path segment or query value. */
    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
