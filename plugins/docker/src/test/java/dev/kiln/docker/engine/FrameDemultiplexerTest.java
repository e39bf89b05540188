package dev.kiln.docker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The exec output stream split into standard output and error, however reads cut frames and headers. */
class FrameDemultiplexerTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private FrameDemultiplexer demultiplexer(boolean tty) {
        return new FrameDemultiplexer(tty, out::writeBytes, err::writeBytes);
    }

    private static byte[] frame(int stream, String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[8 + bytes.length];
        frame[0] = (byte) stream;
        frame[4] = (byte) (bytes.length >>> 24);
        frame[5] = (byte) (bytes.length >>> 16);
        frame[6] = (byte) (bytes.length >>> 8);
        frame[7] = (byte) bytes.length;
        System.arraycopy(bytes, 0, frame, 8, bytes.length);
        return frame;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    private static void feedInPieces(FrameDemultiplexer frames, byte[] stream, List<Integer> cuts) {
        int from = 0;
        for (int cut : cuts) {
            frames.feed(stream, from, cut - from);
            from = cut;
        }
        frames.feed(stream, from, stream.length - from);
    }

    private static final byte[] STREAM = concat(frame(1, "out one\n"), frame(2, "err one\n"), frame(1, ""),
            frame(0, "stdin echo"), frame(1, "out two, ünïcødé\n"), frame(2, "x".repeat(70_000)),
            frame(3, "engine error"), frame(1, "end"));

    @Test
    void framesWholeInOneRead() {
        demultiplexer(false).feed(STREAM, 0, STREAM.length);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("out one\nout two, ünïcødé\nend");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("err one\n" + "x".repeat(70_000)
                + "engine error");
    }

    @Test
    void everyCutOfTheStreamGivesTheSameOutput() {
        for (int cut = 1; cut < 120; cut++) { // inside headers, between them, inside payloads
            out.reset();
            err.reset();
            feedInPieces(demultiplexer(false), STREAM, List.of(cut));
            assertThat(out.toString(StandardCharsets.UTF_8)).as("cut at %d", cut)
                    .isEqualTo("out one\nout two, ünïcødé\nend");
            assertThat(err.toString(StandardCharsets.UTF_8)).as("cut at %d", cut)
                    .isEqualTo("err one\n" + "x".repeat(70_000) + "engine error");
        }
    }

    @Test
    void aHeaderSplitByteByByteAndRandomReadsGiveTheSameOutput() {
        FrameDemultiplexer bytewise = demultiplexer(false);
        for (int i = 0; i < STREAM.length; i++) {
            bytewise.feed(STREAM, i, 1);
        }
        String expectedErr = "err one\n" + "x".repeat(70_000) + "engine error";
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("out one\nout two, ünïcødé\nend");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(expectedErr);

        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            out.reset();
            err.reset();
            List<Integer> cuts = new ArrayList<>();
            for (int at = random.nextInt(20) + 1; at < STREAM.length; at += random.nextInt(9000) + 1) {
                cuts.add(at);
            }
            feedInPieces(demultiplexer(false), STREAM, cuts);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("out one\nout two, ünïcødé\nend");
            assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(expectedErr);
        }
    }

    @Test
    void aTtyStreamIsRawEvenWhenItLooksLikeAFrame() {
        byte[] raw = concat(new byte[] {1, 0, 0, 0, 0, 0, 0, 3}, "hi\r\n".getBytes(StandardCharsets.UTF_8));
        FrameDemultiplexer frames = demultiplexer(true);
        frames.feed(raw, 0, 5);
        frames.feed(raw, 5, raw.length - 5);

        assertThat(out.toByteArray()).isEqualTo(raw);
        assertThat(err.size()).isZero();
    }

    @Test
    void aShortTtyStreamIsPassedOnAtOnce() {
        demultiplexer(true).feed("ok".getBytes(StandardCharsets.UTF_8), 0, 2);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("ok");
    }

    @Test
    void aStreamThatIsNotMultiplexedAfterAllIsPassedOnRaw() {
        byte[] raw = "plain text, no frames\n".getBytes(StandardCharsets.UTF_8);
        FrameDemultiplexer frames = demultiplexer(false);
        feedInPieces(frames, raw, List.of(3, 10));

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("plain text, no frames\n");
    }
}
