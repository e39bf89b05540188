package dev.kiln.plugin.manifest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Just enough JSON for a manifest file, so the plugin ships without a JSON library.
 *
 * <p>{@link #parse} reads any JSON document into plain values: {@code Map<String, Object>} (in document order),
 * {@code List<Object>}, {@code String}, {@link JsonNumber}, {@code Boolean} and {@code null}. {@link #write} writes such
 * values back with two-space indentation, as Packer's {@code json.MarshalIndent(v, "", "  ")} does. Numbers keep the
 * text they were read with, so rewriting a manifest never changes an entry it did not add.
 */
final class Json {

    /** A JSON number, kept as written. */
    record JsonNumber(String text) {
        private static final Pattern GRAMMAR = Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");

        JsonNumber {
            if (!GRAMMAR.matcher(text).matches()) {
                throw new IllegalArgumentException("'" + text + "' is not a JSON number");
            }
        }

        static JsonNumber of(long value) {
            return new JsonNumber(Long.toString(value));
        }
    }

    /** A document that is not JSON; the message says where and why. */
    static final class ParseException extends Exception {
        private static final long serialVersionUID = 1L;

        ParseException(String message) {
            super(message);
        }
    }

    /** Deeper nesting than any manifest needs; refusing it keeps a hostile file from exhausting the stack. */
    private static final int MAX_DEPTH = 256;

    private Json() {
    }

    // ---- writing ---------------------------------------------------------------------------------------------------

    /**
     * Writes {@code value} as indented JSON, ending with a newline.
     *
     * @throws IllegalArgumentException for a value that is not one of the types listed on the class
     */
    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, "", out);
        return out.append('\n').toString();
    }

    private static void write(Object value, String indent, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String) {
            quote((String) value, out);
        } else if (value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof JsonNumber) {
            out.append(((JsonNumber) value).text());
        } else if (value instanceof Long || value instanceof Integer) {
            out.append(value);
        } else if (value instanceof Map) {
            Map<?, ?> map = (Map<?, ?>) value;
            if (map.isEmpty()) {
                out.append("{}");
                return;
            }
            String inner = indent + "  ";
            out.append("{\n");
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String)) {
                    throw new IllegalArgumentException("a JSON object key must be a string, not " + entry.getKey());
                }
                out.append(first ? "" : ",\n").append(inner);
                quote((String) entry.getKey(), out);
                out.append(": ");
                write(entry.getValue(), inner, out);
                first = false;
            }
            out.append('\n').append(indent).append('}');
        } else if (value instanceof List) {
            List<?> list = (List<?>) value;
            if (list.isEmpty()) {
                out.append("[]");
                return;
            }
            String inner = indent + "  ";
            out.append("[\n");
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ",\n").append(inner);
                write(list.get(i), inner, out);
            }
            out.append('\n').append(indent).append(']');
        } else {
            throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON");
        }
    }

    /**
     * Appends {@code text} as a JSON string literal: quotes, backslashes and control characters escaped, and so are
     * U+2028, U+2029 (which break JavaScript readers) and unpaired surrogates (which UTF-8 cannot encode).
     */
    static void quote(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                default:
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        unicodeEscape(c, out);
                    } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        unicodeEscape(c, out);
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    private static void unicodeEscape(char c, StringBuilder out) {
        out.append(String.format("\\u%04x", (int) c));
    }

    // ---- reading ---------------------------------------------------------------------------------------------------

    /**
     * Reads one JSON document; a leading byte-order mark and surrounding white space are allowed.
     *
     * @throws ParseException naming the line and column of the first problem
     */
    static Object parse(String text) throws ParseException {
        Parser parser = new Parser(text);
        parser.skipByteOrderMark();
        Object value = parser.value(0);
        parser.skipWhitespace();
        if (!parser.atEnd()) {
            throw parser.error("unexpected " + parser.describeNext() + " after the document");
        }
        return value;
    }

    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        void skipByteOrderMark() {
            if (text.startsWith("\uFEFF")) {
                pos = 1;
            }
        }

        boolean atEnd() {
            return pos >= text.length();
        }

        Object value(int depth) throws ParseException {
            if (depth > MAX_DEPTH) {
                throw error("nesting deeper than " + MAX_DEPTH + " levels");
            }
            skipWhitespace();
            if (atEnd()) {
                throw error("unexpected end of the document, expected a value");
            }
            char c = text.charAt(pos);
            switch (c) {
                case '{': return object(depth);
                case '[': return array(depth);
                case '"': return string();
                case 't': return literal("true", Boolean.TRUE);
                case 'f': return literal("false", Boolean.FALSE);
                case 'n': return literal("null", null);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        return number();
                    }
                    throw error("unexpected " + describeNext() + ", expected a value");
            }
        }

        private Map<String, Object> object(int depth) throws ParseException {
            pos++; // '{'
            Map<String, Object> map = new LinkedHashMap<>();
            skipWhitespace();
            if (peek('}')) {
                pos++;
                return map;
            }
            while (true) {
                skipWhitespace();
                if (!peek('"')) {
                    throw error("unexpected " + describeNext() + ", expected a quoted key");
                }
                String key = string();
                skipWhitespace();
                expect(':');
                map.put(key, value(depth + 1));
                skipWhitespace();
                if (peek(',')) {
                    pos++;
                } else if (peek('}')) {
                    pos++;
                    return map;
                } else {
                    throw error("unexpected " + describeNext() + ", expected ',' or '}'");
                }
            }
        }

        private List<Object> array(int depth) throws ParseException {
            pos++; // '['
            List<Object> list = new ArrayList<>();
            skipWhitespace();
            if (peek(']')) {
                pos++;
                return list;
            }
            while (true) {
                list.add(value(depth + 1));
                skipWhitespace();
                if (peek(',')) {
                    pos++;
                } else if (peek(']')) {
                    pos++;
                    return list;
                } else {
                    throw error("unexpected " + describeNext() + ", expected ',' or ']'");
                }
            }
        }

        private String string() throws ParseException {
            int start = pos++; // '"'
            StringBuilder out = new StringBuilder();
            while (true) {
                if (atEnd()) {
                    pos = start;
                    throw error("a string that is never closed");
                }
                char c = text.charAt(pos++);
                if (c == '"') {
                    return out.toString();
                } else if (c == '\\') {
                    if (atEnd()) {
                        continue; // reported as unclosed above
                    }
                    char e = text.charAt(pos++);
                    switch (e) {
                        case '"': out.append('"'); break;
                        case '\\': out.append('\\'); break;
                        case '/': out.append('/'); break;
                        case 'b': out.append('\b'); break;
                        case 'f': out.append('\f'); break;
                        case 'n': out.append('\n'); break;
                        case 'r': out.append('\r'); break;
                        case 't': out.append('\t'); break;
                        case 'u': out.append(hex4()); break;
                        default:
                            pos -= 2;
                            throw error("unknown escape '\\" + e + "' in a string");
                    }
                } else if (c < 0x20) {
                    pos--;
                    throw error("a raw control character (U+" + String.format("%04X", (int) c)
                            + ") in a string; it must be escaped");
                } else {
                    out.append(c);
                }
            }
        }

        private char hex4() throws ParseException {
            if (pos + 4 > text.length()) {
                pos -= 2;
                throw error("an incomplete '\\u' escape");
            }
            int value = 0;
            for (int i = 0; i < 4; i++) {
                int digit = Character.digit(text.charAt(pos + i), 16);
                if (digit < 0) {
                    pos -= 2;
                    throw error("'\\u' must be followed by four hex digits");
                }
                value = value * 16 + digit;
            }
            pos += 4;
            return (char) value;
        }

        private JsonNumber number() throws ParseException {
            int start = pos;
            while (!atEnd() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
            String literal = text.substring(start, pos);
            if (!JsonNumber.GRAMMAR.matcher(literal).matches()) {
                pos = start;
                throw error("'" + literal + "' is not a number");
            }
            return new JsonNumber(literal);
        }

        private Object literal(String word, Object value) throws ParseException {
            if (!text.startsWith(word, pos)) {
                throw error("unexpected " + describeNext() + ", expected a value");
            }
            pos += word.length();
            return value;
        }

        private void expect(char c) throws ParseException {
            if (!peek(c)) {
                throw error("unexpected " + describeNext() + ", expected '" + c + "'");
            }
            pos++;
        }

        private boolean peek(char c) {
            return !atEnd() && text.charAt(pos) == c;
        }

        void skipWhitespace() {
            while (!atEnd()) {
                char c = text.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                pos++;
            }
        }

        String describeNext() {
            if (atEnd()) {
                return "end of the document";
            }
            int end = pos;
            while (end < text.length() && end - pos < 10 && !Character.isWhitespace(text.charAt(end))) {
                end++;
            }
            return "'" + text.substring(pos, Math.max(end, pos + 1)) + "'";
        }

        ParseException error(String what) {
            int line = 1;
            int column = 1;
            for (int i = 0; i < pos && i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            return new ParseException("line " + line + ", column " + column + ": " + what);
        }
    }
}
