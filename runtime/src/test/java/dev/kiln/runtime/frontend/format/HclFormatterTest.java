package dev.kiln.runtime.frontend.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.runtime.frontend.hcl.syntax.HclScanner;
import dev.kiln.runtime.frontend.hcl.syntax.Token;
import dev.kiln.runtime.frontend.hcl.syntax.TokenType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link HclFormatter}'s contract: what it refuses, and that it only ever changes the spaces between tokens. */
class HclFormatterTest {

    @ParameterizedTest
    @ValueSource(strings = {"a = \n", "x {\n", "a = 1;\n", "a = \"open\n", "a = 'single'\n", "a = 1 +\n"})
    void aFileThatDoesNotParseIsNotFormatted(String source) {
        byte[] bytes = source.getBytes(StandardCharsets.UTF_8);

        HclFormatter.Result result = HclFormatter.format("bad.pkr.hcl", bytes);

        assertThat(result.ok()).isFalse();
        assertThat(result.output()).isNull();
        assertThat(result.changed()).isFalse();
        assertThat(result.diagnostics()).isNotEmpty().allSatisfy(d -> {
            assertThat(d.subject().filename()).isEqualTo("bad.pkr.hcl");
        });
        assertThat(result.file().source()).isEqualTo(bytes);
    }

    @Test
    void theStringFormThrowsForAFileThatDoesNotParse() {
        assertThatThrownBy(() -> HclFormatter.format("a = \n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not parse");
    }

    @Test
    void changedSaysWhetherTheOutputDiffers() {
        byte[] formatted = "a = 1\n".getBytes(StandardCharsets.UTF_8);

        assertThat(HclFormatter.format("f", formatted).changed()).isFalse();
        assertThat(HclFormatter.format("f", "a=1\n".getBytes(StandardCharsets.UTF_8)).changed()).isTrue();
    }

    @Test
    void theStringFormFormats() {
        assertThat(HclFormatter.format("x {\ny=[1,2]\n}\n")).isEqualTo("x {\n  y = [1, 2]\n}\n");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.kiln.runtime.frontend.format.HclFormatterCorpusTest#corpus")
    void onlyTheSpacesBetweenTokensChange(String name) throws IOException {
        byte[] input = Files.readAllBytes(HclFormatterCorpusTest.resource("input").resolve(name));

        byte[] output = HclFormatter.format(name, input).output();

        assertThat(tokens(output)).isEqualTo(tokens(input));
    }

    private static List<String> tokens(byte[] source) {
        return HclScanner.scan("f", source, HclScanner.Mode.NORMAL).tokens().stream()
                .map((Token t) -> t.type() + ":" + (t.type() == TokenType.EOF ? "" : t.range().text(source)))
                .toList();
    }

    @Test
    void graphemeClustersCountAsOneColumn() {
        byte[] text = "e\u0301👍🏽🇫🇷ab\r\n".getBytes(StandardCharsets.UTF_8);

        assertThat(HclFormatter.graphemes(text, 0, text.length)).isEqualTo(6);
        assertThat(HclFormatter.graphemes("ab\r\n".getBytes(StandardCharsets.UTF_8), 0, 4)).isEqualTo(3);
    }

    @Test
    void aLargeTemplateFormatsQuickly() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            sb.append("source \"docker\" \"s").append(i).append("\" {\nimage=\"alpine:3.12\"\ncommit = true\n")
                    .append("changes = [\"ENV A=").append(i).append("\",\n\"EXPOSE 80\"]\n}\n");
        }
        byte[] source = sb.toString().getBytes(StandardCharsets.UTF_8);
        HclFormatter.format("warm", source);

        long start = System.nanoTime();
        HclFormatter.Result result = HclFormatter.format("big.pkr.hcl", source);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(result.changed()).isTrue();
        assertThat(millis).as("3,000 lines formatted in ms").isLessThan(1_000);
    }
}
