package dev.kiln.runtime.frontend.hcl.value;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Test helper: reads values and types written as {@link HclValue#toString()} writes them, so tests can say
 * {@code v("tolist([1, 2])")}. Values: strings with HCL escapes, numbers, true, false, null, tuples {@code [..]},
 * objects {@code {a = 1, "b c" = 2}}, {@code tolist(..)}, {@code toset(..)}, {@code tomap(..)}, {@code
 * unknown(type)}, {@code nullof(type)}, {@code inf}, {@code -inf}. Types: string, number, bool, any, list(T), set(T),
 * map(T), object({a=T, b=optional(T)}), tuple([T, ..]).
 */
public final class HclLiterals {

    private final String s;
    private int i;

    private HclLiterals(String s) {
        this.s = s;
    }

    /** The non-blank lines of a test resource next to {@code owner}, without {@code #} comment lines. */
    public static List<String> table(Class<?> owner, String resource) {
        try (java.io.InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource + " beside " + owner.getName());
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static HclValue v(String text) {
        HclLiterals p = new HclLiterals(text);
        HclValue v = p.value();
        p.end();
        return v;
    }

    public static HclType t(String text) {
        HclLiterals p = new HclLiterals(text);
        HclType t = p.type();
        p.end();
        return t;
    }

    private void end() {
        ws();
        if (i != s.length()) {
            throw new IllegalArgumentException("trailing text at " + i + " in " + s);
        }
    }

    private HclValue value() {
        ws();
        char c = s.charAt(i);
        if (c == '"') {
            return HclValue.string(string());
        }
        if (c == '-' && s.startsWith("-inf", i)) {
            i += 4;
            return HclValue.NEGATIVE_INFINITY;
        }
        if (c == '-' || Character.isDigit(c)) {
            int start = i++;
            while (i < s.length() && "0123456789.eE+-".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            return HclValue.parseNumber(s.substring(start, i));
        }
        if (c == '[') {
            i++;
            return HclValue.tuple(items(']'));
        }
        if (c == '{') {
            i++;
            Map<String, HclValue> m = new LinkedHashMap<>();
            while (true) {
                ws();
                if (s.charAt(i) == '}') {
                    i++;
                    return HclValue.object(m);
                }
                String k = s.charAt(i) == '"' ? string() : ident();
                ws();
                expect('=');
                m.put(k, value());
                ws();
                if (s.charAt(i) == ',') {
                    i++;
                }
            }
        }
        String id = ident();
        switch (id) {
            case "true":
                return HclValue.TRUE;
            case "false":
                return HclValue.FALSE;
            case "null":
                return HclValue.NULL;
            case "inf":
                return HclValue.POSITIVE_INFINITY;
            default:
                break;
        }
        ws();
        expect('(');
        HclValue r;
        switch (id) {
            case "tolist", "toset", "tomap" -> {
                HclValue in = value();
                HclType to = id.equals("tolist") ? HclType.list(HclType.DYNAMIC)
                        : id.equals("toset") ? HclType.set(HclType.DYNAMIC) : HclType.map(HclType.DYNAMIC);
                r = HclConvert.convert(in, to);
            }
            case "unknown" -> r = HclValue.unknown(type());
            case "nullof" -> r = HclValue.nullOf(type());
            default -> throw new IllegalArgumentException("unknown function " + id);
        }
        ws();
        expect(')');
        return r;
    }

    private List<HclValue> items(char close) {
        List<HclValue> l = new ArrayList<>();
        while (true) {
            ws();
            if (s.charAt(i) == close) {
                i++;
                return l;
            }
            l.add(value());
            ws();
            if (s.charAt(i) == ',') {
                i++;
            }
        }
    }

    private HclType type() {
        ws();
        String id = ident();
        switch (id) {
            case "string":
                return HclType.STRING;
            case "number":
                return HclType.NUMBER;
            case "bool":
                return HclType.BOOL;
            case "any":
                return HclType.DYNAMIC;
            default:
                break;
        }
        ws();
        expect('(');
        HclType r;
        switch (id) {
            case "list" -> r = HclType.list(type());
            case "set" -> r = HclType.set(type());
            case "map" -> r = HclType.map(type());
            case "tuple" -> {
                ws();
                expect('[');
                List<HclType> l = new ArrayList<>();
                while (true) {
                    ws();
                    if (s.charAt(i) == ']') {
                        i++;
                        break;
                    }
                    l.add(type());
                    ws();
                    if (s.charAt(i) == ',') {
                        i++;
                    }
                }
                r = HclType.tuple(l);
            }
            case "object" -> {
                ws();
                expect('{');
                Map<String, HclType> m = new LinkedHashMap<>();
                Set<String> optional = new LinkedHashSet<>();
                while (true) {
                    ws();
                    if (s.charAt(i) == '}') {
                        i++;
                        break;
                    }
                    String k = ident();
                    ws();
                    expect('=');
                    ws();
                    if (s.startsWith("optional(", i)) {
                        i += "optional(".length();
                        m.put(k, type());
                        optional.add(k);
                        ws();
                        expect(')');
                    } else {
                        m.put(k, type());
                    }
                    ws();
                    if (s.charAt(i) == ',') {
                        i++;
                    }
                }
                r = HclType.object(m, optional);
            }
            default -> throw new IllegalArgumentException("unknown type " + id);
        }
        ws();
        expect(')');
        return r;
    }

    private String string() {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (s.charAt(i) != '"') {
            char c = s.charAt(i++);
            if (c == '\\') {
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> b.append(e);
                }
            } else {
                b.append(c);
            }
        }
        i++;
        return b.toString();
    }

    private String ident() {
        int start = i;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
            i++;
        }
        if (start == i) {
            throw new IllegalArgumentException("expected a name at " + i + " in " + s);
        }
        return s.substring(start, i);
    }

    private void expect(char c) {
        if (i >= s.length() || s.charAt(i) != c) {
            throw new IllegalArgumentException("expected '" + c + "' at " + i + " in " + s);
        }
        i++;
    }

    private void ws() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }
}
