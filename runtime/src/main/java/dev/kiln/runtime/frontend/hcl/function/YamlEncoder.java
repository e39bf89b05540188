package dev.kiln.runtime.frontend.hcl.function;

import dev.kiln.runtime.frontend.hcl.value.HclType;
import dev.kiln.runtime.frontend.hcl.value.HclValue;
import java.util.List;
import java.util.Map;

/**
 * {@code yamlencode} as go-cty-yaml writes YAML (through go-yaml v2's emitter): block style, keys and strings
 * double-quoted, multi-line strings as literal blocks, 2-space indentation, sequences under a key not indented,
 * long double-quoted strings folded at spaces past column 80, and "..." after a top-level plain scalar.
 */
final class YamlEncoder {

    private static final int BEST_WIDTH = 80;

    private final StringBuilder out = new StringBuilder();
    private int column;

    private YamlEncoder() {
    }

    static String encode(HclValue v) {
        YamlEncoder e = new YamlEncoder();
        e.node(v, 0);
        e.out.append('\n');
        if (isPlain(v)) {
            e.out.append("...\n");
        }
        return e.out.toString();
    }

    private static boolean isPlain(HclValue v) {
        return v.isNull() || v.type() == HclType.NUMBER || v.type() == HclType.BOOL;
    }

    private void write(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(c);
            if (c == '\n') {
                column = 0;
            } else if (!Character.isLowSurrogate(c)) {
                column++;
            }
        }
    }

    private void newline(int indent) {
        write("\n" + " ".repeat(indent));
    }

    private static boolean isBlockCollection(HclValue v) {
        if (v.isNull()) {
            return false;
        }
        HclType t = v.type();
        return (t.isCollection() || t.isStructural()) && v.length() > 0;
    }

    private static boolean isMapping(HclValue v) {
        return v.type().isMap() || v.type().isObject();
    }

    /** Writes {@code v} where the cursor is; {@code indent} is the indentation of the enclosing block. */
    private void node(HclValue v, int indent) {
        if (!v.isKnown()) {
            throw new FunctionException("cannot serialize unknown values");
        }
        if (isBlockCollection(v)) {
            if (isMapping(v)) {
                mapping(v.entries(), indent);
            } else {
                sequence(v.elements(), indent);
            }
            return;
        }
        scalar(v, indent);
    }

    private void mapping(Map<String, HclValue> entries, int indent) {
        boolean first = true;
        for (var e : entries.entrySet()) {
            if (!first) {
                newline(indent);
            }
            first = false;
            doubleQuoted(e.getKey(), indent);
            write(":");
            HclValue v = e.getValue();
            if (isBlockCollection(v)) {
                if (isMapping(v)) {
                    newline(indent + 2);
                    mapping(v.entries(), indent + 2);
                } else {
                    newline(indent);
                    sequence(v.elements(), indent);
                }
            } else {
                write(" ");
                scalar(v, indent);
            }
        }
    }

    private void sequence(List<HclValue> items, int indent) {
        boolean first = true;
        for (HclValue v : items) {
            if (!first) {
                newline(indent);
            }
            first = false;
            write("- ");
            if (isBlockCollection(v)) {
                if (isMapping(v)) {
                    mapping(v.entries(), indent + 2);
                } else {
                    sequence(v.elements(), indent + 2);
                }
            } else {
                scalar(v, indent);
            }
        }
    }

    private void scalar(HclValue v, int indent) {
        if (!v.isKnown()) {
            throw new FunctionException("cannot serialize unknown values");
        }
        if (v.isNull()) {
            write("null");
            return;
        }
        HclType t = v.type();
        if (t == HclType.BOOL) {
            write(v.asBoolean() ? "true" : "false");
        } else if (t == HclType.NUMBER) {
            if (v.isInfinite()) {
                write(v.asDouble() > 0 ? "+.Inf" : "-.Inf");
            } else {
                write(HclValue.numberText(v));
            }
        } else if (t == HclType.STRING) {
            String s = v.asString();
            if (s.contains("\n") && literalAllowed(s)) {
                literal(s, indent + 2);
            } else {
                doubleQuoted(s, indent + 2);
            }
        } else {
            write(isMapping(v) ? "{}" : "[]");
        }
    }

    private static boolean literalAllowed(String s) {
        if (s.endsWith(" ")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            int c = s.codePointAt(i);
            if (c == ' ' && i + 1 < s.length() && isBreak(s.charAt(i + 1))) {
                return false;
            }
            if (c != '\n' && !printable(c) || c == 0xFEFF) {
                return false;
            }
            if (c > 0xFFFF) {
                i++;
            }
        }
        return true;
    }

    private static boolean isBreak(int c) {
        return c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029;
    }

    /** go-yaml's is_printable: tab and characters outside the BMP are not. */
    private static boolean printable(int c) {
        return c == 0x0A || c >= 0x20 && c <= 0x7E || c >= 0xA0 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD
                && c != 0xFEFF;
    }

    private void literal(String s, int contentIndent) {
        StringBuilder hints = new StringBuilder("|");
        if (s.charAt(0) == ' ' || isBreak(s.charAt(0))) {
            hints.append('2');
        }
        String body = s;
        if (!s.endsWith("\n")) {
            hints.append('-');
        } else if (s.length() == 1 || s.endsWith("\n\n")) {
            hints.append('+');
            body = s.substring(0, s.length() - 1);
        } else {
            body = s.substring(0, s.length() - 1);
        }
        write(hints.toString());
        for (String line : body.split("\n", -1)) {
            write("\n");
            if (!line.isEmpty()) {
                write(" ".repeat(contentIndent) + line);
            }
        }
    }

    private void doubleQuoted(String s, int indent) {
        write("\"");
        boolean spaces = false;
        for (int i = 0; i < s.length(); i++) {
            int c = s.codePointAt(i);
            int width = Character.charCount(c);
            if (!printable(c) || c == 0xFEFF || isBreak(c) || c == '"' || c == '\\') {
                write(escape(c));
                spaces = false;
            } else if (c == ' ') {
                if (!spaces && column > BEST_WIDTH && i != 0 && i != s.length() - 1) {
                    newline(indent);
                    if (i + 1 < s.length() && s.charAt(i + 1) == ' ') {
                        write("\\");
                    }
                } else {
                    write(" ");
                }
                spaces = true;
            } else {
                write(new String(Character.toChars(c)));
                spaces = false;
            }
            i += width - 1;
        }
        write("\"");
    }

    private static String escape(int c) {
        return switch (c) {
            case 0 -> "\\0";
            case 0x07 -> "\\a";
            case 0x08 -> "\\b";
            case 0x09 -> "\\t";
            case 0x0A -> "\\n";
            case 0x0B -> "\\v";
            case 0x0C -> "\\f";
            case 0x0D -> "\\r";
            case 0x1B -> "\\e";
            case '"' -> "\\\"";
            case '\\' -> "\\\\";
            case 0x85 -> "\\N";
            case 0xA0 -> "\\_";
            case 0x2028 -> "\\L";
            case 0x2029 -> "\\P";
            default -> c <= 0xFF ? String.format("\\x%02X", c) : c <= 0xFFFF ? String.format("\\u%04X", c)
                    : String.format("\\U%08X", c);
        };
    }
}
