package dev.kiln.cli.render;

import java.time.Duration;

/** Formats durations the way Packer's build summary does: the two largest units, e.g. "2 seconds 455 milliseconds". */
final class Durafmt {

    private static final String[] UNITS = {"hour", "minute", "second", "millisecond", "microsecond"};
    private static final long[] NANOS = {3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L};

    private Durafmt() {
    }

    static String format(Duration duration) {
        long nanos = duration.toNanos();
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < UNITS.length && shown < 2; i++) {
            long value = nanos / NANOS[i];
            nanos %= NANOS[i];
            if (value > 0 || shown > 0) {
                if (value > 0) {
                    out.append(out.length() == 0 ? "" : " ").append(value).append(' ').append(UNITS[i])
                            .append(value == 1 ? "" : "s");
                }
                shown++;
            }
        }
        return out.length() == 0 ? "0 microseconds" : out.toString();
    }
}
