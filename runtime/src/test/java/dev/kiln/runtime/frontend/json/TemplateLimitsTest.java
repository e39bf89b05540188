package dev.kiln.runtime.frontend.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kiln.runtime.frontend.SourcePosition;
import dev.kiln.runtime.frontend.TemplateException;
import dev.kiln.runtime.frontend.TemplateProblem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Templates that try to break the reader: each limit is Kiln's own, named in its words, where it is broken. */
class TemplateLimitsTest {

    private static final Path FILE = Path.of("t.json");

    private final TemplateParser parser = new TemplateParser();

    private List<String> problems(String json) {
        TemplateException e = catchThrowableOfType(TemplateException.class, () -> parser.parse(FILE, json));
        assertThat(e).as("expected the template to be refused").isNotNull();
        return e.problems().stream().map(TemplateProblem::toString).toList();
    }

    private static String builderWith(String option, String value) {
        return "{\"builders\": [{\"type\": \"docker\",\n  \"" + option + "\": " + value + "}]}";
    }

    @Test
    void nestingDeeperThanKilnsLimitIsNamedWhereItStarts() {
        int depth = TemplateLimits.MAX_NESTING_DEPTH - 3 + 1; // root, builders and the builder are three levels
        String json = builderWith("run_command", "[".repeat(depth) + "]".repeat(depth));

        assertThat(problems(json)).singleElement().asString()
                .startsWith("t.json:2:" + (18 + depth - 1) + ": builders[0].run_command[0][0]")
                .endsWith(": lists and objects are nested more than 500 levels deep here, Kiln's limit; nest them "
                        + "less deeply")
                .doesNotContain("StreamReadConstraints")
                .hasSizeLessThan(250);
    }

    @Test
    void nestingAtTheLimitIsReadAndLeavesMostOfTheStackFree() throws Exception {
        int depth = TemplateLimits.MAX_NESTING_DEPTH - 3;
        String json = builderWith("run_command", "[".repeat(depth) + "]".repeat(depth));
        AtomicReference<Object> result = new AtomicReference<>();
        Thread reader = new Thread(null, () -> {
            try {
                result.set(parser.parse(FILE, json));
            } catch (Throwable e) {
                result.set(e);
            }
        }, "small-stack", 256 * 1024); // a quarter of a thread's default stack
        reader.start();
        reader.join();

        assertThat(result.get()).isInstanceOf(Template.class);
    }

    @Test
    void aKeyLongerThanKilnsLimitIsNamedAtTheKey() {
        String key = "k".repeat(TemplateLimits.MAX_KEY_LENGTH + 1);

        assertThat(problems(builderWith(key, "1"))).containsExactly("t.json:2:3: builders[0]: the key "
                + "'kkkkkkkkkkkkkkkkkkkk…' is 65,537 characters long, more than 65,536 characters, Kiln's limit for a key");
    }

    @Test
    void aKeyOfFiftyThousandCharactersIsReadAsPackerReadsIt() {
        String key = "k".repeat(60_000);

        assertThat(problems(builderWith(key, "1").replace("}]}", "}], \"_x\": 1}")))
                .containsExactly("t.json:2:60012: comment '_x' must be a string, got number 1");
    }

    @Test
    void aNumberLongerThanKilnsLimitIsNamedAtTheNumber() {
        String number = "1".repeat(TemplateLimits.MAX_NUMBER_LENGTH + 1);

        assertThat(problems(builderWith("x", number))).containsExactly("t.json:2:8: builders[0].x: the number "
                + "'11111111111111111111…' is 1,001 characters long, more than 1,000, Kiln's limit for a number; write "
                + "it in quotes if it is text");
    }

    @Test
    void aStringLongerThanKilnsLimitIsNamedAtTheString() {
        String text = "\"" + "s".repeat(TemplateLimits.MAX_VALUE_LENGTH + 1) + "\"";

        assertThat(problems(builderWith("x", text))).containsExactly("t.json:2:8: builders[0].x: the string is "
                + "4,194,305 characters long, more than 4 MiB (4,194,304 characters), Kiln's limit for a value");
    }

    @Test
    void everyLimitBrokenIsReportedAtOnce() {
        String json = "{\"builders\": [{\"type\": \"docker\",\n"
                + "  \"a\": " + "1".repeat(1_001) + ",\n"
                + "  \"b\": " + "[".repeat(600) + "]".repeat(600) + ",\n"
                + "  \"c\": 2,, \"d\": 3}]}";

        assertThat(problems(json)).extracting(p -> p.substring(0, p.indexOf(": ", 8)))
                .containsExactly("t.json:2:8", "t.json:3:505", "t.json:4:10");
    }

    @Test
    void aFileThatIsNotUtf8NamesTheLineAndColumnOfTheFirstBadByte(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("latin1.json");
        Files.write(file, "{\"builders\": [{\"type\": \"docker\",\n  \"image\": \"caf\u00e9\"}]}"
                .getBytes(StandardCharsets.ISO_8859_1));

        TemplateException e = catchThrowableOfType(TemplateException.class, () -> parser.parse(file));

        assertThat(e.problems()).extracting(TemplateProblem::toString).containsExactly(file + ":2:16: the "
                + "template is not UTF-8 text: byte 0xE9 (at offset 48) is not part of a valid UTF-8 character; save "
                + "it as UTF-8");
    }

    @Test
    void aUtf16FileIsNamedAsSuch(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("utf16.json");
        Files.write(file, "\uFEFF{\"builders\": []}".getBytes(StandardCharsets.UTF_16));

        TemplateException e = catchThrowableOfType(TemplateException.class, () -> parser.parse(file));

        assertThat(e.problems()).extracting(TemplateProblem::toString)
                .containsExactly(file + ":1:1: the template is UTF-16 text; save it as UTF-8");
    }

    @Test
    void aVariableFileThatIsNotUtf8NamesTheLineAndColumnToo(@TempDir Path dir) throws Exception {
        Path vars = dir.resolve("vars.json");
        Files.write(vars, "{\n\"a\": \"\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1));
        Template t = parser.parse(FILE, "{\"builders\": [{\"type\": \"docker\"}]}");

        Variables.Resolution resolution = Variables.resolveAll(t, List.of(vars), Map.of(), RenderContext.empty());

        assertThat(resolution.problems()).extracting(TemplateProblem::toString).containsExactly(vars + ":2:7: the "
                + "variable file is not UTF-8 text: byte 0xFF (at offset 8) is not part of a valid UTF-8 character; "
                + "save it as UTF-8");
    }

    @Test
    void aFileLargerThanKilnsLimitIsRefusedWithoutReadingItAll() throws Exception {
        Path endless = Path.of("/dev/zero");

        TemplateException e = catchThrowableOfType(TemplateException.class, () -> parser.parse(endless));

        assertThat(e.problems()).extracting(TemplateProblem::toString).containsExactly("/dev/zero: the template is "
                + "larger than 64 MiB (67,108,864 bytes), Kiln's limit for a file it reads");
    }

    @Test
    void anUnclosedActionInABuilderNameIsAnErrorAsInPacker() {
        assertThat(problems("{\"builders\": [{\"type\": \"docker\", \"name\": \"{{ build_name\"}]}"))
                .containsExactly("t.json:1:34: builders[0]: the name '{{ build_name' is not a valid template string: "
                        + "column 1: unclosed action: '{{' without '}}'");
        assertThat(parser.parse(FILE, "{\"builders\": [{\"type\": \"docker\", \"name\": \"{{ `a` }}\"}]}").builders())
                .singleElement().extracting(BlockNode::name).isEqualTo("{{ `a` }}");
    }

    @Test
    void aProblemIsOneLineWhateverItQuotes() {
        List<String> problems = problems("{\"builders\": [{\"type\": \"docker\", \"name\": \"a\\nb\\u001b[31m{{\"}]}");

        assertThat(problems).containsExactly("t.json:1:34: builders[0]: the name 'a\\nb\\u001b[31m{{' is not a valid "
                + "template string: line 2, column 7: unclosed action: '{{' without '}}'");
        assertThat(new TemplateProblem(SourcePosition.of("t.json"), "a\tb", "x\ny").message()).isEqualTo("x\ny");
    }
}
