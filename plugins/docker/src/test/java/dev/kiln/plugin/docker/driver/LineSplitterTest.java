package dev.kiln.plugin.docker.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    private final List<String> lines = new ArrayList<>();
    private final LineSplitter splitter = new LineSplitter(lines::add);

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
    void finishWithNothingPendingEmitsNothing() {
        feed("done\n");
        splitter.finish();
        splitter.accept(null);
        assertThat(lines).containsExactly("done");
    }
}
