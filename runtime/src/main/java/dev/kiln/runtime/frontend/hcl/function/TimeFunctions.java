package dev.kiln.runtime.frontend.hcl.function;

import dev.kiln.runtime.frontend.GoTime;
import static dev.kiln.runtime.frontend.hcl.value.HclType.NUMBER;
import static dev.kiln.runtime.frontend.hcl.value.HclType.STRING;

import dev.kiln.runtime.frontend.hcl.value.HclType;
import dev.kiln.runtime.frontend.hcl.value.HclValue;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Date and time functions: timestamp, timeadd (Go durations), formatdate (cty's format spec), legacy_isotime,
 * legacy_strftime, rfc3339_parse and unix_timestamp_parse (Packer 1.16's: an object of the date's parts).
 */
final class TimeFunctions {

    private static final Pattern RFC3339 = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");

    /** RFC 3339 with {@code T} or a space between date and time (section 5.6), as rfc3339_parse reads it. */
    private static final Pattern RFC3339_LENIENT = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})[T ](\\d{2}):(\\d{2}):(\\d{2})(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");

    /** The parts both parse functions return. */
    private static final Map<String, HclType> DATE_PARTS = Map.ofEntries(Map.entry("year", NUMBER),
            Map.entry("year_day", NUMBER), Map.entry("day", NUMBER), Map.entry("month", NUMBER),
            Map.entry("month_name", STRING), Map.entry("weekday", NUMBER), Map.entry("weekday_name", STRING),
            Map.entry("hour", NUMBER), Map.entry("minute", NUMBER), Map.entry("second", NUMBER),
            Map.entry("iso_year", NUMBER), Map.entry("iso_week", NUMBER));

    private TimeFunctions() {
    }

    static void register(Map<String, HclFunction> t, Clock clock) {
        java.time.ZonedDateTime init = java.time.ZonedDateTime.now(clock.withZone(ZoneOffset.UTC));
        add(t, HclFunction.builder("legacy_isotime").variadic("format", STRING).returns(STRING).impl(a -> {
            if (a.size() > 1) {
                throw new FunctionException("too many values, 1 needed");
            }
            return HclValue.string(GoTime.format(a.isEmpty() ? GoTime.RFC3339 : a.get(0).asString(), init));
        }));
        add(t, HclFunction.builder("legacy_strftime").variadic("format", STRING).returns(STRING).impl(a -> {
            if (a.size() > 1) {
                throw new FunctionException("too many values, 1 needed");
            }
            return HclValue.string(a.isEmpty() ? GoTime.format(GoTime.RFC3339, init)
                    : GoTime.strftime(a.get(0).asString(), init));
        }));
        add(t, HclFunction.builder("timestamp").returns(STRING)
                .impl(a -> HclValue.string(rfc3339(OffsetDateTime.now(clock.withZone(ZoneOffset.UTC))))));
        add(t, HclFunction.builder("timeadd").param("timestamp", STRING).param("duration", STRING).returns(STRING)
                .impl(a -> {
                    OffsetDateTime ts = parseTimestamp(a.get(0).asString(), -1);
                    long nanos = parseDuration(a.get(1).asString(), -1);
                    return HclValue.string(rfc3339(ts.plusNanos(nanos)));
                }));
        add(t, HclFunction.builder("formatdate").param("format", STRING).param("time", STRING).returns(STRING)
                .impl(a -> HclValue.string(formatDate(a.get(0).asString(), parseTimestamp(a.get(1).asString(),
                        1)))));
        registerParsers(t);
    }

    private static void registerParsers(Map<String, HclFunction> t) {
        Map<String, HclType> rfc = new java.util.HashMap<>(DATE_PARTS);
        rfc.put("unix", NUMBER);
        add(t, HclFunction.builder("rfc3339_parse").param("timestamp", STRING).returns(HclType.object(rfc))
                .impl(a -> {
                    String text = a.get(0).asString();
                    Matcher m = RFC3339_LENIENT.matcher(text);
                    if (!m.matches()) {
                        throw new FunctionException(0, Json.quote(text) + " is not a valid RFC3339 timestamp");
                    }
                    OffsetDateTime time;
                    try {
                        time = parseTimestamp(m.group(1) + "-" + m.group(2) + "-" + m.group(3) + "T" + m.group(4)
                                + ":" + m.group(5) + ":" + m.group(6) + (m.group(7) == null ? "" : m.group(7))
                                + m.group(8), 0);
                    } catch (FunctionException e) {
                        throw new FunctionException(0, Json.quote(text) + " is not a valid RFC3339 timestamp");
                    }
                    Map<String, HclValue> parts = parts(time);
                    parts.put("unix", HclValue.number(time.toEpochSecond()));
                    return HclValue.object(parts);
                }));
        Map<String, HclType> unix = new java.util.HashMap<>(DATE_PARTS);
        unix.put("rfc3339", STRING);
        add(t, HclFunction.builder("unix_timestamp_parse").param("unix_timestamp", NUMBER)
                .returns(HclType.object(unix)).impl(a -> {
                    HclValue n = a.get(0);
                    long seconds;
                    OffsetDateTime time;
                    try {
                        if (n.isInfinite()) {
                            throw new ArithmeticException();
                        }
                        seconds = n.asBigDecimal().longValueExact();
                    } catch (ArithmeticException e) {
                        throw new FunctionException(0, "unix_timestamp must be a whole number of seconds"
                                + " representable as a 64-bit integer: value must be a whole number, between"
                                + " -9223372036854775808 and 9223372036854775807");
                    }
                    try {
                        time = java.time.Instant.ofEpochSecond(seconds).atOffset(ZoneOffset.UTC);
                    } catch (java.time.DateTimeException e) {
                        throw new FunctionException(0, "unix_timestamp " + seconds + " is outside the years"
                                + " Kiln can represent (-999999999 to 999999999)");
                    }
                    Map<String, HclValue> parts = parts(time);
                    parts.put("rfc3339", HclValue.string(rfc3339(time)));
                    return HclValue.object(parts);
                }));
    }

    /** The parts of {@code time} in its own offset; the weekday counts from Sunday, 0, as Go's does. */
    private static Map<String, HclValue> parts(OffsetDateTime time) {
        Map<String, HclValue> p = new java.util.HashMap<>();
        p.put("year", HclValue.number(time.getYear()));
        p.put("year_day", HclValue.number(time.getDayOfYear()));
        p.put("day", HclValue.number(time.getDayOfMonth()));
        p.put("month", HclValue.number(time.getMonthValue()));
        p.put("month_name", HclValue.string(time.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH)));
        p.put("weekday", HclValue.number(time.getDayOfWeek().getValue() % 7));
        p.put("weekday_name", HclValue.string(time.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH)));
        p.put("hour", HclValue.number(time.getHour()));
        p.put("minute", HclValue.number(time.getMinute()));
        p.put("second", HclValue.number(time.getSecond()));
        p.put("iso_year", HclValue.number(time.get(java.time.temporal.IsoFields.WEEK_BASED_YEAR)));
        p.put("iso_week", HclValue.number(time.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR)));
        return p;
    }

    private static void add(Map<String, HclFunction> t, HclFunction.Builder b) {
        HclFunction f = b.build();
        t.put(f.name(), f);
    }

    /** Go's time.RFC3339 layout: seconds precision, {@code Z} for UTC. */
    static String rfc3339(OffsetDateTime t) {
        OffsetDateTime s = t.truncatedTo(ChronoUnit.SECONDS);
        String base = String.format("%04d-%02d-%02dT%02d:%02d:%02d", s.getYear(), s.getMonthValue(),
                s.getDayOfMonth(), s.getHour(), s.getMinute(), s.getSecond());
        return base + offset(s.getOffset(), true, true);
    }

    private static String offset(ZoneOffset o, boolean zulu, boolean colon) {
        int secs = o.getTotalSeconds();
        if (secs == 0 && zulu) {
            return "Z";
        }
        int a = Math.abs(secs) / 60;
        return (secs < 0 ? "-" : "+") + String.format("%02d", a / 60) + (colon ? ":" : "")
                + String.format("%02d", a % 60);
    }

    static OffsetDateTime parseTimestamp(String s, int arg) {
        Matcher m = RFC3339.matcher(s);
        if (!m.matches()) {
            throw new FunctionException(arg, "not a valid RFC3339 timestamp: " + timestampProblem(s));
        }
        int month = Integer.parseInt(m.group(2));
        int day = Integer.parseInt(m.group(3));
        int hour = Integer.parseInt(m.group(4));
        int minute = Integer.parseInt(m.group(5));
        int second = Integer.parseInt(m.group(6));
        if (month < 1 || month > 12) {
            throw new FunctionException(arg, "not a valid RFC3339 timestamp: month out of range");
        }
        if (hour > 23) {
            throw new FunctionException(arg, "not a valid RFC3339 timestamp: hour must be between 0 and 23 "
                    + "inclusive");
        }
        if (minute > 59 || second > 59) {
            throw new FunctionException(arg, "not a valid RFC3339 timestamp: " + (minute > 59 ? "minute" : "second")
                    + " out of range");
        }
        int nanos = 0;
        if (m.group(7) != null) {
            String frac = (m.group(7).substring(1) + "000000000").substring(0, 9);
            nanos = Integer.parseInt(frac);
        }
        ZoneOffset off = m.group(8).equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(m.group(8));
        try {
            return OffsetDateTime.of(Integer.parseInt(m.group(1)), month, day, hour, minute, second, nanos, off);
        } catch (java.time.DateTimeException e) {
            throw new FunctionException(arg, "not a valid RFC3339 timestamp: day out of range");
        }
    }

    private static String timestampProblem(String s) {
        if (!s.matches("\\d{4}.*")) {
            return "cannot use " + Json.quote(s) + " as year";
        }
        if (s.matches("\\d{4}-\\d{2}-\\d{2}([^T].*)?")) {
            return "missing required time introducer 'T'";
        }
        if (s.matches("\\d{4}(-\\d{0,2}){0,2}")) {
            return "end of string before " + (s.length() <= 5 ? "month" : "day of month");
        }
        if (s.matches("[^T]*T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?")) {
            return "end of string before UTC offset";
        }
        return "cannot use " + Json.quote(s) + " as timestamp segment";
    }

    /** Go's time.ParseDuration, in nanoseconds. */
    static long parseDuration(String s, int arg) {
        String orig = s;
        if (s.isEmpty()) {
            throw new FunctionException(arg, "time: invalid duration " + Json.quote(orig));
        }
        boolean neg = false;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            neg = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return 0;
        }
        if (s.isEmpty()) {
            throw new FunctionException(arg, "time: invalid duration " + Json.quote(orig));
        }
        BigDecimal total = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            String num = s.substring(start, i);
            if (num.isEmpty() || num.equals(".") || num.indexOf('.') != num.lastIndexOf('.')) {
                throw new FunctionException(arg, "time: invalid duration " + Json.quote(orig));
            }
            int ustart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            String unit = s.substring(ustart, i);
            if (unit.isEmpty()) {
                throw new FunctionException(arg, "time: missing unit in duration " + Json.quote(orig));
            }
            long scale = switch (unit) {
                case "ns" -> 1L;
                case "us", "\u00b5s", "\u03bcs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> throw new FunctionException(arg, "time: unknown unit " + Json.quote(unit)
                        + " in duration " + Json.quote(orig));
            };
            String n = num.startsWith(".") ? "0" + num : num.endsWith(".") ? num + "0" : num;
            total = total.add(new BigDecimal(n).multiply(BigDecimal.valueOf(scale)));
        }
        if (total.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new FunctionException(arg, "time: invalid duration " + Json.quote(orig));
        }
        long v = total.longValue();
        return neg ? -v : v;
    }

    static String formatDate(String format, OffsetDateTime t) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        int n = format.length();
        while (i < n) {
            char c = format.charAt(i);
            if (c == '\'') {
                if (i + 1 < n && format.charAt(i + 1) == '\'') {
                    out.append('\'');
                    i += 2;
                    continue;
                }
                int j = i + 1;
                StringBuilder lit = new StringBuilder();
                boolean closed = false;
                while (j < n) {
                    if (format.charAt(j) == '\'') {
                        if (j + 1 < n && format.charAt(j + 1) == '\'') {
                            lit.append('\'');
                            j += 2;
                            continue;
                        }
                        closed = true;
                        break;
                    }
                    lit.append(format.charAt(j++));
                }
                if (!closed) {
                    throw new FunctionException(0, "unterminated literal '");
                }
                out.append(lit);
                i = j + 1;
                continue;
            }
            if (!isLetter(c)) {
                int j = i;
                while (j < n && !isLetter(format.charAt(j)) && format.charAt(j) != '\'') {
                    j++;
                }
                out.append(format, i, j);
                i = j;
                continue;
            }
            int j = i;
            while (j < n && format.charAt(j) == c) {
                j++;
            }
            String tok = format.substring(i, j);
            verb(tok, t, out);
            i = j;
        }
        return out.toString();
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static void verb(String tok, OffsetDateTime t, StringBuilder out) {
        int len = tok.length();
        String q = Json.quote(tok);
        switch (tok.charAt(0)) {
            case 'Y' -> {
                if (len == 2) {
                    out.append(String.format("%02d", t.getYear() % 100));
                } else if (len == 4) {
                    out.append(String.format("%04d", t.getYear()));
                } else {
                    throw bad(q, "year must either be \"YY\" or \"YYYY\"");
                }
            }
            case 'M' -> {
                switch (len) {
                    case 1 -> out.append(t.getMonthValue());
                    case 2 -> out.append(String.format("%02d", t.getMonthValue()));
                    case 3 -> out.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                    case 4 -> out.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                    default -> throw bad(q, "month must be \"M\", \"MM\", \"MMM\", or \"MMMM\"");
                }
            }
            case 'D' -> two(len, t.getDayOfMonth(), out, q, "day of month must either be \"D\" or \"DD\"");
            case 'E' -> {
                if (len == 3) {
                    out.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                } else if (len == 4) {
                    out.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                } else {
                    throw bad(q, "day of week must either be \"EEE\" or \"EEEE\"");
                }
            }
            case 'h' -> two(len, t.getHour(), out, q, "24-hour must either be \"h\" or \"hh\"");
            case 'H' -> two(len, t.getHour() % 12 == 0 ? 12 : t.getHour() % 12, out, q,
                    "12-hour must either be \"H\" or \"HH\"");
            case 'A', 'a' -> {
                if (len != 2) {
                    throw bad(q, "must be \"" + tok.charAt(0) + tok.charAt(0) + "\"");
                }
                String ampm = t.getHour() < 12 ? "AM" : "PM";
                out.append(tok.charAt(0) == 'A' ? ampm : ampm.toLowerCase(Locale.ROOT));
            }
            case 'm' -> two(len, t.getMinute(), out, q, "minute must either be \"m\" or \"mm\"");
            case 's' -> two(len, t.getSecond(), out, q, "second must either be \"s\" or \"ss\"");
            case 'Z' -> {
                switch (len) {
                    case 1 -> out.append(offset(t.getOffset(), true, true));
                    case 3 -> {
                        String o = offset(t.getOffset(), false, false);
                        out.append(o.equals("+0000") ? "UTC" : o);
                    }
                    case 4 -> out.append(offset(t.getOffset(), false, false));
                    case 5 -> out.append(offset(t.getOffset(), false, true));
                    default -> throw bad(q, "timezone must be Z, ZZZZ, or ZZZZZ");
                }
            }
            default -> throw new FunctionException(0, "invalid date format verb " + q);
        }
    }

    private static void two(int len, int v, StringBuilder out, String q, String why) {
        if (len == 1) {
            out.append(v);
        } else if (len == 2) {
            out.append(String.format("%02d", v));
        } else {
            throw bad(q, why);
        }
    }

    private static FunctionException bad(String q, String why) {
        return new FunctionException(0, "invalid date format verb " + q + ": " + why);
    }
}
