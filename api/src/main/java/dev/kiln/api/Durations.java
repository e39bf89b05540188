package dev.kiln.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * Go's duration syntax ({@code "1h30m"}, {@code "2.5s"}, {@code "300ms"}, {@code "-2s"}), which Packer templates use,
 * read and printed as Go's {@code time.ParseDuration} and {@code Duration.String} do. The one place Kiln parses
 * durations: a config record's {@link Duration} component is bound from such a string by the runtime, so a plugin
 * rarely calls {@link #parse} itself; {@link #format} prints one as Packer would ({@code Pausing 5s ...}).
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d*(?:\\.\\d*)?)(ns|us|µs|μs|ms|s|m|h)");
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);
    private static final String LIKE = "write it like '30s', '5m' or '1h30m'";

    private Durations() {
    }

    /**
     * Parses {@code text}; null or blank gives {@link Duration#ZERO}.
     *
     * @param text the text, e.g. {@code 1m30s}
     * @param key the option, for the message
     * @return the duration
     * @throws ConfigException naming {@code key} when the text is not a Go duration or is longer than Go's longest
     *     (about 292 years), as Packer refuses it
     */
    public static Duration parse(String text, String key) {
        if (text == null || text.isBlank()) {
            return Duration.ZERO;
        }
        String s = text.strip();
        boolean negative = false;
        if (s.startsWith("-") || s.startsWith("+")) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = PART.matcher(s);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < s.length() || at == 0) {
            if (!m.find(at) || m.start() != at || m.group(1).isEmpty() || m.group(1).equals(".")) {
                throw new ConfigException(key + ": '" + text + "' is not a duration; " + LIKE + ".");
            }
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(m.group(2)))));
            at = m.end();
        }
        try {
            long whole = nanos.setScale(0, RoundingMode.DOWN).longValueExact();
            return Duration.ofNanos(negative ? -whole : whole);
        } catch (ArithmeticException e) {
            throw new ConfigException(key + ": '" + text + "' is out of range: a duration is at most "
                    + format(Duration.ofNanos(Long.MAX_VALUE)) + " (about 292 years).");
        }
    }

    /**
     * Formats like Go's {@code Duration.String()}: {@code 0s}, {@code 500ms}, {@code 1m30s}, {@code 1h0m0s}.
     *
     * @param d any duration
     * @return the text
     */
    public static String format(Duration d) {
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

    /** {@code value} divided by 10^scale, without trailing zeros. */
    private static String decimal(BigDecimal value, int scale) {
        BigDecimal scaled = value.movePointLeft(scale).stripTrailingZeros();
        return scaled.signum() == 0 ? "0" : scaled.toPlainString();
    }
}
