package dev.kiln.docker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    /** Every line and piece in order; pieces that do not end their line are marked with a trailing '+'. */
    private final List<String> calls = new ArrayList<>();
    /** Only the text of lines and pieces, in order. */
    private final List<String> lines = new ArrayList<>();
    private final LineSplitter splitter = new LineSplitter(line -> {
        lines.add(line);
        calls.add(line);
    }, part -> {
        lines.add(part);
        calls.add(part + "+");
    });

    private void feed(String text) {
        splitter.accept(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void splitsOnNewlinesAcrossChunks() {
        feed("he");
        feed("llo\nwor");
        feed("ld\n\nlast");
        assertThat(lines).containsExactly("hello", "world", "");
        splitter.finish();
        assertThat(lines).containsExactly("hello", "world", "", "last");
    }

    @Test
    void dropsCarriageReturnsBeforeNewlines() {
        feed("a\r\nb\r");
        feed("\nc\rd\n");
        assertThat(lines).containsExactly("a", "b", "c\rd");
    }

    @Test
    void keepsMultiByteCharactersSplitAcrossChunks() {
        byte[] bytes = "é€\n".getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            splitter.accept(new byte[] {b});
        }
        assertThat(lines).containsExactly("é€");
    }

    @Test
    void boundsVeryLongLines() {
        byte[] big = new byte[LineSplitter.MAX_LINE + 10];
        Arrays.fill(big, (byte) 'x');
        splitter.accept(big);
        splitter.finish();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).hasSize(LineSplitter.MAX_LINE);
        assertThat(lines.get(1)).hasSize(10);
    }

    @Test
    void piecesOfAnOverLongLineArePartsAndTheLastEndsTheLine() {
        feed("x".repeat(2 * LineSplitter.MAX_LINE + 3) + "\nnext\n");

        assertThat(calls).containsExactly("x".repeat(LineSplitter.MAX_LINE) + "+",
                "x".repeat(LineSplitter.MAX_LINE) + "+", "xxx", "next");
    }

    @Test
    void anOverLongLineThatTheStreamEndsInTheMiddleOfIsEndedByFinish() {
        feed("y".repeat(LineSplitter.MAX_LINE + 1));
        assertThat(calls).containsExactly("y".repeat(LineSplitter.MAX_LINE) + "+");

        splitter.finish();

        assertThat(calls).containsExactly("y".repeat(LineSplitter.MAX_LINE) + "+", "y");
    }

    @Test
    void aCharacterAtThePieceBoundaryIsNotCutInTwo() {
        // 'x' * (MAX_LINE - 1) then a 3-byte '€': the piece boundary falls inside the euro sign.
        String text = "x".repeat(LineSplitter.MAX_LINE - 1) + "€" + "y".repeat(5);
        feed(text);
        splitter.finish();
        assertThat(String.join("", lines)).isEqualTo(text);
        assertThat(lines.get(0)).isEqualTo("x".repeat(LineSplitter.MAX_LINE - 1));
        assertThat(lines).noneMatch(piece -> piece.contains("\uFFFD"));
    }

    @Test
    void aLineOfExactlyTheLimitWithCrLfIsOneLine() {
        // what a TTY (pty: true) sends: every line ends in \r\n
        feed("x".repeat(LineSplitter.MAX_LINE - 1) + "\r\n" + "x".repeat(LineSplitter.MAX_LINE) + "\r\nnext\r\n");
        assertThat(lines).containsExactly("x".repeat(LineSplitter.MAX_LINE - 1), "x".repeat(LineSplitter.MAX_LINE),
                "next");
    }

    @Test
    void aCarriageReturnAtThePieceBoundaryStaysWithTheText() {
        feed("x".repeat(LineSplitter.MAX_LINE - 1) + "\ry\n");
        assertThat(String.join("", lines)).isEqualTo("x".repeat(LineSplitter.MAX_LINE - 1) + "\ry");
        assertThat(lines).hasSize(2);
    }

    @Test
    void completeUtf8LengthKeepsBackOnlyAnUnfinishedSequence() {
        assertThat(LineSplitter.completeUtf8Length("ab".getBytes(StandardCharsets.UTF_8))).isEqualTo(2);
        assertThat(LineSplitter.completeUtf8Length("a€".getBytes(StandardCharsets.UTF_8))).isEqualTo(4);
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        assertThat(LineSplitter.completeUtf8Length(new byte[] {'a', euro[0], euro[1]})).isEqualTo(1);
        assertThat(LineSplitter.completeUtf8Length(new byte[] {'a', euro[0]})).isEqualTo(1);
        assertThat(LineSplitter.completeUtf8Length(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80}))
                .as("binary, not UTF-8").isEqualTo(4);
    }

    @Test
    void finishWithNothingPendingEmitsNothing() {
        feed("done\n");
        splitter.finish();
        splitter.accept(null);
        assertThat(lines).containsExactly("done");
    }
}
