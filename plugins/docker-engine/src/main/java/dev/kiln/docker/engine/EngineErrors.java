package dev.kiln.docker.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.kiln.api.KilnException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;

/** Turns what the engine and docker-java report into Kiln's messages: "what failed at 'host': the engine's words". */
final class EngineErrors {

    private final EngineRef endpoint;

    EngineErrors(EngineRef endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * {@code what} failed at this engine, for the reason {@code e} gives, phrased as the engine phrased it; or that
     * the engine did not answer in time, or that the work was cancelled.
     */
    KilnException failure(String what, Throwable e) {
        EngineTimeoutException timeout = find(e, EngineTimeoutException.class);
        if (timeout != null) {
            return new KilnException(what + " failed: " + timeout.getMessage() + ".", e);
        }
        if (find(e, EngineCallCancelledException.class) != null) {
            return new KilnException(what + " at '" + endpoint.host() + "' was cancelled.", e);
        }
        return new KilnException(what + " failed at '" + endpoint.host() + "': " + engineMessage(e) + ".", e);
    }

    /**
     * Whether {@code e} says the engine did not answer in time or the work was cancelled, so that a caller's own
     * hint (check the image name, the run_command, ...) does not apply and {@link #failure} is the message.
     */
    static boolean noAnswer(Throwable e) {
        return find(e, EngineTimeoutException.class) != null || find(e, EngineCallCancelledException.class) != null;
    }

    /** The first {@code type} in the cause chain of {@code e}, or null. */
    static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /**
     * The engine's own message inside a docker-java exception (its JSON {@code message}, without docker-java's
     * {@code Status 404: } prefix), or, when the engine did not answer at all, why not and what to check.
     */
    String engineMessage(Throwable e) {
        if (e instanceof DockerException) {
            String message = String.valueOf(e.getMessage());
            int colon = message.indexOf(": ");
            String body = message.startsWith("Status ") && colon > 0 ? message.substring(colon + 2).trim() : message;
            return messageOf(body, ((DockerException) e).getHttpStatus());
        }
        EngineTimeoutException timeout = find(e, EngineTimeoutException.class);
        if (timeout != null) {
            return timeout.getMessage();
        }
        if (find(e, EngineCallCancelledException.class) != null) {
            return "the request was cancelled";
        }
        String root = rootMessage(e);
        if (root.contains("No such file or directory") || root.contains("Connection refused")) {
            return "the engine does not answer (" + root + "); " + endpoint.hint();
        }
        if (closedMidAnswer(e)) {
            return "the engine closed the connection before it finished answering (" + root + "); check the "
                    + "engine's health ('docker info') and that '" + endpoint.host() + "' is a Docker engine";
        }
        return root;
    }

    /** What a transfer thread failed with: its own {@link KilnException} as it is, anything else as a failure. */
    KilnException unwrap(String what, ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof KilnException) {
            return (KilnException) cause;
        }
        return failure(what, cause);
    }

    /** The message in the body of a raw request's error answer, or its HTTP status when the body says nothing. */
    String errorText(DockerHttpClient.Response response) {
        try {
            byte[] bytes = response.getBody().readNBytes(64 * 1024);
            String text = new String(bytes, StandardCharsets.UTF_8).trim();
            return messageOf(text, response.getStatusCode());
        } catch (IOException e) {
            return "HTTP " + response.getStatusCode();
        }
    }

    String messageOf(String body, int status) {
        try {
            JsonNode node = JsonTrees.read(body);
            if (node.hasNonNull("message")) {
                return node.get("message").asText();
            }
        } catch (IOException e) {
            // not JSON
        }
        return body.isEmpty() ? "HTTP " + status : body;
    }

    /**
     * Whether the connection ended in the middle of an answer: no status line, or a body shorter than announced.
     * Matched by class name, as the HTTP client is shaded inside docker-java's transport.
     */
    private static boolean closedMidAnswer(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String name = t.getClass().getSimpleName();
            if (t instanceof java.io.EOFException // Kiln's unix-socket client
                    || name.equals("NoHttpResponseException") || name.equals("ConnectionClosedException")
                    || name.equals("MalformedChunkCodingException") || name.equals("TruncatedChunkException")) {
                return true;
            }
        }
        return false;
    }

    /** The message of the innermost cause, or its class name when it has none. */
    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message.trim();
    }

    /** A container or image ID as messages show it: twelve hex digits, without {@code sha256:}. */
    static String shortId(String id) {
        String bare = id.startsWith("sha256:") ? id.substring(7) : id;
        return bare.length() > 12 ? bare.substring(0, 12) : bare;
    }
}
