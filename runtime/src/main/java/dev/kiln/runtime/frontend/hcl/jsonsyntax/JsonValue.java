package dev.kiln.runtime.frontend.hcl.jsonsyntax;

import dev.kiln.runtime.frontend.hcl.syntax.Range;

import java.util.List;

/**
 * A JSON value as HCL's JSON syntax reads it: object properties keep their order and their repeats, numbers their
 * exact text, and every value its range in the file.
 */
public sealed interface JsonValue {
    /** Where the value is (quotes, braces and brackets included). */
    Range range();

    /** The JSON type's name as diagnostics say it, e.g. {@code "object"}. */
    String kind();

    /**
     * {@code {"name": value, ...}}.
     *
     * @param properties the properties in source order, repeats kept
     * @param range the braces and what is between them
     * @param openRange the opening brace
     * @param closeRange the closing brace
     */
    record JsonObject(List<Property> properties, Range range, Range openRange, Range closeRange) implements JsonValue {
        public JsonObject {
            properties = List.copyOf(properties);
        }

        @Override
        public String kind() {
            return "object";
        }
    }

    /**
     * One {@code "name": value} of an object.
     *
     * @param name the name, unescaped
     * @param nameRange the name's string, quotes included
     * @param value the value
     */
    record Property(String name, Range nameRange, JsonValue value) {
        /** From the name to the end of the value. */
        public Range range() {
            return Range.between(nameRange, value.range());
        }
    }

    /**
     * {@code [value, ...]}.
     *
     * @param elements the elements in order
     * @param range the brackets and what is between them
     * @param openRange the opening bracket
     */
    record JsonArray(List<JsonValue> elements, Range range, Range openRange) implements JsonValue {
        public JsonArray {
            elements = List.copyOf(elements);
        }

        @Override
        public String kind() {
            return "array";
        }
    }

    /**
     * A string.
     *
     * @param value the string, unescaped
     * @param range the quotes and what is between them
     */
    record JsonString(String value, Range range) implements JsonValue {
        @Override
        public String kind() {
            return "string";
        }
    }

    /**
     * A number, kept as written (HCL numbers are exact decimals).
     *
     * @param text the number's source text, e.g. {@code -1.5e3}
     * @param range where it is
     */
    record JsonNumber(String text, Range range) implements JsonValue {
        @Override
        public String kind() {
            return "number";
        }
    }

    /**
     * {@code true} or {@code false}.
     *
     * @param value the value
     * @param range the keyword
     */
    record JsonBool(boolean value, Range range) implements JsonValue {
        @Override
        public String kind() {
            return "bool";
        }
    }

    /**
     * {@code null}.
     *
     * @param range the keyword
     */
    record JsonNull(Range range) implements JsonValue {
        @Override
        public String kind() {
            return "null";
        }
    }
}
