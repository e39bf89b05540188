package dev.kiln.runtime.frontend.upgrade;

import java.util.List;
import java.util.Map;

/**
 * Go time layouts (Packer JSON's {@code isotime}) as HCL2 {@code formatdate} specs, for a time in UTC (which
 * {@code timestamp()} always is, so every zone element is UTC's).
 */
final class GoLayouts {

    /** Go layout elements and their formatdate spelling, longest first where one is a prefix of another. */
    private static final List<Map.Entry<String, String>> ELEMENTS = List.of(
            Map.entry("January", "MMMM"), Map.entry("Jan", "MMM"), Map.entry("Monday", "EEEE"),
            Map.entry("Mon", "EEE"), Map.entry("MST", "ZZZ"), Map.entry("2006", "YYYY"),
            Map.entry("Z07:00:00", "'Z'"), Map.entry("Z070000", "'Z'"), Map.entry("Z07:00", "Z"),
            Map.entry("Z0700", "'Z'"), Map.entry("Z07", "'Z'"), Map.entry("-07:00:00", "'+00:00:00'"),
            Map.entry("-070000", "'+000000'"), Map.entry("-07:00", "ZZZZZ"), Map.entry("-0700", "ZZZZ"),
            Map.entry("-07", "'+00'"), Map.entry("01", "MM"), Map.entry("02", "DD"), Map.entry("03", "HH"),
            Map.entry("04", "mm"), Map.entry("05", "ss"), Map.entry("06", "YY"), Map.entry("15", "hh"),
            Map.entry("PM", "AA"), Map.entry("pm", "aa"), Map.entry("1", "M"), Map.entry("2", "D"),
            Map.entry("3", "H"), Map.entry("4", "m"), Map.entry("5", "s"));

    private GoLayouts() {
    }

    /**
     * The formatdate spec that prints what {@code layout} prints, or null when the layout uses an element that
     * formatdate lacks (day of the year, space-padded day, fractions of a second).
     */
    static String toFormatDate(String layout) {
        StringBuilder out = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        outer:
        while (i < layout.length()) {
            if (layout.startsWith("002", i) || layout.startsWith("_2", i) && !layout.startsWith("_2006", i)
                    || fraction(layout, i)) {
                return null;
            }
            for (Map.Entry<String, String> element : ELEMENTS) {
                if (layout.startsWith(element.getKey(), i)) {
                    String spec = element.getValue();
                    if (spec.startsWith("'")) {                  // a zone that is constant in UTC: literal text
                        literal.append(spec, 1, spec.length() - 1);
                    } else {
                        flush(literal, out);
                        out.append(spec);
                    }
                    i += element.getKey().length();
                    continue outer;
                }
            }
            literal.append(layout.charAt(i));
            i++;
        }
        flush(literal, out);
        return out.toString();
    }

    /** Go reads {@code .000}, {@code ,999} and the like after a seconds element as fractions of a second. */
    private static boolean fraction(String layout, int i) {
        char c = layout.charAt(i);
        if ((c != '.' && c != ',') || i + 1 >= layout.length()) {
            return false;
        }
        char digit = layout.charAt(i + 1);
        if (digit != '0' && digit != '9') {
            return false;
        }
        int j = i + 1;
        while (j < layout.length() && layout.charAt(j) == digit) {
            j++;
        }
        return j == layout.length() || !Character.isDigit(layout.charAt(j));
    }

    /** Literal text: letters and quotes must be quoted in formatdate ({@code ''} is a quote); the rest may not. */
    private static void flush(StringBuilder literal, StringBuilder out) {
        if (literal.isEmpty()) {
            return;
        }
        String text = literal.toString();
        boolean needsQuotes = text.chars().anyMatch(ch -> Character.isLetter(ch) || ch == '\'');
        out.append(needsQuotes ? "'" + text.replace("'", "''") + "'" : text);
        literal.setLength(0);
    }
}
