package dev.kiln.docker.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.kiln.api.KilnException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Raw requests to the engine through the driver's HTTP client ({@link EngineTransport}): every call on a build's
 * path, with request bodies built as Jackson trees by hand and answers read as trees, only the fields Kiln uses. This
 * costs a fraction of docker-java's command objects, whose model classes Jackson has to learn cold in every process.
 *
 * <p>Paths carry the API prefix the driver chose (none, so the engine answers at its own version).
 */
final class EngineHttp {

    private final EngineRef endpoint;
    private final DockerHttpClient http;
    private final String apiPrefix;
    private final EngineErrors errors;

    EngineHttp(EngineRef endpoint, DockerHttpClient http, String apiPrefix, EngineErrors errors) {
        this.endpoint = endpoint;
        this.http = http;
        this.apiPrefix = apiPrefix;
        this.errors = errors;
    }

    /**
     * Sends one request; the caller closes the response.
     *
     * @param contentType the body's type, or null
     * @param body the request body, or null for none
     */
    DockerHttpClient.Response send(String method, String pathAndQuery, String contentType, InputStream body) {
        return send(method, pathAndQuery, contentType, body, Map.of());
    }

    /**
     * Sends one request with extra headers; the caller closes the response.
     *
     * @param contentType the body's type, or null
     * @param body the request body, or null for none
     */
    DockerHttpClient.Response send(String method, String pathAndQuery, String contentType, InputStream body,
            Map<String, String> headers) {
        DockerHttpClient.Request.Builder builder = DockerHttpClient.Request.builder()
                .method(method)
                .path(apiPrefix + pathAndQuery);
        headers.forEach(builder::putHeader);
        if (contentType != null) {
            builder.putHeader("Content-Type", contentType);
        }
        if (body != null) {
            builder.body(body);
        }
        return http.execute(builder.build());
    }

    /**
     * Sends one request with a JSON body sent whole (or none); the caller closes the response.
     *
     * @param json the request body, or null for none
     */
    DockerHttpClient.Response send(String method, String pathAndQuery, JsonNode json) {
        DockerHttpClient.Request.Builder builder = DockerHttpClient.Request.builder()
                .method(method)
                .path(apiPrefix + pathAndQuery);
        if (json != null) {
            builder.putHeader("Content-Type", "application/json").bodyBytes(JsonTrees.write(json));
        }
        return http.execute(builder.build());
    }

    /**
     * Sends a request whose answer comes at once and reads the answer whole, whatever its status.
     *
     * @param json the request body, or null for none
     * @throws RuntimeException when no answer came: the transport's own exception, for the caller to phrase
     */
    Answer exchange(String method, String pathAndQuery, JsonNode json) {
        try (DockerHttpClient.Response response = send(method, pathAndQuery, json)) {
            InputStream body = response.getBody();
            return new Answer(response.getStatusCode(), body == null ? new byte[0] : body.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@link #exchange}, reporting a request that got no answer as {@code what} failing ({@link EngineErrors#failure}).
     */
    Answer call(String method, String pathAndQuery, JsonNode json, String what) {
        try {
            return exchange(method, pathAndQuery, json);
        } catch (RuntimeException e) {
            throw errors.failure(what, e);
        }
    }

    /** An answer read whole. */
    final class Answer {
        private final int status;
        private final byte[] body;

        Answer(int status, byte[] body) {
            this.status = status;
            this.body = body;
        }

        int status() {
            return status;
        }

        /** Whether the engine did what was asked (a 2xx status). */
        boolean ok() {
            return status < 300;
        }

        /** The engine's message in an error answer (its JSON {@code message}), or its HTTP status. */
        String message() {
            return errors.messageOf(new String(body, StandardCharsets.UTF_8).trim(), status);
        }

        /** That {@code what} failed, in the engine's words, as {@link EngineErrors#failure} phrases it. */
        KilnException failure(String what) {
            return new KilnException(what + " failed at '" + endpoint.host() + "': " + message() + ".");
        }

        /** The answer's JSON; an answer that is not JSON fails as {@code what} failing. */
        JsonNode json(String what) {
            try {
                return JsonTrees.read(body);
            } catch (IOException e) {
                throw new KilnException(what + " failed at '" + endpoint.host() + "': the engine's answer is not "
                        + "JSON (" + EngineErrors.rootMessage(e) + "); is it a Docker engine?", e);
            }
        }
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
        return JsonTrees.read(response.getBody());
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

    /** The text of a field, or null when it is missing or null (as docker-java's model classes read it). */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** A list of strings, or null when it is missing or null. */
    static List<String> strings(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            return null;
        }
        List<String> list = new ArrayList<>(value.size());
        value.forEach(item -> list.add(item.isNull() ? null : item.asText()));
        return list;
    }

    /** A map of strings (labels), or null when it is missing or null. */
    static Map<String, String> stringMap(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isObject()) {
            return null;
        }
        Map<String, String> map = new LinkedHashMap<>();
        value.fields().forEachRemaining(entry -> map.put(entry.getKey(), entry.getValue().asText()));
        return map;
    }

    /** A filters query value, {@code {"name":["value"]}}, of the given name/value pairs (null values left out). */
    static String filters(String... namesAndValues) {
        ObjectNode filters = JsonTrees.object();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                filters.putArray(namesAndValues[i]).add(namesAndValues[i + 1]);
            }
        }
        return enc(new String(JsonTrees.write(filters), StandardCharsets.UTF_8));
    }

    /** {@code s} encoded for a path segment or query value. */
    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
