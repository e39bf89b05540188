package dev.kiln.cli.render;

import java.io.PrintStream;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/** Packer's {@code -timestamp-ui}: every line starts with an RFC 3339 timestamp, e.g. {@code 2026-11-27T04:29:37Z: }. */
public final class TimestampedStream extends PrintStream {

    private final Clock clock;

    /** Prefixes each line written to {@code target} with {@code clock}'s time. */
    public TimestampedStream(PrintStream target, Clock clock) {
        super(target, true);
        this.clock = clock;
    }

    @Override
    public void println(String line) {
        super.println(clock.instant().truncatedTo(ChronoUnit.SECONDS) + ": " + line);
    }

    @Override
    public void println() {
        println("");
    }
}
