package dev.kiln.runtime.frontend.hcl.function;

import dev.kiln.runtime.frontend.hcl.value.ConversionException;
import dev.kiln.runtime.frontend.hcl.value.HclConvert;
import dev.kiln.runtime.frontend.hcl.value.HclType;
import dev.kiln.runtime.frontend.hcl.value.HclValue;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code yamldecode}: the subset of YAML that go-cty-yaml reads, as HCL values (mappings become objects, sequences
 * tuples). Supported: block and flow collections, plain, single- and double-quoted scalars (folded over lines),
 * literal and folded block scalars with chomping and indentation indicators, comments, anchors and aliases, merge
 * keys, the core tags ({@code !!str}, {@code !!int}, {@code !!float}, {@code !!bool}, {@code !!null},
 * {@code !!timestamp}, {@code !!binary}), and one document. Scalars resolve as go-cty-yaml does (YAML 1.1 booleans
 * such as {@code yes}/{@code off}, {@code ~} and {@code null}, decimal, octal {@code 0o} and hex {@code 0x}
 * integers, timestamps as RFC 3339 strings). Not supported: complex ({@code ?}) keys and directives other than
 * being skipped.
 */
final class YamlDecoder {

    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+");
    private static final Pattern FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    private static final Pattern TIMESTAMP = Pattern.compile(
            "(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:(?:[Tt]|[ \\t]+)(\\d{1,2}):(\\d{2}):(\\d{2})(\\.\\d+)?"
                    + "(?:[ \\t]*(Z|[-+]\\d{1,2}(?::?\\d{2})?))?)?");

    private final String s;
    private int pos;
    private final Map<String, HclValue> anchors = new HashMap<>();
    /** Set while reading a mapping value on its key's line, where a nested block mapping may not start. */
    private boolean inlineValue;

    private YamlDecoder(String s) {
        this.s = s.replace("\r\n", "\n");
    }

    static HclValue decode(String text) {
        YamlDecoder d = new YamlDecoder(text);
        return d.document();
    }

    /** A structural error, with its position as go-cty-yaml's parser reports it. */
    private FunctionException error(String message) {
        return new FunctionException("on line " + line() + ", column " + (col() + 1) + ": " + message);
    }

    /** A scanner or value error, which go-cty-yaml reports without a position. */
    private static FunctionException plainError(String message) {
        return new FunctionException(message);
    }

    private int line() {
        int n = 1;
        for (int i = 0; i < pos && i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    private int col() {
        int start = s.lastIndexOf('\n', pos - 1) + 1;
        return pos - start;
    }

    private boolean eof() {
        return pos >= s.length();
    }

    private char peek() {
        return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private char peek(int ahead) {
        return pos + ahead < s.length() ? s.charAt(pos + ahead) : '\0';
    }

    private static boolean blank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\0';
    }

    private HclValue document() {
        skipBlankLines();
        if (eof()) {
            pos = 0;
            throw error("missing start of document");
        }
        while (!eof() && peek() == '%' && col() == 0) {
            skipLine();
            skipBlankLines();
        }
        if (startsDocumentMarker("---")) {
            pos += 3;
        }
        HclValue v = block(-1);
        skipBlankLines();
        if (startsDocumentMarker("...")) {
            pos += 3;
            skipBlankLines();
        }
        if (startsDocumentMarker("---")) {
            throw error("only a single document is allowed");
        }
        if (!eof()) {
            throw error("unexpected extra content after value");
        }
        return v == null ? HclValue.NULL : v;
    }

    private boolean startsDocumentMarker(String m) {
        return col() == 0 && s.startsWith(m, pos) && blank(peek(3));
    }

    private void skipLine() {
        while (!eof() && peek() != '\n') {
            pos++;
        }
    }

    /** Skips spaces, comments and line breaks; stops at the first significant character. */
    private void skipBlankLines() {
        while (!eof()) {
            char c = peek();
            if (c == ' ' || c == '\t' || c == '\n') {
                pos++;
            } else if (c == '#' && (pos == 0 || blank(s.charAt(pos - 1)))) {
                skipLine();
            } else {
                break;
            }
        }
    }

    private void skipSpaces() {
        while (!eof() && (peek() == ' ' || peek() == '\t')) {
            pos++;
        }
    }

    /** True if only spaces and possibly a comment remain on this line. */
    private boolean atLineEnd() {
        int p = pos;
        while (p < s.length() && (s.charAt(p) == ' ' || s.charAt(p) == '\t')) {
            p++;
        }
        return p >= s.length() || s.charAt(p) == '\n' || s.charAt(p) == '#' && (p == pos || p > pos);
    }

    /** A node on the following lines, more indented than {@code parent}; null if there is none. */
    private HclValue block(int parent) {
        skipBlankLines();
        if (eof() || col() <= parent || startsDocumentMarker("---") || startsDocumentMarker("...")) {
            return null;
        }
        return node(parent);
    }

    /** A node starting at the current position inside a block whose indentation is {@code parent}. */
    private HclValue node(int parent) {
        String anchor = null;
        String tag = null;
        while (peek() == '&' || peek() == '!') {
            int start = ++pos;
            boolean isAnchor = s.charAt(start - 1) == '&';
            while (!blank(peek()) && !(isAnchor && (peek() == ',' || peek() == ']' || peek() == '}'))) {
                pos++;
            }
            String name = s.substring(start, pos);
            if (isAnchor) {
                anchor = name;
            } else {
                tag = "!" + name;
            }
            skipSpaces();
        }
        HclValue v;
        if (atLineEnd() && (anchor != null || tag != null)) {
            inlineValue = false;
            v = block(parent);
            if (v == null) {
                v = scalar("", false, tag);
            }
        } else {
            v = nodeBody(parent, tag);
        }
        if (anchor != null) {
            anchors.put(anchor, v);
        }
        return v;
    }

    private HclValue nodeBody(int parent, String tag) {
        char c = peek();
        if (c == '*') {
            int start = ++pos;
            while (!blank(peek()) && peek() != ',' && peek() != ']' && peek() != '}') {
                pos++;
            }
            String name = s.substring(start, pos);
            HclValue v = anchors.get(name);
            if (v == null) {
                throw error("unknown anchor '" + name + "' referenced");
            }
            return v;
        }
        if (c == '-' && blank(peek(1))) {
            return sequence(col());
        }
        if (c == '|' || c == '>') {
            return scalar(blockScalar(parent), false, tag);
        }
        if (c == '?' && blank(peek(1))) {
            throw error("complex mapping keys are not supported");
        }
        if (!inlineValue && isMappingKeyHere()) {
            return mapping(col());
        }
        inlineValue = false;
        if (c == '[' || c == '{') {
            return flow(tag);
        }
        if (c == '"' || c == '\'') {
            return scalar(quoted(), true, tag);
        }
        return scalar(plain(parent, false), false, tag);
    }

    /** Whether the text from here to the end of the line is {@code key: ...}. */
    private boolean isMappingKeyHere() {
        int save = pos;
        try {
            char c = peek();
            if (c == '"' || c == '\'') {
                quoted();
            } else if (c == '[' || c == '{') {
                return false;
            } else {
                while (!eof() && peek() != '\n') {
                    if (peek() == ':' && blank(peek(1))) {
                        return true;
                    }
                    if (peek() == '#' && pos > save && blank(s.charAt(pos - 1))) {
                        return false;
                    }
                    pos++;
                }
                return false;
            }
            skipSpaces();
            return peek() == ':' && blank(peek(1));
        } catch (FunctionException e) {
            return false;
        } finally {
            pos = save;
        }
    }

    private HclValue mapping(int indent) {
        Map<String, HclValue> out = new LinkedHashMap<>();
        Map<String, HclValue> merged = new LinkedHashMap<>();
        while (true) {
            HclValue key;
            if (peek() == '"' || peek() == '\'') {
                key = scalar(quoted(), true, null);
            } else {
                int start = pos;
                while (!(peek() == ':' && blank(peek(1)))) {
                    pos++;
                }
                String text = s.substring(start, pos).strip();
                key = text.equals("<<") ? null : scalar(text, false, null);
                if (key == null) {
                    pos++;
                    skipSpaces();
                    mergeInto(merged, atLineEnd() ? block(indent) : node(indent));
                    if (!nextEntry(indent)) {
                        break;
                    }
                    continue;
                }
            }
            skipSpaces();
            if (peek() != ':') {
                throw error("could not find expected ':'");
            }
            pos++;
            skipSpaces();
            HclValue value;
            if (atLineEnd()) {
                skipBlankLines();
                if (!eof() && col() == indent && peek() == '-' && blank(peek(1))) {
                    value = sequence(indent);
                } else {
                    value = block(indent);
                }
            } else {
                inlineValue = true;
                try {
                    value = node(indent);
                } finally {
                    inlineValue = false;
                }
            }
            out.put(keyString(key), value == null ? HclValue.NULL : value);
            if (!nextEntry(indent)) {
                break;
            }
        }
        merged.forEach(out::putIfAbsent);
        return HclValue.object(out);
    }

    private void mergeInto(Map<String, HclValue> merged, HclValue v) {
        if (v == null || v.isNull()) {
            return;
        }
        if (v.type().isObject()) {
            v.entries().forEach(merged::putIfAbsent);
        } else if (v.type().isTuple()) {
            for (HclValue e : v.elements()) {
                if (!e.type().isObject()) {
                    throw error("cannot merge " + e.type().friendlyName() + " (from sequence) into mapping");
                }
                e.entries().forEach(merged::putIfAbsent);
            }
        } else {
            throw error("cannot merge " + v.type().friendlyName() + " into mapping");
        }
    }

    private String keyString(HclValue key) {
        if (key.isNull()) {
            throw error("mapping key cannot be null");
        }
        if (!key.type().isPrimitive()) {
            throw error("only strings are allowed as mapping keys");
        }
        try {
            return HclConvert.convert(key, HclType.STRING).asString();
        } catch (ConversionException e) {
            throw error("only strings are allowed as mapping keys");
        }
    }

    private boolean nextEntry(int indent) {
        skipBlankLines();
        if (eof() || startsDocumentMarker("---") || startsDocumentMarker("...")) {
            return false;
        }
        int c = col();
        if (c > indent) {
            throw plainError("mapping values are not allowed in this context");
        }
        return c == indent && !(peek() == '-' && blank(peek(1)));
    }

    private HclValue sequence(int indent) {
        List<HclValue> out = new ArrayList<>();
        while (true) {
            pos++;
            skipSpaces();
            HclValue item;
            if (atLineEnd()) {
                item = block(indent);
            } else {
                item = node(indent);
            }
            out.add(item == null ? HclValue.NULL : item);
            skipBlankLines();
            if (eof() || col() != indent || !(peek() == '-' && blank(peek(1)))
                    || startsDocumentMarker("---")) {
                break;
            }
        }
        return HclValue.tuple(out);
    }

    // ---- flow collections -----------------------------------------------------------------------------------

    private HclValue flow(String tag) {
        char open = peek();
        pos++;
        if (open == '[') {
            List<HclValue> out = new ArrayList<>();
            while (true) {
                skipBlankLines();
                if (peek() == ']') {
                    pos++;
                    return HclValue.tuple(out);
                }
                out.add(flowNode());
                skipBlankLines();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != ']') {
                    throw error("did not find expected ',' or ']'");
                }
            }
        }
        Map<String, HclValue> out = new LinkedHashMap<>();
        while (true) {
            skipBlankLines();
            if (peek() == '}') {
                pos++;
                return HclValue.object(out);
            }
            HclValue key = flowNode();
            skipBlankLines();
            HclValue value = HclValue.NULL;
            if (peek() == ':') {
                pos++;
                skipBlankLines();
                if (peek() != ',' && peek() != '}') {
                    value = flowNode();
                }
            }
            out.put(keyString(key), value);
            skipBlankLines();
            if (peek() == ',') {
                pos++;
            } else if (peek() != '}') {
                throw error("did not find expected ',' or '}'");
            }
        }
    }

    private HclValue flowNode() {
        String tag = null;
        String anchor = null;
        while (peek() == '&' || peek() == '!') {
            boolean isAnchor = peek() == '&';
            int start = ++pos;
            while (!blank(peek()) && peek() != ',' && peek() != ']' && peek() != '}') {
                pos++;
            }
            if (isAnchor) {
                anchor = s.substring(start, pos);
            } else {
                tag = "!" + s.substring(start, pos);
            }
            skipBlankLines();
        }
        HclValue v;
        char c = peek();
        if (c == '[' || c == '{') {
            v = flow(tag);
        } else if (c == '"' || c == '\'') {
            v = scalar(quoted(), true, tag);
        } else if (c == '*') {
            v = nodeBody(-1, tag);
        } else {
            v = scalar(plain(-1, true), false, tag);
        }
        if (anchor != null) {
            anchors.put(anchor, v);
        }
        return v;
    }

    // ---- scalars --------------------------------------------------------------------------------------------

    private String plain(int parent, boolean inFlow) {
        StringBuilder b = new StringBuilder();
        StringBuilder pendingBreaks = new StringBuilder();
        while (true) {
            int start = pos;
            while (!eof() && peek() != '\n') {
                char c = peek();
                if (c == ':' && (blank(peek(1)) || inFlow && (peek(1) == ',' || peek(1) == ']' || peek(1) == '}'))) {
                    break;
                }
                if (c == '#' && pos > start && blank(s.charAt(pos - 1))) {
                    break;
                }
                if (inFlow && (c == ',' || c == ']' || c == '}' || c == '[' || c == '{')) {
                    break;
                }
                pos++;
            }
            String part = s.substring(start, pos).strip();
            if (!part.isEmpty()) {
                if (b.length() > 0) {
                    b.append(pendingBreaks.length() > 0 ? pendingBreaks : " ");
                }
                b.append(part);
                pendingBreaks.setLength(0);
            }
            if (eof() || peek() != '\n') {
                break;
            }
            int save = pos;
            int lineBreaks = 0;
            while (!eof() && peek() == '\n') {
                pos++;
                lineBreaks++;
                skipSpaces();
            }
            boolean continues = !eof() && (inFlow || col() > parent) && peek() != '#'
                    && !startsDocumentMarker("---") && !startsDocumentMarker("...")
                    && !(inFlow && (peek() == ',' || peek() == ']' || peek() == '}'))
                    && !(!inFlow && isMappingKeyHere()) && !(!inFlow && peek() == '-' && blank(peek(1)));
            if (!continues) {
                pos = save;
                break;
            }
            pendingBreaks.setLength(0);
            pendingBreaks.append("\n".repeat(lineBreaks - 1));
        }
        return b.toString();
    }

    private String quoted() {
        char q = peek();
        pos++;
        StringBuilder b = new StringBuilder();
        while (true) {
            if (eof()) {
                throw plainError("found unexpected end of stream while scanning a quoted scalar");
            }
            char c = peek();
            if (c == q) {
                if (q == '\'' && peek(1) == '\'') {
                    b.append('\'');
                    pos += 2;
                    continue;
                }
                pos++;
                return b.toString();
            }
            if (c == '\n') {
                int end = b.length();
                while (end > 0 && (b.charAt(end - 1) == ' ' || b.charAt(end - 1) == '\t')) {
                    end--;
                }
                b.setLength(end);
                int breaks = 0;
                while (!eof() && (peek() == '\n' || peek() == ' ' || peek() == '\t')) {
                    if (peek() == '\n') {
                        breaks++;
                    }
                    pos++;
                }
                b.append(breaks == 1 ? " " : "\n".repeat(breaks - 1));
                continue;
            }
            if (q == '"' && c == '\\') {
                pos++;
                char e = peek();
                pos++;
                switch (e) {
                    case '0' -> b.append('\0');
                    case 'a' -> b.append('\u0007');
                    case 'b' -> b.append('\b');
                    case 't', '\t' -> b.append('\t');
                    case 'n' -> b.append('\n');
                    case 'v' -> b.append('\u000b');
                    case 'f' -> b.append('\f');
                    case 'r' -> b.append('\r');
                    case 'e' -> b.append('\u001b');
                    case ' ' -> b.append(' ');
                    case '"' -> b.append('"');
                    case '/' -> b.append('/');
                    case '\\' -> b.append('\\');
                    case 'N' -> b.append('\u0085');
                    case '_' -> b.append('\u00a0');
                    case 'L' -> b.append('\u2028');
                    case 'P' -> b.append('\u2029');
                    case 'x' -> b.appendCodePoint(hex(2));
                    case 'u' -> b.appendCodePoint(hex(4));
                    case 'U' -> b.appendCodePoint(hex(8));
                    case '\n' -> {
                        while (peek() == ' ' || peek() == '\t') {
                            pos++;
                        }
                    }
                    default -> throw plainError("found unknown escape character while parsing a quoted scalar");
                }
                continue;
            }
            b.append(c);
            pos++;
        }
    }

    private int hex(int n) {
        if (pos + n > s.length()) {
            throw plainError("did not find expected hexdecimal number");
        }
        try {
            int v = Integer.parseInt(s.substring(pos, pos + n), 16);
            pos += n;
            return v;
        } catch (NumberFormatException e) {
            throw plainError("did not find expected hexdecimal number");
        }
    }

    private String blockScalar(int parent) {
        boolean literal = peek() == '|';
        pos++;
        char chomp = 'c';
        int indicator = 0;
        for (int k = 0; k < 2; k++) {
            char c = peek();
            if (c == '+' || c == '-') {
                chomp = c;
                pos++;
            } else if (c >= '1' && c <= '9') {
                indicator = c - '0';
                pos++;
            }
        }
        skipSpaces();
        if (peek() == '#') {
            skipLine();
        }
        if (!eof() && peek() != '\n') {
            throw error("did not find expected comment or line break");
        }
        int base = Math.max(parent, 0);
        int indent = indicator > 0 ? (parent < 0 ? 0 : parent) + indicator : -1;
        List<String> lines = new ArrayList<>();
        while (!eof()) {
            int lineStart = pos + 1;
            int end = s.indexOf('\n', lineStart);
            if (end < 0) {
                end = s.length();
            }
            String line = s.substring(lineStart, end);
            int lead = 0;
            while (lead < line.length() && line.charAt(lead) == ' ') {
                lead++;
            }
            boolean empty = lead == line.length();
            if (indent < 0 && !empty) {
                indent = lead;
                if (indent <= parent) {
                    break;
                }
            }
            if (!empty && lead < indent) {
                break;
            }
            if (!empty || lineStart < s.length()) {
                lines.add(empty ? (indent >= 0 && line.length() > indent ? line.substring(indent) : "")
                        : line.substring(indent));
            }
            pos = end;
            if (end >= s.length()) {
                break;
            }
        }
        if (base < 0) {
            base = 0;
        }
        int trailing = 0;
        while (trailing < lines.size() && lines.get(lines.size() - 1 - trailing).isEmpty()) {
            trailing++;
        }
        List<String> content = lines.subList(0, lines.size() - trailing);
        StringBuilder b = new StringBuilder();
        if (literal) {
            b.append(String.join("\n", content));
        } else {
            for (int i = 0; i < content.size(); i++) {
                String l = content.get(i);
                if (i > 0) {
                    String prev = content.get(i - 1);
                    if (l.isEmpty() || prev.startsWith(" ") || l.startsWith(" ")) {
                        b.append('\n');
                    } else if (!prev.isEmpty()) {
                        b.append(' ');
                    }
                }
                b.append(l);
            }
        }
        if (!content.isEmpty()) {
            if (chomp == 'c') {
                b.append('\n');
            } else if (chomp == '+') {
                b.append("\n".repeat(trailing + 1));
            }
        } else if (chomp == '+') {
            b.append("\n".repeat(trailing));
        }
        return b.toString();
    }

    private HclValue scalar(String src, boolean quoted, String tag) {
        String t = tag == null ? "" : tag.startsWith("!!") ? tag : tag.equals("!") ? "!!str" : tag;
        switch (t) {
            case "", "!!str", "!!bool", "!!int", "!!float", "!!null", "!!timestamp", "!!binary" -> {
            }
            default -> throw plainError("unsupported tag \"" + (tag.startsWith("!!") ? "tag:yaml.org,2002:"
                    + tag.substring(2) : tag) + "\"");
        }
        if (t.equals("!!str") || quoted) {
            return HclValue.string(src);
        }
        if (t.equals("!!binary")) {
            try {
                java.util.Base64.getMimeDecoder().decode(src);
            } catch (IllegalArgumentException e) {
                throw plainError("cannot parse \"" + src + "\" as !!binary: not valid base64");
            }
            return HclValue.string(src);
        }
        HclValue known = resolved(src);
        if (known != null && (t.isEmpty() || t.equals("!!bool") && known.type() == HclType.BOOL
                || t.equals("!!null") && known.isNull())) {
            return known;
        }
        if (t.equals("!!bool") || t.equals("!!null")) {
            throw plainError("cannot parse \"" + src + "\" as " + t);
        }
        if (t.isEmpty() && (src.equals(".nan") || src.equals(".NaN") || src.equals(".NAN"))) {
            throw plainError("floating point NaN is not supported");
        }
        if (t.isEmpty() || t.equals("!!timestamp")) {
            Matcher m = TIMESTAMP.matcher(src);
            if (!src.isEmpty() && Character.isDigit(src.charAt(0)) && m.matches()) {
                return HclValue.string(timestamp(m));
            }
            if (t.equals("!!timestamp")) {
                throw plainError("cannot parse \"" + src + "\" as !!timestamp");
            }
        }
        if (t.equals("!!int") || t.equals("!!float") || INTEGER.matcher(src).matches()
                || FLOAT.matcher(src).matches()) {
            String plain = src.replace("_", "");
            try {
                if (plain.matches("[-+]?0x[0-9a-fA-F]+")) {
                    boolean neg = plain.startsWith("-");
                    java.math.BigInteger v = new java.math.BigInteger(plain.replaceFirst("^[-+]?0x", ""), 16);
                    return HclValue.number(neg ? v.negate() : v);
                }
                if (plain.matches("[-+]?0o[0-7]+")) {
                    boolean neg = plain.startsWith("-");
                    java.math.BigInteger v = new java.math.BigInteger(plain.replaceFirst("^[-+]?0o", ""), 8);
                    return HclValue.number(neg ? v.negate() : v);
                }
                return HclValue.parseNumber(plain.startsWith("+") ? plain.substring(1) : plain);
            } catch (NumberFormatException e) {
                if (!t.isEmpty()) {
                    throw plainError("cannot parse \"" + src + "\" as " + t);
                }
            }
        }
        return HclValue.string(src);
    }

    private static HclValue resolved(String src) {
        return switch (src) {
            case "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON" -> HclValue.TRUE;
            case "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF" -> HclValue.FALSE;
            case "", "~", "null", "Null", "NULL" -> HclValue.NULL;
            case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF" -> HclValue.POSITIVE_INFINITY;
            case "-.inf", "-.Inf", "-.INF" -> HclValue.NEGATIVE_INFINITY;
            default -> null;
        };
    }

    private static String timestamp(Matcher m) {
        int year = Integer.parseInt(m.group(1));
        int month = Integer.parseInt(m.group(2));
        int day = Integer.parseInt(m.group(3));
        if (m.group(4) == null) {
            return String.format("%04d-%02d-%02dT00:00:00Z", year, month, day);
        }
        ZoneOffset off = ZoneOffset.UTC;
        if (m.group(8) != null && !m.group(8).equals("Z")) {
            String z = m.group(8);
            String digits = z.substring(1).replace(":", "");
            int h = Integer.parseInt(digits.length() <= 2 ? digits : digits.substring(0, digits.length() - 2));
            int mi = digits.length() <= 2 ? 0 : Integer.parseInt(digits.substring(digits.length() - 2));
            off = ZoneOffset.ofHoursMinutes(z.startsWith("-") ? -h : h, z.startsWith("-") ? -mi : mi);
        }
        OffsetDateTime t = OffsetDateTime.of(year, month, day, Integer.parseInt(m.group(4)),
                Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)), 0, off);
        return TimeFunctions.rfc3339(t);
    }
}
