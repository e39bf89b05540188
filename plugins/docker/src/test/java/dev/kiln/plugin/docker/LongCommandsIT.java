package dev.kiln.plugin.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.api.Communicator;
import dev.kiln.api.OutputListener;
import dev.kiln.plugin.docker.testing.TestEngine;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Commands as real templates run them: for many seconds, printing now and then or not at all, with tens of megabytes
 * of output, very long lines and binary bytes. Each must end with its own exit status and its output must arrive while
 * it runs, not at the end.
 */
@Tag("docker")
class LongCommandsIT {

    static TestEngine engine;
    static Communicator communicator;

    @BeforeAll
    static void start() throws InterruptedException {
        engine = TestEngine.connect();
        String container = engine.startContainer(engine.busyboxImage());
        communicator = engine.communicator(container);
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            if (communicator != null) {
                communicator.close();
            }
            engine.removeTestObjects();
            engine.close();
        }
    }

    /** Records each line with the time it arrived; keeps the lines only when asked to. */
    static final class TimedLines implements OutputListener {
        final boolean keep;
        final List<String> out = new ArrayList<>();
        final List<String> err = new ArrayList<>();
        long firstOutNanos;
        long firstErrNanos;
        long outLines;
        long outChars;
        int longestOut;

        TimedLines(boolean keep) {
            this.keep = keep;
        }

        @Override
        public synchronized void stdout(String line) {
            if (outLines++ == 0) {
                firstOutNanos = System.nanoTime();
            }
            outChars += line.length();
            longestOut = Math.max(longestOut, line.length());
            if (keep) {
                out.add(line);
            }
        }

        @Override
        public synchronized void stderr(String line) {
            if (err.isEmpty()) {
                firstErrNanos = System.nanoTime();
            }
            err.add(line);
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    @Test
    void aCommandThatPrintsEverySecondForFiveSecondsStreamsAndKeepsItsStatus() throws Exception {
        TimedLines lines = new TimedLines(true);
        int status = communicator.execute(
                "for i in 1 2 3 4 5; do echo out$i; echo err$i >&2; sleep 1; done; exit 7", lines);
        long end = System.nanoTime();

        assertThat(status).isEqualTo(7);
        assertThat(lines.out).containsExactly("out1", "out2", "out3", "out4", "out5");
        assertThat(lines.err).containsExactly("err1", "err2", "err3", "err4", "err5");
        assertThat((end - lines.firstOutNanos) / 1_000_000).as("ms between the first stdout line and the end")
                .isGreaterThan(3_000);
        assertThat((end - lines.firstErrNanos) / 1_000_000).as("ms between the first stderr line and the end")
                .isGreaterThan(3_000);
    }

    @Test
    void aThirtySecondSilentCommandEndsWithItsStatus() throws Exception {
        TimedLines lines = new TimedLines(true);
        long start = System.nanoTime();
        int status = communicator.execute("sleep 30; echo woke; exit 4", lines);

        assertThat(status).isEqualTo(4);
        assertThat(lines.out).containsExactly("woke");
        assertThat(millisSince(start)).isGreaterThanOrEqualTo(30_000);
    }

    @Test
    void twentyMegabytesOfOutputArriveWhileTheCommandRuns() throws Exception {
        // 20 MiB of 64-byte lines (63 characters and a newline), then two seconds of silence.
        TimedLines lines = new TimedLines(false);
        int status = communicator.execute(
                "yes 012345678901234567890123456789012345678901234567890123456789abc | head -c 20971520; sleep 2",
                lines);
        long end = System.nanoTime();

        assertThat(status).isZero();
        assertThat(lines.outLines).isEqualTo(20L * 1024 * 1024 / 64);
        assertThat(lines.outChars).isEqualTo(20L * 1024 * 1024 / 64 * 63);
        assertThat((end - lines.firstOutNanos) / 1_000_000).as("output is delivered, not buffered to the end")
                .isGreaterThan(1_500);
    }

    @Test
    void aFiveMegabyteLineWithoutNewlineArrivesInBoundedPieces() throws Exception {
        TimedLines lines = new TimedLines(true);
        int status = communicator.execute("head -c 5242880 /dev/zero | tr '\\0' x", lines);

        assertThat(status).isZero();
        assertThat(lines.outChars).isEqualTo(5L * 1024 * 1024);
        assertThat(lines.longestOut).isLessThanOrEqualTo(64 * 1024);
        assertThat(lines.out).allSatisfy(piece -> assertThat(piece).matches("x+"));
    }

    @Test
    void binaryOutputDoesNotStopTheCommandOrItsLaterLines() throws Exception {
        TimedLines lines = new TimedLines(true);
        int status = communicator.execute(
                "head -c 2097152 /dev/urandom; head -c 65536 /dev/urandom >&2; echo; echo after-binary; exit 5", lines);

        assertThat(status).isEqualTo(5);
        assertThat(lines.out).last().isEqualTo("after-binary");
        assertThat(lines.err).isNotEmpty();
    }
}
