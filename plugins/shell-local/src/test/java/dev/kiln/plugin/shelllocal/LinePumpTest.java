package dev.kiln.plugin.shelllocal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinePumpTest {

    private static List<String> pump(byte[] bytes) {
        List<String> lines = new ArrayList<>();
        new LinePump(new ByteArrayInputStream(bytes), lines::add, lines::add).run();
        return lines;
    }

    /** Lines and pieces in order; pieces that do not end their line are marked with a trailing '+'. */
    private static List<String> calls(byte[] bytes) {
        List<String> calls = new ArrayList<>();
        new LinePump(new ByteArrayInputStream(bytes), calls::add, part -> calls.add(part + "+")).run();
        return calls;
    }

    @Test
    void linesLoseTheirTerminatorsAndALastLineWithoutOneCounts() {
        assertThat(pump("a\r\nb\n\nc".getBytes(StandardCharsets.UTF_8))).containsExactly("a", "b", "", "c");
    }

    @Test
    void aHugeLineComesInPiecesWithoutSplittingACharacter() {
        String line = "é".repeat(LinePump.MAX_LINE); // two bytes each
        List<String> lines = pump((line + "\n").getBytes(StandardCharsets.UTF_8));

        assertThat(lines).hasSizeGreaterThan(1);
        assertThat(String.join("", lines)).isEqualTo(line);
        assertThat(lines).allSatisfy(piece -> assertThat(piece).doesNotContain("\uFFFD"));
    }

    @Test
    void thePiecesOfAHugeLineArePartsAndItsEndEndsIt() {
        String line = "x".repeat(LinePump.MAX_LINE);

        assertThat(calls((line + line + "z\nnext\n").getBytes(StandardCharsets.UTF_8)))
                .containsExactly(line + "+", line + "+", "z", "next");
    }

    @Test
    void aHugeLineThatEndsAtAPieceBoundaryIsStillEnded() {
        String line = "x".repeat(LinePump.MAX_LINE);

        assertThat(calls(line.getBytes(StandardCharsets.UTF_8))).containsExactly(line + "+", "");
        assertThat(calls((line + "\n").getBytes(StandardCharsets.UTF_8))).containsExactly(line + "+", "");
    }
}
