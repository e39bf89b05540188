package dev.kiln.runtime.build;

import dev.kiln.api.ConfigException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's duration syntax ({@code "1h30m"}, {@code "2.5s"}, {@code "300ms"}), which Packer templates use. */
public final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

    private Durations() {
    }

    /**
     * Parses {@code text}; null or blank gives {@link Duration#ZERO}.
     *
     * @throws ConfigException naming {@code key} when the text is not a Go duration
     */
    public static Duration parse(String text, String key) {
        if (text == null || text.isBlank() || text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = PART.matcher(text.trim());
        long nanos = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            nanos += new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos(m.group(2)))).longValue();
            end = m.end();
        }
        if (end == 0 || end != text.trim().length()) {
            throw new ConfigException(key + ": '" + text + "' is not a duration; write it like '30s', '5m' or '1h30m'.");
        }
        return Duration.ofNanos(nanos);
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
        };
    }

    /** Formats like Go's {@code Duration.String()} ({@code 10s}, {@code 1m30s}, {@code 1.5s}), for messages. */
    public static String format(Duration d) {
        if (d.toMillis() < 1000) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        StringBuilder out = new StringBuilder();
        if (s >= 3600) {
            out.append(s / 3600).append('h');
        }
        if (s >= 60) {
            out.append((s % 3600) / 60).append('m');
        }
        out.append(s % 60);
        int nanos = d.toNanosPart();
        if (nanos > 0) {
            out.append('.').append(String.format("%09d", nanos).replaceFirst("0+$", ""));
        }
        return out.append('s').toString();
    }
}
