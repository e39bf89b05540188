package dev.kiln.plugin.shell;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints durations the way Go's {@code time.ParseDuration} and {@code Duration.String} do. */
final class GoDuration {

    private static final Pattern PART = Pattern.compile("(\\d*(?:\\.\\d*)?)(ns|us|µs|μs|ms|s|m|h)");
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private GoDuration() {
    }

    /**
     * Parses {@code text} such as {@code 5s}, {@code 1m30s}, {@code 1.5h} or {@code 500ms}.
     *
     * @throws IllegalArgumentException when {@code text} is not a Go duration
     */
    static Duration parse(String text) {
        String s = text.strip();
        boolean negative = false;
        if (s.startsWith("-") || s.startsWith("+")) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("invalid duration '" + text + "'");
        }
        Matcher m = PART.matcher(s);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at || m.group(1).isEmpty() || m.group(1).equals(".")) {
                throw new IllegalArgumentException("invalid duration '" + text + "'");
            }
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(m.group(2)))));
            at = m.end();
        }
        long whole = nanos.setScale(0, RoundingMode.DOWN).longValueExact();
        return Duration.ofNanos(negative ? -whole : whole);
    }

    /** Prints {@code d} as Go does: {@code 0s}, {@code 500ms}, {@code 5s}, {@code 1m30s}, {@code 1h0m0s}. */
    static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        BigDecimal abs = BigDecimal.valueOf(nanos).abs();
        if (abs.compareTo(BigDecimal.valueOf(1_000L)) < 0) {
            return sign + abs.toPlainString() + "ns";
        }
        if (abs.compareTo(BigDecimal.valueOf(1_000_000L)) < 0) {
            return sign + decimal(abs, 3) + "µs";
        }
        if (abs.compareTo(BigDecimal.valueOf(1_000_000_000L)) < 0) {
            return sign + decimal(abs, 6) + "ms";
        }
        BigDecimal[] hoursAndRest = abs.divideAndRemainder(BigDecimal.valueOf(3_600_000_000_000L));
        BigDecimal[] minutesAndRest = hoursAndRest[1].divideAndRemainder(BigDecimal.valueOf(60_000_000_000L));
        StringBuilder out = new StringBuilder(sign);
        if (hoursAndRest[0].signum() > 0) {
            out.append(hoursAndRest[0].toPlainString()).append('h');
        }
        if (hoursAndRest[0].signum() > 0 || minutesAndRest[0].signum() > 0) {
            out.append(minutesAndRest[0].toPlainString()).append('m');
        }
        return out.append(decimal(minutesAndRest[1], 9)).append('s').toString();
    }

    private static String decimal(BigDecimal value, int scale) {
        BigDecimal scaled = value.movePointLeft(scale).stripTrailingZeros();
        return scaled.signum() == 0 ? "0" : scaled.toPlainString();
    }
}
