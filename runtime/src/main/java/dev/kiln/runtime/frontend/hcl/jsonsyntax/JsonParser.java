package dev.kiln.runtime.frontend.hcl.jsonsyntax;

import dev.kiln.runtime.frontend.hcl.function.HclFunctions;
import dev.kiln.runtime.frontend.hcl.syntax.Diagnostic;
import dev.kiln.runtime.frontend.hcl.syntax.Pos;
import dev.kiln.runtime.frontend.hcl.syntax.Range;
import dev.kiln.runtime.frontend.hcl.syntax.Severity;
import dev.kiln.runtime.frontend.hcl.syntax.SourcePositions;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * RFC 7159 JSON, read as HCL's JSON syntax needs it: object properties in order with repeats kept, numbers as
 * written, and every value, name and error with its range (lines, columns counted as the native syntax counts them,
 * byte offsets). Parsing stops at the first error, which is reported with HCL's summary; a leading UTF-8 byte-order
 * mark is skipped.
 */
public final class JsonParser {
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    private static final String VALUE_START = "A JSON value must start with a brace, a bracket, a number, a string,"
            + " or a keyword.";

    private final String filename;
    private final byte[] src;
    private final SourcePositions.Cursor cursor;
    private SourcePositions lookup;
    private int lastOffset;
    private int at;
    private Token peeked;

    private enum Kind { BRACE_O, BRACE_C, BRACK_O, BRACK_C, COMMA, COLON, EQUALS, STRING, NUMBER, KEYWORD, EOF,
        INVALID }

    private record Token(Kind kind, int start, int end, Range range) {
    }

    /** The first syntax error: parsing stops there. */
    private static final class Stop extends RuntimeException {
        private final transient Diagnostic diagnostic;

        Stop(Diagnostic diagnostic) {
            super(diagnostic.summary(), null, false, false);
            this.diagnostic = diagnostic;
        }
    }

    /**
     * What parsing gave.
     *
     * @param value the document, or null when there was an error
     * @param diagnostics empty, or the one syntax error
     */
    public record Result(JsonValue value, List<Diagnostic> diagnostics) {
        public Result {
            diagnostics = List.copyOf(diagnostics);
        }

        /** Whether there was an error. */
        public boolean hasErrors() {
            return !diagnostics.isEmpty();
        }
    }

    private JsonParser(String filename, byte[] src) {
        this.filename = filename;
        this.src = src;
        boolean bom = src.length >= 3 && (src[0] & 0xff) == 0xEF && (src[1] & 0xff) == 0xBB
                && (src[2] & 0xff) == 0xBF;
        this.at = bom ? 3 : 0;
        this.lastOffset = at;
        this.cursor = new SourcePositions.Cursor(src, new Pos(1, 1, at));
    }

    /** Parses one JSON document: a value and nothing after it but whitespace. */
    public static Result parse(String filename, byte[] source) {
        JsonParser p = new JsonParser(filename, source);
        try {
            JsonValue v = p.value();
            Token t = p.peek();
            if (t.kind != Kind.EOF) {
                throw p.stop("Extraneous data after value", "Extra characters appear after the JSON value.",
                        t.range);
            }
            return new Result(v, List.of());
        } catch (Stop s) {
            return new Result(null, List.of(s.diagnostic));
        }
    }

    /** Parses one JSON document given as text. */
    public static Result parse(String filename, String source) {
        return parse(filename, source.getBytes(StandardCharsets.UTF_8));
    }

    // ---- values -------------------------------------------------------------------------------------------------

    private JsonValue value() {
        Token t = peek();
        return switch (t.kind) {
            case BRACE_O -> object();
            case BRACK_O -> array();
            case STRING -> string(read());
            case NUMBER -> number(read());
            case KEYWORD -> keyword(read());
            case BRACE_C -> throw stop("Missing JSON value", VALUE_START, t.range);
            case BRACK_C -> throw stop("Missing array element value", VALUE_START, t.range);
            case EOF -> throw stop("Missing value", "The JSON data ends prematurely.", t.range);
            default -> throw stop("Invalid start of value", VALUE_START, t.range);
        };
    }

    private JsonValue.JsonObject object() {
        Token open = read();
        List<JsonValue.Property> props = new ArrayList<>();
        while (true) {
            Token t = peek();
            if (t.kind == Kind.BRACE_C) {
                Token close = read();
                return new JsonValue.JsonObject(props, Range.between(open.range, close.range), open.range,
                        close.range);
            }
            if (t.kind == Kind.EOF) {
                throw stop("Unclosed object", "No closing brace was found for this JSON object.", open.range);
            }
            if (t.kind != Kind.STRING) {
                throw stop("Invalid object property name", "A JSON object property name must be a string",
                        t.range);
            }
            JsonValue.JsonString name = string(read());
            Token colon = peek();
            switch (colon.kind) {
                case COLON -> read();
                case EQUALS -> throw stop("Missing property value colon", "JSON uses a colon as its name/value"
                        + " delimiter, not an equals sign.", colon.range);
                case COMMA, BRACE_C, EOF -> throw stop("Missing object value", "A JSON object attribute must have a"
                        + " value, introduced by a colon.", colon.range);
                default -> throw stop("Missing property value colon", "A colon must appear between an object"
                        + " property's name and its value.", colon.range);
            }
            props.add(new JsonValue.Property(name.value(), name.range(), value()));
            Token sep = peek();
            switch (sep.kind) {
                case COMMA -> {
                    read();
                    if (peek().kind == Kind.BRACE_C) {
                        throw stop("Trailing comma in object", "JSON does not permit a trailing comma after the"
                                + " final property in an object.", sep.range);
                    }
                }
                case BRACE_C -> { }
                case EOF -> throw stop("Unclosed object", "No closing brace was found for this JSON object.",
                        open.range);
                case BRACK_C -> throw stop("Mismatched braces", "A JSON object must be closed with a brace, not a"
                        + " bracket.", sep.range);
                default -> throw stop("Missing attribute seperator comma", "A comma must appear between each"
                        + " property definition in an object.", sep.range);
            }
        }
    }

    private JsonValue.JsonArray array() {
        Token open = read();
        List<JsonValue> elements = new ArrayList<>();
        while (true) {
            Token t = peek();
            if (t.kind == Kind.BRACK_C) {
                Token close = read();
                return new JsonValue.JsonArray(elements, Range.between(open.range, close.range), open.range);
            }
            if (t.kind == Kind.EOF) {
                throw stop("Unclosed object", "No closing bracket was found for this JSON array.", open.range);
            }
            elements.add(value());
            Token sep = peek();
            switch (sep.kind) {
                case COMMA -> {
                    read();
                    if (peek().kind == Kind.BRACK_C) {
                        throw stop("Trailing comma in array", "JSON does not permit a trailing comma after the"
                                + " final value in an array.", sep.range);
                    }
                }
                case BRACK_C -> { }
                case COLON -> throw stop("Invalid array value", "A colon is not used to introduce values in a JSON"
                        + " array.", sep.range);
                case EOF -> throw stop("Unclosed object", "No closing bracket was found for this JSON array.",
                        open.range);
                case BRACE_C -> throw stop("Mismatched brackets", "A JSON array must be closed with a bracket, not a"
                        + " brace.", sep.range);
                default -> throw stop("Missing attribute seperator comma", "A comma must appear between each value"
                        + " in an array.", sep.range);
            }
        }
    }

    private JsonValue.JsonNumber number(Token t) {
        String text = new String(src, t.start, t.end - t.start, StandardCharsets.US_ASCII);
        if (!NUMBER.matcher(text).matches()) {
            throw stop("Invalid JSON number", "There is a syntax error in the given JSON number.", t.range);
        }
        return new JsonValue.JsonNumber(text, t.range);
    }

    private JsonValue keyword(Token t) {
        String word = new String(src, t.start, t.end - t.start, StandardCharsets.US_ASCII);
        return switch (word) {
            case "true" -> new JsonValue.JsonBool(true, t.range);
            case "false" -> new JsonValue.JsonBool(false, t.range);
            case "null" -> new JsonValue.JsonNull(t.range);
            case "undefined", "NaN", "Infinity" -> throw stop("Invalid JSON keyword", "The JavaScript identifier "
                    + quote(word) + " cannot be used in JSON.", t.range);
            default -> {
                String suggestion = HclFunctions.suggest(word, List.of("true", "false", "null"));
                throw stop("Invalid JSON keyword", quote(word) + " is not a valid JSON keyword."
                        + (suggestion == null ? "" : " Did you mean " + quote(suggestion) + "?"), t.range);
            }
        };
    }

    /** Unescapes a string token; an error points at the offending character. */
    private JsonValue.JsonString string(Token t) {
        StringBuilder sb = new StringBuilder();
        int i = t.start + 1;
        int run = i;
        while (true) {
            if (i >= t.end) {
                throw badString(t, Math.min(i, src.length));
            }
            int c = src[i] & 0xff;
            if (c == '"') {
                sb.append(new String(src, run, i - run, StandardCharsets.UTF_8));
                break;
            }
            if (c < 0x20) {
                throw badString(t, i);
            }
            if (c != '\\') {
                i++;
                continue;
            }
            sb.append(new String(src, run, i - run, StandardCharsets.UTF_8));
            if (i + 1 >= t.end) {
                throw badString(t, i);
            }
            char e = (char) (src[i + 1] & 0xff);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (i + 6 > t.end) {
                        throw badString(t, i);
                    }
                    try {
                        sb.append((char) Integer.parseInt(new String(src, i + 2, 4, StandardCharsets.US_ASCII), 16));
                    } catch (NumberFormatException x) {
                        throw badString(t, i);
                    }
                    i += 4;
                }
                default -> throw badString(t, i);
            }
            i += 2;
            run = i;
        }
        return new JsonValue.JsonString(sb.toString(), t.range);
    }

    private Stop badString(Token t, int offset) {
        Pos start = lookup(offset);
        Range subject = new Range(filename, start, offset < src.length
                ? new Pos(start.line(), start.column() + 1, offset + 1) : start);
        return new Stop(new Diagnostic(Severity.ERROR, "Invalid JSON string", "There is a syntax error in the given"
                + " JSON string.", subject, t.range));
    }

    // ---- tokens -------------------------------------------------------------------------------------------------

    private Token peek() {
        if (peeked == null) {
            peeked = scan();
        }
        return peeked;
    }

    private Token read() {
        Token t = peek();
        peeked = null;
        return t;
    }

    private Token scan() {
        int n = src.length;
        while (at < n && (src[at] == ' ' || src[at] == '\t' || src[at] == '\n' || src[at] == '\r')) {
            at++;
        }
        int start = at;
        if (at >= n) {
            return token(Kind.EOF, start, start);
        }
        int c = src[at] & 0xff;
        Kind single = switch (c) {
            case '{' -> Kind.BRACE_O;
            case '}' -> Kind.BRACE_C;
            case '[' -> Kind.BRACK_O;
            case ']' -> Kind.BRACK_C;
            case ',' -> Kind.COMMA;
            case ':' -> Kind.COLON;
            case '=' -> Kind.EQUALS;
            default -> null;
        };
        if (single != null) {
            at++;
            return token(single, start, at);
        }
        if (c == '"') {
            at++;
            while (at < n && src[at] != '"' && src[at] != '\n') {
                at += src[at] == '\\' && at + 1 < n && src[at + 1] != '\n' ? 2 : 1;
            }
            if (at < n && src[at] == '"') {
                at++;
            }
            return token(Kind.STRING, start, at);
        }
        if (c == '-' || c == '+' || c == '.' || c >= '0' && c <= '9') {
            while (at < n && "-+.eE0123456789".indexOf(src[at]) >= 0) {
                at++;
            }
            return token(Kind.NUMBER, start, at);
        }
        if (letter(src[at])) {
            while (at < n && (letter(src[at]) || src[at] == '_')) {
                at++;
            }
            return token(Kind.KEYWORD, start, at);
        }
        at += Math.max(1, SourcePositions.utf8Length(src, at));
        return token(Kind.INVALID, start, Math.min(at, n));
    }

    private static boolean letter(byte b) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z';
    }

    private Token token(Kind kind, int start, int end) {
        return new Token(kind, start, end, new Range(filename, lookup(start), lookup(end)));
    }

    /** The position of {@code offset}: a forward-only cursor for the scan, a line index for anything behind it. */
    private Pos lookup(int offset) {
        if (offset >= lastOffset) {
            lastOffset = offset;
            return cursor.advanceTo(offset);
        }
        if (lookup == null) {
            lookup = SourcePositions.of(src);
        }
        return lookup.pos(offset);
    }

    private Stop stop(String summary, String detail, Range at) {
        return new Stop(Diagnostic.error(summary, detail, at));
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
