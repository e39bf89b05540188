package dev.kiln.runtime.frontend.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The differential corpus: every {@code hcl-format/input/NAME.pkr.hcl} formatted is byte for byte
 * {@code hcl-format/expected/NAME.pkr.hcl}, which Packer 1.6.6's {@code packer fmt} wrote (see the README there); the
 * same for the realistic templates under {@code hcl-format/templates/}.
 */
class HclFormatterCorpusTest {

    static Path resource(String folder) {
        try {
            return Path.of(HclFormatterCorpusTest.class.getResource("/hcl-format/" + folder).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<String> corpus() throws IOException {
        return names("input");
    }

    static Stream<String> templates() throws IOException {
        return names("templates");
    }

    private static Stream<String> names(String folder) throws IOException {
        try (Stream<Path> files = Files.list(resource(folder))) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".pkr.hcl") || n.endsWith(".pkrvars.hcl")).sorted().toList();
            return names.stream();
        }
    }

    private static byte[] format(String name, byte[] source) {
        HclFormatter.Result result = HclFormatter.format(name, source);
        assertThat(result.diagnostics()).as("diagnostics of %s", name).isEmpty();
        return result.output();
    }

    private static void assertFormatsAsPacker(String inputFolder, String expectedFolder, String name)
            throws IOException {
        byte[] input = Files.readAllBytes(resource(inputFolder).resolve(name));
        byte[] expected = Files.readAllBytes(resource(expectedFolder).resolve(name));

        byte[] output = format(name, input);

        assertThat(new String(output, StandardCharsets.UTF_8)).as(name)
                .isEqualTo(new String(expected, StandardCharsets.UTF_8));
        assertThat(output).as("bytes of %s", name).isEqualTo(expected);
    }

    @Test
    void theCorpusCoversEveryRuleWithAtLeastFortyCases() throws IOException {
        assertThat(corpus().count()).isGreaterThanOrEqualTo(40);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void formatsAsPackerFmt(String name) throws IOException {
        assertFormatsAsPacker("input", "expected", name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void formattingTwiceChangesNothing(String name) throws IOException {
        byte[] once = format(name, Files.readAllBytes(resource("input").resolve(name)));

        HclFormatter.Result twice = HclFormatter.format(name, once);

        assertThat(twice.changed()).as(name).isFalse();
        assertThat(twice.output()).isEqualTo(once);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void packersOutputIsAlreadyFormatted(String name) throws IOException {
        byte[] expected = Files.readAllBytes(resource("expected").resolve(name));

        assertThat(HclFormatter.format(name, expected).changed()).as(name).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("templates")
    void formatsRealisticTemplatesAsPackerFmt(String name) throws IOException {
        assertFormatsAsPacker("templates", "templates-expected", name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("templates")
    void realisticTemplatesAreStableOnceFormatted(String name) throws IOException {
        byte[] expected = Files.readAllBytes(resource("templates-expected").resolve(name));

        assertThat(HclFormatter.format(name, expected).changed()).as(name).isFalse();
    }
}
