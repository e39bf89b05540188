package dev.kiln.runtime.frontend;

import com.fasterxml.jackson.databind.JsonNode;

/** Builds the template paths that problems show, like {@code builders[0].image} or {@code variables.foo}. */
public final class KeyPaths {

    private KeyPaths() {
    }

    /** {@code parent.name}, or just {@code name} at the root. */
    public static String member(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }

    /** {@code parent[index]}. */
    public static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** {@code path}, or its start and an ellipsis when it is too long to read in a message (deep nesting). */
    public static String abbreviate(String path) {
        return path.length() <= 80 ? path : path.substring(0, 80) + "…";
    }

    /** Describes a JSON value for a message: {@code "text"}, {@code number 3}, {@code true}, {@code an object}. */
    public static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isTextual()) {
            String text = node.asText();
            return "\"" + (text.length() > 40 ? text.substring(0, 37) + "..." : text) + "\"";
        }
        if (node.isNumber()) {
            return "number " + node.asText();
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "a list";
        }
        return node.asText();
    }
}
