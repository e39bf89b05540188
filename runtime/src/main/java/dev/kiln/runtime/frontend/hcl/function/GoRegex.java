package dev.kiln.runtime.frontend.hcl.function;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * RE2 (Go {@code regexp}) patterns on java.util.regex: the syntax differences that matter are translated
 * ({@code (?P<name>)} groups, names with underscores, POSIX classes, {@code $} only at the end of text without
 * {@code (?m)}, {@code .} and anchors treating only {@code \n} as a line end), and Go's replacement template
 * ({@code $1}, {@code ${1}}, {@code $name}, {@code $$}) is implemented as Go's {@code Regexp.Expand}.
 * Backreferences and lookaround, which RE2 refuses, are refused too.
 */
final class GoRegex {

    private static final Map<String, String> POSIX = Map.ofEntries(
            Map.entry("alnum", "\\p{Alnum}"), Map.entry("alpha", "\\p{Alpha}"), Map.entry("ascii", "\\x00-\\x7F"),
            Map.entry("blank", " \\t"), Map.entry("cntrl", "\\p{Cntrl}"), Map.entry("digit", "0-9"),
            Map.entry("graph", "\\p{Graph}"), Map.entry("lower", "a-z"), Map.entry("print", "\\p{Print}"),
            Map.entry("punct", "\\p{Punct}"), Map.entry("space", "\\t\\n\\x0B\\f\\r "), Map.entry("upper", "A-Z"),
            Map.entry("word", "0-9A-Za-z_"), Map.entry("xdigit", "0-9A-Fa-f"));

    final Pattern pattern;
    /** RE2 group names in order of their groups; Java names are g1, g2, ... by group number. */
    final List<String> groupNames;
    final int groupCount;

    private GoRegex(Pattern pattern, List<String> groupNames) {
        this.pattern = pattern;
        this.groupNames = groupNames;
        this.groupCount = pattern.matcher("").groupCount();
    }

    /** How a caller words a syntax error: Go's error code (e.g. {@code missing closing )}) and expression. */
    @FunctionalInterface
    interface OnError {
        FunctionException error(String code, String expr);
    }

    /** Go's own wording: {@code error parsing regexp: missing closing ): `(`}. */
    static final OnError GO_ERROR = (code, expr) -> new FunctionException("error parsing regexp: " + code + ": `"
            + expr + "`");

    /** Compiles an RE2 pattern; a syntax error is reported through {@code onError} with Go's error code. */
    static GoRegex compile(String re2, OnError onError) {
        List<String> names = new ArrayList<>();
        String java = translate(re2, names, onError);
        try {
            return new GoRegex(Pattern.compile(java, Pattern.UNIX_LINES), names);
        } catch (PatternSyntaxException e) {
            throw onError.error(goCode(e.getDescription()), re2);
        }
    }

    private static String goCode(String javaDescription) {
        if (javaDescription.startsWith("Unclosed group")) {
            return "missing closing )";
        }
        if (javaDescription.startsWith("Unmatched closing")) {
            return "unexpected )";
        }
        if (javaDescription.startsWith("Unclosed character class")) {
            return "missing closing ]";
        }
        if (javaDescription.startsWith("Dangling meta character")) {
            return "missing argument to repetition operator";
        }
        if (javaDescription.startsWith("Illegal character range")) {
            return "invalid character class range";
        }
        return javaDescription.toLowerCase(java.util.Locale.ROOT);
    }

    private static String translate(String s, List<String> names, OnError onError) {
        StringBuilder b = new StringBuilder();
        boolean multiline = false;
        boolean inClass = false;
        int group = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                if (i + 1 >= s.length()) {
                    throw onError.error("trailing backslash at end of expression", "");
                }
                char d = s.charAt(i + 1);
                if (Character.isDigit(d) && d != '0' && !inClass) {
                    throw onError.error("invalid escape sequence", "\\" + d);
                }
                if (d == 'z' && !inClass) {
                    b.append("\\z");
                } else if (d == 'C') {
                    b.append(".");
                } else {
                    b.append(c).append(d);
                }
                i++;
                continue;
            }
            if (inClass) {
                if (c == '[' && s.startsWith("[:", i)) {
                    int end = s.indexOf(":]", i + 2);
                    if (end > 0) {
                        String name = s.substring(i + 2, end);
                        boolean negated = name.startsWith("^");
                        String cls = POSIX.get(negated ? name.substring(1) : name);
                        if (cls != null) {
                            b.append(negated ? "&&[^" + cls + "]" : cls);
                            i = end + 1;
                            continue;
                        }
                    }
                }
                if (c == '[') {
                    b.append("\\[");
                    continue;
                }
                if (c == '&' && i + 1 < s.length() && s.charAt(i + 1) == '&') {
                    b.append("&\\&");
                    i++;
                    continue;
                }
                if (c == ']') {
                    inClass = false;
                }
                b.append(c);
                continue;
            }
            switch (c) {
                case '[' -> {
                    inClass = true;
                    b.append(c);
                    if (i + 1 < s.length() && s.charAt(i + 1) == '^') {
                        b.append('^');
                        i++;
                    }
                    if (i + 1 < s.length() && s.charAt(i + 1) == ']') {
                        b.append("\\]");
                        i++;
                    }
                }
                case '$' -> b.append(multiline ? "$" : "\\z");
                case '{' -> b.append(s.substring(i).matches("(?s)\\{\\d+(,\\d*)?}.*") ? "{" : "\\{");
                case '(' -> {
                    if (s.startsWith("(?P<", i) || s.startsWith("(?<", i) && !s.startsWith("(?<=", i)
                            && !s.startsWith("(?<!", i)) {
                        int nameStart = s.indexOf('<', i) + 1;
                        int end = s.indexOf('>', nameStart);
                        if (end < 0) {
                            throw onError.error("invalid named capture", s.substring(i));
                        }
                        group++;
                        names.add(s.substring(nameStart, end));
                        b.append("(?<g").append(group).append('>');
                        i = end;
                    } else if (s.startsWith("(?=", i) || s.startsWith("(?!", i) || s.startsWith("(?<", i)) {
                        throw onError.error("invalid or unsupported Perl syntax", s.substring(i, i + 3));
                    } else if (s.startsWith("(?", i)) {
                        int end = i + 2;
                        while (end < s.length() && s.charAt(end) != ')' && s.charAt(end) != ':') {
                            end++;
                        }
                        String flags = s.substring(i + 2, Math.min(end, s.length()));
                        if (flags.replace("-", "").contains("m") && !flags.startsWith("-")) {
                            multiline = true;
                        }
                        b.append("(?").append(flags.replace("U", ""));
                        i = end - 1;
                    } else {
                        group++;
                        names.add("");
                        b.append(c);
                    }
                }
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** The RE2 name of group {@code i} (1-based), or empty. */
    String nameOf(int i) {
        return i - 1 < groupNames.size() ? groupNames.get(i - 1) : "";
    }

    boolean hasNames() {
        return groupNames.stream().anyMatch(n -> !n.isEmpty());
    }

    /** Go's {@code ReplaceAllString}: empty matches abutting a preceding match are ignored. */
    String replaceAll(String input, String template) {
        Matcher m = pattern.matcher(input);
        StringBuilder out = new StringBuilder();
        int last = 0;
        int prevEnd = -1;
        while (m.find()) {
            if (m.start() == m.end() && m.start() == prevEnd) {
                continue;
            }
            out.append(input, last, m.start());
            expand(m, template, out);
            last = m.end();
            prevEnd = m.end();
        }
        out.append(input, last, input.length());
        return out.toString();
    }

    /** All matches as Go's {@code FindAll} reports them (empty matches abutting a preceding match ignored). */
    List<java.util.regex.MatchResult> findAll(String input) {
        Matcher m = pattern.matcher(input);
        List<java.util.regex.MatchResult> out = new ArrayList<>();
        int prevEnd = -1;
        while (m.find()) {
            if (m.start() == m.end() && m.start() == prevEnd) {
                continue;
            }
            out.add(m.toMatchResult());
            prevEnd = m.end();
        }
        return out;
    }

    private void expand(Matcher m, String t, StringBuilder out) {
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c != '$' || i + 1 >= t.length()) {
                out.append(c);
                continue;
            }
            char d = t.charAt(i + 1);
            if (d == '$') {
                out.append('$');
                i++;
                continue;
            }
            String name;
            int next;
            if (d == '{') {
                int end = t.indexOf('}', i + 2);
                if (end < 0 || end == i + 2 || !t.substring(i + 2, end).matches("\\w+")) {
                    out.append('$');
                    continue;
                }
                name = t.substring(i + 2, end);
                next = end + 1;
            } else {
                int end = i + 1;
                while (end < t.length() && (Character.isLetterOrDigit(t.charAt(end)) || t.charAt(end) == '_')
                        && t.charAt(end) < 128) {
                    end++;
                }
                if (end == i + 1) {
                    out.append('$');
                    continue;
                }
                name = t.substring(i + 1, end);
                next = end;
            }
            int g = groupIndex(name);
            if (g >= 0 && g <= m.groupCount() && m.group(g) != null) {
                out.append(m.group(g));
            }
            i = next - 1;
        }
    }

    private int groupIndex(String name) {
        if (name.chars().allMatch(Character::isDigit)) {
            try {
                return Integer.parseInt(name);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        int i = groupNames.indexOf(name);
        return i < 0 ? -1 : i + 1;
    }

    /** The groups of one match as RE2 reports them: name to text, for named patterns. */
    Map<String, String> namedGroups(Matcher m) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 1; i <= groupNames.size(); i++) {
            if (!groupNames.get(i - 1).isEmpty()) {
                out.put(groupNames.get(i - 1), m.group(i) == null ? "" : m.group(i));
            }
        }
        return out;
    }
}
