package dev.kiln.runtime.frontend.json;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.util.Locale;

/**
 * Formats times the way Go's {@code time.Format} does with a reference layout ({@code 2006-01-02T15:04:05Z07:00}),
 * and the way {@code strftime} does, for the {@code isotime} and {@code strftime} template functions.
 */
final class GoTime {

    /** Go's {@code time.RFC3339}, {@code isotime}'s default. */
    static final String RFC3339 = "2006-01-02T15:04:05Z07:00";

    private GoTime() {
    }

    /** Formats {@code t} with the Go reference layout {@code layout}; text that is not a layout element is copied. */
    static String format(String layout, ZonedDateTime t) {
        StringBuilder out = new StringBuilder();
        int n = layout.length();
        int i = 0;
        while (i < n) {
            char c = layout.charAt(i);
            String rest = layout.substring(i);
            int used = 0;
            switch (c) {
                case 'J':
                    if (rest.startsWith("January")) {
                        out.append(month(t, TextStyle.FULL));
                        used = 7;
                    } else if (rest.startsWith("Jan")) {
                        out.append(month(t, TextStyle.SHORT));
                        used = 3;
                    }
                    break;
                case 'M':
                    if (rest.startsWith("Monday")) {
                        out.append(weekday(t, TextStyle.FULL));
                        used = 6;
                    } else if (rest.startsWith("Mon")) {
                        out.append(weekday(t, TextStyle.SHORT));
                        used = 3;
                    } else if (rest.startsWith("MST")) {
                        out.append(zoneName(t));
                        used = 3;
                    }
                    break;
                case '0':
                    if (n > i + 1 && layout.charAt(i + 1) >= '1' && layout.charAt(i + 1) <= '6') {
                        switch (layout.charAt(i + 1)) {
                            case '1': out.append(pad(t.getMonthValue(), 2, '0')); break;
                            case '2': out.append(pad(t.getDayOfMonth(), 2, '0')); break;
                            case '3': out.append(pad(hour12(t), 2, '0')); break;
                            case '4': out.append(pad(t.getMinute(), 2, '0')); break;
                            case '5': out.append(pad(t.getSecond(), 2, '0')); break;
                            default: out.append(pad(Math.floorMod(t.getYear(), 100), 2, '0')); break;
                        }
                        used = 2;
                    } else if (rest.startsWith("002")) {
                        out.append(pad(t.getDayOfYear(), 3, '0'));
                        used = 3;
                    }
                    break;
                case '1':
                    if (rest.startsWith("15")) {
                        out.append(pad(t.getHour(), 2, '0'));
                        used = 2;
                    } else {
                        out.append(t.getMonthValue());
                        used = 1;
                    }
                    break;
                case '2':
                    if (rest.startsWith("2006")) {
                        out.append(pad(t.getYear(), 4, '0'));
                        used = 4;
                    } else {
                        out.append(t.getDayOfMonth());
                        used = 1;
                    }
                    break;
                case '_':
                    if (rest.startsWith("_2006")) {
                        out.append('_');           // a literal underscore, then the year
                        used = 1;
                    } else if (rest.startsWith("_2")) {
                        out.append(pad(t.getDayOfMonth(), 2, ' '));
                        used = 2;
                    } else if (rest.startsWith("__2")) {
                        out.append(pad(t.getDayOfYear(), 3, ' '));
                        used = 3;
                    }
                    break;
                case '3':
                    out.append(hour12(t));
                    used = 1;
                    break;
                case '4':
                    out.append(t.getMinute());
                    used = 1;
                    break;
                case '5':
                    out.append(t.getSecond());
                    used = 1;
                    break;
                case 'P':
                    if (rest.startsWith("PM")) {
                        out.append(t.getHour() >= 12 ? "PM" : "AM");
                        used = 2;
                    }
                    break;
                case 'p':
                    if (rest.startsWith("pm")) {
                        out.append(t.getHour() >= 12 ? "pm" : "am");
                        used = 2;
                    }
                    break;
                case '-':
                case 'Z':
                    used = zone(rest, t, out);
                    break;
                case '.':
                case ',':
                    used = fraction(layout, i, t, out);
                    break;
                default:
                    break;
            }
            if (used == 0) {
                out.append(c);
                used = 1;
            }
            i += used;
        }
        return out.toString();
    }

    /** Formats {@code t} like C's {@code strftime}; unknown directives are copied as they are. */
    static String strftime(String format, ZonedDateTime t) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                out.append(c);
                continue;
            }
            char d = format.charAt(++i);
            switch (d) {
                case 'a': out.append(weekday(t, TextStyle.SHORT)); break;
                case 'A': out.append(weekday(t, TextStyle.FULL)); break;
                case 'b': case 'h': out.append(month(t, TextStyle.SHORT)); break;
                case 'B': out.append(month(t, TextStyle.FULL)); break;
                case 'c': out.append(format("Mon Jan _2 15:04:05 2006", t)); break;
                case 'C': out.append(pad(t.getYear() / 100, 2, '0')); break;
                case 'd': out.append(pad(t.getDayOfMonth(), 2, '0')); break;
                case 'D': out.append(format("01/02/06", t)); break;
                case 'e': out.append(pad(t.getDayOfMonth(), 2, ' ')); break;
                case 'f': out.append(pad(t.getNano() / 1000, 6, '0')); break;
                case 'F': out.append(format("2006-01-02", t)); break;
                case 'H': out.append(pad(t.getHour(), 2, '0')); break;
                case 'I': out.append(pad(hour12(t), 2, '0')); break;
                case 'j': out.append(pad(t.getDayOfYear(), 3, '0')); break;
                case 'L': out.append(pad(t.getNano() / 1_000_000, 3, '0')); break;
                case 'm': out.append(pad(t.getMonthValue(), 2, '0')); break;
                case 'M': out.append(pad(t.getMinute(), 2, '0')); break;
                case 'n': out.append('\n'); break;
                case 'p': out.append(t.getHour() >= 12 ? "PM" : "AM"); break;
                case 'r': out.append(format("03:04:05 PM", t)); break;
                case 'R': out.append(format("15:04", t)); break;
                case 's': out.append(t.toEpochSecond()); break;
                case 'S': out.append(pad(t.getSecond(), 2, '0')); break;
                case 't': out.append('\t'); break;
                case 'T': case 'X': out.append(format("15:04:05", t)); break;
                case 'u': out.append(t.getDayOfWeek().getValue()); break;
                case 'V': out.append(pad(t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), 2, '0')); break;
                case 'w': out.append(t.getDayOfWeek().getValue() % 7); break;
                case 'x': out.append(format("01/02/06", t)); break;
                case 'y': out.append(pad(Math.floorMod(t.getYear(), 100), 2, '0')); break;
                case 'Y': out.append(t.getYear()); break;
                case 'z': out.append(format("-0700", t)); break;
                case 'Z': out.append(zoneName(t)); break;
                case '%': out.append('%'); break;
                default: out.append('%').append(d); break;
            }
        }
        return out.toString();
    }

    private static int zone(String rest, ZonedDateTime t, StringBuilder out) {
        boolean iso = rest.charAt(0) == 'Z';
        String body = rest.substring(1);
        String[] forms = {"070000", "07:00:00", "0700", "07:00", "07"};
        for (String form : forms) {
            if (!body.startsWith(form)) {
                continue;
            }
            int offset = t.getOffset().getTotalSeconds();
            if (iso && offset == 0) {
                out.append('Z');
            } else {
                int abs = Math.abs(offset);
                boolean colon = form.contains(":");
                out.append(offset < 0 ? '-' : '+').append(pad(abs / 3600, 2, '0'));
                if (form.length() > 2) {
                    out.append(colon ? ":" : "").append(pad(abs / 60 % 60, 2, '0'));
                }
                if (form.length() > 5) {
                    out.append(colon ? ":" : "").append(pad(abs % 60, 2, '0'));
                }
            }
            return form.length() + 1;
        }
        return 0;
    }

    /** {@code .000} (fixed digits) or {@code .999} (trailing zeros dropped) fractional seconds; 0 when not one. */
    private static int fraction(String layout, int i, ZonedDateTime t, StringBuilder out) {
        if (i + 1 >= layout.length() || layout.charAt(i + 1) != '0' && layout.charAt(i + 1) != '9') {
            return 0;
        }
        char digit = layout.charAt(i + 1);
        int j = i + 1;
        while (j < layout.length() && layout.charAt(j) == digit) {
            j++;
        }
        if (j < layout.length() && Character.isDigit(layout.charAt(j))) {
            return 0;
        }
        int digits = Math.min(9, j - i - 1);
        String nanos = pad(t.get(ChronoField.NANO_OF_SECOND), 9, '0').substring(0, digits);
        if (digit == '9') {
            nanos = nanos.replaceAll("0+$", "");
            if (!nanos.isEmpty()) {
                out.append(layout.charAt(i)).append(nanos);
            }
        } else {
            out.append(layout.charAt(i)).append(nanos);
        }
        return j - i;
    }

    private static int hour12(ZonedDateTime t) {
        int h = t.getHour() % 12;
        return h == 0 ? 12 : h;
    }

    private static String month(ZonedDateTime t, TextStyle style) {
        return t.getMonth().getDisplayName(style, Locale.ENGLISH);
    }

    private static String weekday(ZonedDateTime t, TextStyle style) {
        return t.getDayOfWeek().getDisplayName(style, Locale.ENGLISH);
    }

    private static String zoneName(ZonedDateTime t) {
        if (t.getZone().equals(ZoneOffset.UTC) || t.getZone().getId().equals("UTC") || t.getZone().getId().equals("Z")) {
            return "UTC";
        }
        if (t.getZone() instanceof ZoneOffset) {
            return format("-0700", t);
        }
        return t.getZone().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
    }

    private static String pad(long value, int width, char fill) {
        String s = Long.toString(Math.abs(value));
        StringBuilder out = new StringBuilder(value < 0 ? "-" : "");
        for (int k = s.length(); k < width; k++) {
            out.append(fill);
        }
        return out.append(s).toString();
    }
}
