package dev.kiln.runtime.frontend.hcl.function;

import static dev.kiln.runtime.frontend.hcl.value.HclType.DYNAMIC;
import static dev.kiln.runtime.frontend.hcl.value.HclType.NUMBER;
import static dev.kiln.runtime.frontend.hcl.value.HclType.STRING;

import dev.kiln.runtime.frontend.hcl.value.HclType;
import dev.kiln.runtime.frontend.hcl.value.HclValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.MatchResult;

/** String functions: format, formatlist, chomp, indent, join, case, replace, regex, split, substr, trim, ... */
final class StringFunctions {

    /** cty's wording for a bad pattern given to regex and regexall. */
    private static final GoRegex.OnError PATTERN_ERROR = (code, expr) -> new FunctionException("invalid regexp "
            + "pattern: " + code + " in " + expr);

    private StringFunctions() {
    }

    static void register(Map<String, HclFunction> t) {
        add(t, HclFunction.builder("format").param("format", STRING)
                .variadic(Parameter.of("args", DYNAMIC).allowingNull()).returns(STRING)
                .impl(a -> HclValue.string(GoFormat.format(a.get(0).asString(), a.subList(1, a.size())))));
        add(t, HclFunction.builder("formatlist").param("format", STRING)
                .variadic(Parameter.of("args", DYNAMIC).allowingNull().allowingUnknown())
                .returns(HclType.list(STRING)).impl(StringFunctions::formatlist));
        add(t, str1("chomp", s -> s.replaceFirst("(?:\\r\\n|\\r|\\n)+\\z", "")));
        add(t, HclFunction.builder("indent").param("spaces", NUMBER).param("str", STRING).returns(STRING)
                .impl(a -> HclValue.string(a.get(1).asString().replace("\n", "\n"
                        + " ".repeat(Args.intValue(a, 0))))));
        add(t, HclFunction.builder("join").param("separator", STRING)
                .variadic("lists", HclType.list(STRING)).returns(STRING).impl(StringFunctions::join));
        add(t, str1("lower", s -> s.toLowerCase(Locale.ROOT)));
        add(t, str1("upper", s -> s.toUpperCase(Locale.ROOT)));
        // Packer's replace is cty's: a plain substring replacement (regular expressions are regex_replace's job).
        add(t, HclFunction.builder("replace").param("str", STRING).param("substr", STRING)
                .param("replace", STRING).returns(STRING).impl(a -> {
                    String s = a.get(0).asString();
                    String sub = a.get(1).asString();
                    String rep = a.get(2).asString();
                    return HclValue.string(sub.isEmpty() ? goReplaceEmpty(s, rep) : s.replace(sub, rep));
                }));
        add(t, HclFunction.builder("regex_replace").param("str", STRING).param("substr", STRING)
                .param("replace", STRING).returns(STRING)
                .impl(a -> HclValue.string(GoRegex.compile(a.get(1).asString(), GoRegex.GO_ERROR)
                        .replaceAll(a.get(0).asString(), a.get(2).asString()))));
        add(t, HclFunction.builder("split").param("separator", STRING).param("str", STRING)
                .returns(HclType.list(STRING)).impl(a -> {
                    List<HclValue> parts = new ArrayList<>();
                    for (String p : goSplit(a.get(1).asString(), a.get(0).asString())) {
                        parts.add(HclValue.string(p));
                    }
                    return HclValue.list(STRING, parts);
                }));
        add(t, str1("strrev", s -> {
            List<String> g = new ArrayList<>(Text.graphemes(s));
            Collections.reverse(g);
            return String.join("", g);
        }));
        add(t, HclFunction.builder("substr").param("str", STRING).param("offset", NUMBER).param("length", NUMBER)
                .returns(STRING).impl(a -> HclValue.string(substr(a.get(0).asString(), Args.intValue(a, 1),
                        Args.intValue(a, 2)))));
        add(t, str1("title", StringFunctions::title));
        add(t, HclFunction.builder("trim").param("str", STRING).param("cutset", STRING).returns(STRING)
                .impl(a -> HclValue.string(trim(a.get(0).asString(), a.get(1).asString()))));
        add(t, HclFunction.builder("trimprefix").param("str", STRING).param("prefix", STRING).returns(STRING)
                .impl(a -> {
                    String s = a.get(0).asString();
                    String p = a.get(1).asString();
                    return HclValue.string(s.startsWith(p) ? s.substring(p.length()) : s);
                }));
        add(t, HclFunction.builder("trimsuffix").param("str", STRING).param("suffix", STRING).returns(STRING)
                .impl(a -> {
                    String s = a.get(0).asString();
                    String p = a.get(1).asString();
                    return HclValue.string(s.endsWith(p) ? s.substring(0, s.length() - p.length()) : s);
                }));
        add(t, str1("trimspace", StringFunctions::trimSpace));
        add(t, HclFunction.builder("startswith").param("str", STRING).param("prefix", STRING)
                .returns(HclType.BOOL).impl(a -> HclValue.bool(a.get(0).asString().startsWith(a.get(1).asString()))));
        add(t, HclFunction.builder("endswith").param("str", STRING).param("suffix", STRING)
                .returns(HclType.BOOL).impl(a -> HclValue.bool(a.get(0).asString().endsWith(a.get(1).asString()))));
        add(t, HclFunction.builder("strcontains").param("str", STRING).param("substr", STRING)
                .returns(HclType.BOOL).impl(a -> HclValue.bool(a.get(0).asString().contains(a.get(1).asString()))));
        add(t, HclFunction.builder("regex").param("pattern", STRING).param("string", STRING)
                .returns(a -> regexReturnType(a.get(0), false)).impl(StringFunctions::regex));
        add(t, HclFunction.builder("regexall").param("pattern", STRING).param("string", STRING)
                .returns(a -> regexReturnType(a.get(0), true)).impl(StringFunctions::regexall));
    }

    private static void add(Map<String, HclFunction> t, HclFunction.Builder b) {
        HclFunction f = b.build();
        t.put(f.name(), f);
    }

    private static HclFunction.Builder str1(String name, java.util.function.UnaryOperator<String> op) {
        return HclFunction.builder(name).param("str", STRING).returns(STRING)
                .impl(a -> HclValue.string(op.apply(a.get(0).asString())));
    }

    private static HclValue join(List<HclValue> a) {
        if (a.size() < 2) {
            throw new FunctionException("at least one list is required");
        }
        List<String> parts = new ArrayList<>();
        for (int li = 1; li < a.size(); li++) {
            List<HclValue> l = a.get(li).elements();
            for (int ei = 0; ei < l.size(); ei++) {
                if (l.get(ei).isNull()) {
                    throw new FunctionException(li, a.size() > 2
                            ? "element " + ei + " of list " + li + " is null; cannot concatenate null values"
                            : "element " + ei + " is null; cannot concatenate null values");
                }
                parts.add(l.get(ei).asString());
            }
        }
        return HclValue.string(String.join(a.get(0).asString(), parts));
    }

    private static HclValue formatlist(List<HclValue> a) {
        String fmt = a.get(0).asString();
        List<HclValue> args = a.subList(1, a.size());
        if (args.isEmpty()) {
            return HclValue.list(List.of(HclValue.string(GoFormat.format(fmt, args))));
        }
        int iterLen = -1;
        int chooser = -1;
        boolean unknown = false;
        for (int i = 0; i < args.size(); i++) {
            HclValue arg = args.get(i);
            HclType ty = arg.type();
            if ((ty.isList() || ty.isSet() || ty.isTuple()) && !arg.isNull()) {
                if (!arg.isKnown()) {
                    unknown = true;
                    continue;
                }
                int len = arg.length();
                if (iterLen == -1) {
                    iterLen = len;
                    chooser = i;
                } else if (len != iterLen) {
                    throw new FunctionException(i + 1, "argument " + (i + 1) + " has length " + len
                            + ", which is inconsistent with argument " + (chooser + 1) + " of length " + iterLen);
                }
            } else if (!arg.isKnown()) {
                unknown = true;
            }
        }
        if (unknown) {
            return HclValue.unknown(HclType.list(STRING));
        }
        if (iterLen == 0) {
            return HclValue.emptyList(STRING);
        }
        if (iterLen == -1) {
            iterLen = 1;
        }
        List<HclValue> out = new ArrayList<>();
        results:
        for (int k = 0; k < iterLen; k++) {
            List<HclValue> fmtArgs = new ArrayList<>();
            for (HclValue arg : args) {
                HclType ty = arg.type();
                HclValue v = (ty.isList() || ty.isSet() || ty.isTuple()) && !arg.isNull() ? arg.elements().get(k)
                        : arg;
                if (!v.isWhollyKnown()) {
                    out.add(HclValue.unknown(STRING));
                    continue results;
                }
                fmtArgs.add(v);
            }
            try {
                out.add(HclValue.string(GoFormat.format(fmt, fmtArgs)));
            } catch (FunctionException e) {
                throw new FunctionException("error on format iteration " + k + ": " + e.getMessage());
            }
        }
        return HclValue.list(STRING, out);
    }

    /** Go's strings.Split. */
    static List<String> goSplit(String s, String sep) {
        List<String> out = new ArrayList<>();
        if (sep.isEmpty()) {
            s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
            return out;
        }
        int start = 0;
        for (int i = s.indexOf(sep); i >= 0; i = s.indexOf(sep, start)) {
            out.add(s.substring(start, i));
            start = i + sep.length();
        }
        out.add(s.substring(start));
        return out;
    }

    /** Go's strings.Replace with an empty old string: the replacement between every character. */
    private static String goReplaceEmpty(String s, String rep) {
        StringBuilder b = new StringBuilder(rep);
        s.codePoints().forEach(cp -> b.appendCodePoint(cp).append(rep));
        return b.toString();
    }

    static String substr(String s, int offset, int length) {
        List<String> g = Text.graphemes(s);
        if (offset < 0) {
            offset += g.size();
        } else if (length == 0) {
            return "";
        }
        if (offset < 0) {
            offset = 0;
        }
        if (offset > g.size()) {
            return "";
        }
        if (offset >= g.size() && offset > 0) {
            return "";
        }
        List<String> rest = g.subList(offset, g.size());
        if (length < 0) {
            return String.join("", rest);
        }
        if (length == 0) {
            return String.join("", rest);
        }
        return String.join("", rest.subList(0, Math.min(length, rest.size())));
    }

    /** Go's strings.Title: upper-cases letters that follow a separator (anything but letters, digits, '_'). */
    static String title(String s) {
        StringBuilder b = new StringBuilder();
        int prev = ' ';
        for (int i = 0; i < s.length();) {
            int cp = s.codePointAt(i);
            boolean sep = isTitleSeparator(prev);
            b.appendCodePoint(sep ? Character.toTitleCase(cp) : cp);
            prev = cp;
            i += Character.charCount(cp);
        }
        return b.toString();
    }

    private static boolean isTitleSeparator(int r) {
        if (r <= 0x7F) {
            return !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_');
        }
        if (Character.isLetter(r) || Character.isDigit(r)) {
            return false;
        }
        return Character.isWhitespace(r) || Character.isSpaceChar(r);
    }

    static String trim(String s, String cutset) {
        int start = 0;
        int end = s.length();
        while (start < end && cutset.indexOf(s.codePointAt(start)) >= 0) {
            start += Character.charCount(s.codePointAt(start));
        }
        while (end > start && cutset.indexOf(s.codePointBefore(end)) >= 0) {
            end -= Character.charCount(s.codePointBefore(end));
        }
        return s.substring(start, end);
    }

    /** Go's strings.TrimSpace (unicode.IsSpace). */
    static String trimSpace(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isGoSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isGoSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isGoSpace(char c) {
        return c == ' ' || c >= '\t' && c <= '\r' || c == 0x85 || c == 0xA0 || Character.isSpaceChar(c);
    }

    // ---- regex / regexall ---------------------------------------------------------------------------------------

    private static HclType regexReturnType(HclValue pattern, boolean all) {
        if (!pattern.isKnown()) {
            return all ? HclType.list(DYNAMIC) : DYNAMIC;
        }
        GoRegex re = GoRegex.compile(pattern.asString(), PATTERN_ERROR);
        HclType one = matchType(re);
        return all ? HclType.list(one) : one;
    }

    private static HclType matchType(GoRegex re) {
        boolean named = re.groupNames.stream().anyMatch(n -> !n.isEmpty());
        boolean unnamed = re.groupNames.stream().anyMatch(String::isEmpty);
        if (named && unnamed) {
            throw new FunctionException("invalid regexp pattern: cannot mix both named and unnamed capture groups");
        }
        if (re.groupNames.isEmpty()) {
            return STRING;
        }
        if (named) {
            Map<String, HclType> attrs = new LinkedHashMap<>();
            re.groupNames.forEach(n -> attrs.put(n, STRING));
            return HclType.object(attrs);
        }
        return HclType.tuple(Collections.nCopies(re.groupNames.size(), STRING));
    }

    private static HclValue matchValue(GoRegex re, MatchResult m) {
        if (re.groupNames.isEmpty()) {
            return HclValue.string(m.group());
        }
        if (re.hasNames()) {
            Map<String, HclValue> attrs = new LinkedHashMap<>();
            for (int i = 1; i <= re.groupNames.size(); i++) {
                attrs.put(re.nameOf(i), m.group(i) == null ? HclValue.nullOf(STRING) : HclValue.string(m.group(i)));
            }
            return HclValue.object(attrs);
        }
        List<HclValue> l = new ArrayList<>();
        for (int i = 1; i <= re.groupNames.size(); i++) {
            l.add(m.group(i) == null ? HclValue.nullOf(STRING) : HclValue.string(m.group(i)));
        }
        return HclValue.tuple(l);
    }

    private static HclValue regex(List<HclValue> a) {
        GoRegex re = GoRegex.compile(a.get(0).asString(), PATTERN_ERROR);
        java.util.regex.Matcher m = re.pattern.matcher(a.get(1).asString());
        if (!m.find()) {
            throw new FunctionException("pattern did not match any part of the given string");
        }
        return matchValue(re, m);
    }

    private static HclValue regexall(List<HclValue> a) {
        GoRegex re = GoRegex.compile(a.get(0).asString(), PATTERN_ERROR);
        HclType one = matchType(re);
        List<HclValue> out = new ArrayList<>();
        for (MatchResult m : re.findAll(a.get(1).asString())) {
            out.add(matchValue(re, m));
        }
        return out.isEmpty() ? HclValue.emptyList(one) : HclValue.list(one, out);
    }

}
