package dev.kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.cli.command.Session;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kiln validate} on templates that try to break the parser (issue 10): each ends with exit 1 and problems that
 * name file, line and column in Kiln's words, quickly, with no stack trace; or, where Packer accepts the template,
 * with exit 0.
 */
class HostileTemplateCliTest {

    @TempDir Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int validate(String json) throws Exception {
        Files.writeString(dir.resolve("t.json"), json);
        return validateFile();
    }

    private int validateFile() {
        Session session = new Session(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("HOME", dir.toString()), dir, false);
        return KilnCli.run(session, new String[] {"validate", "t.json"});
    }

    private List<String> problems() {
        return err.toString(StandardCharsets.UTF_8).lines().skip(1).map(String::strip).toList();
    }

    private String at(int line, int column) {
        return dir.resolve("t.json") + ":" + line + ":" + column + ": ";
    }

    private static String variables(String variables) {
        return "{\n\"variables\": " + variables + ",\n"
                + "\"builders\": [{\"type\": \"docker\", \"image\": \"{{user `v0`}}\", \"commit\": true}]}";
    }

    /** {@code v0} uses {@code v1}, ..., the last is {@code last}. */
    private static String chain(int length, String last) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < length; i++) {
            json.append(i == 0 ? "" : ",").append("\"v").append(i).append("\": \"")
                    .append(i == length - 1 ? last : "{{user `v" + (i + 1) + "`}}").append('"');
        }
        return json.append('}').toString();
    }

    @Test
    void fiveThousandNestedParenthesesAreRenderedAsPackerDoes() throws Exception {
        String image = "{{" + "(".repeat(5_000) + "lower `ALPINE`" + ")".repeat(5_000) + "}}";

        assertThat(validate("{\"builders\": [{\"type\": \"docker\", \"image\": \"" + image + "\", \"commit\": true}]}"))
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("The configuration is valid.\n");
    }

    @Test
    void deeplyNestedJsonIsKilnsLimitAtItsPosition() throws Exception {
        String nested = "[".repeat(2_000) + "]".repeat(2_000);

        assertThat(validate("{\"builders\": [{\"type\": \"docker\",\n\"run_command\": " + nested + "}]}")).isOne();
        assertThat(problems()).singleElement().asString().startsWith(at(2, 513) + "builders[0].run_command[0][0]")
                .endsWith("lists and objects are nested more than 500 levels deep here, Kiln's limit; nest them "
                        + "less deeply");
    }

    @Test
    void aLongKeyAndALongNumberAreKilnsLimitsAtTheirPositions() throws Exception {
        String json = "{\"builders\": [{\"type\": \"docker\",\n\"" + "k".repeat(70_000) + "\": 1,\n\"x\": "
                + "9".repeat(1_500) + "}]}";

        assertThat(validate(json)).isOne();
        assertThat(problems()).containsExactly(
                at(2, 1) + "builders[0]: the key 'kkkkkkkkkkkkkkkkkkkk…' is 70,000 characters long, more than "
                        + "65,536 characters, Kiln's limit for a key",
                at(3, 6) + "builders[0].x: the number '99999999999999999999…' is 1,500 characters long, more than "
                        + "1,000, Kiln's limit for a number; write it in quotes if it is text");
    }

    @Test
    void variablesThatDoubleStopAtTheValueLimitWithTheVariablesNameQuickly() throws Exception {
        StringBuilder vars = new StringBuilder("{\"v0\": \"{{user `v1`}}\", \"v1\": \"0123456789\"");
        for (int i = 2; i < 40; i++) {
            vars.append(", \"v").append(i).append("\": \"{{user `v").append(i - 1).append("`}}{{user `v")
                    .append(i - 1).append("`}}\"");
        }
        long start = System.nanoTime();

        assertThat(validate(variables(vars.append("}").toString()))).isOne();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(problems()).singleElement().asString().matches(".*t\\.json:2:\\d+: variables\\.v20: column 15: "
                + "the rendered value would be longer than 4 MiB \\(4,194,304 characters\\), Kiln's limit for a value");
    }

    @Test
    void aChainOfMoreThanAHundredVariablesIsValid() throws Exception {
        assertThat(validate(variables(chain(101, "alpine")))).isZero();
    }

    @Test
    void aChainOfTwoThousandVariablesIsValidInWellUnderASecondOfItsOwn() throws Exception {
        validate(variables(chain(2, "alpine"))); // loads the plugins
        out.reset();
        long start = System.nanoTime();

        assertThat(validate(variables(chain(2_000, "alpine")))).isZero();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aCycleOfTwoThousandVariablesIsOneProblemNamingItsMembers() throws Exception {
        long start = System.nanoTime();

        assertThat(validate(variables(chain(2_000, "{{user `v0`}}")))).isOne();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(problems()).singleElement().asString().startsWith(at(2, 15) + "variables.v0: circular reference: "
                + "v0 -> v1 -> v2").endsWith("v1999 -> v0").hasSizeLessThan(20_000);
    }

    @Test
    void aTimeoutOutOfRangeIsAnError() throws Exception {
        assertThat(validate("""
                {"builders": [{"type": "docker", "image": "alpine", "commit": true}],
                 "provisioners": [{"type": "shell", "inline": ["true"], "timeout": "99999999999999999999h"}]}
                """)).isOne();
        assertThat(problems()).containsExactly(at(2, 57) + "provisioners[0].timeout: timeout: "
                + "'99999999999999999999h' is out of range: a duration is at most 2562047h47m16.854775807s (about 292 "
                + "years).");
    }

    @Test
    void wholeNumbersOutOfRangeAreErrorsInKilnsWordsAtTheirValue() throws Exception {
        assertThat(validate("""
                {"builders": [{"type": "docker", "image": "alpine", "commit": true}],
                 "provisioners": [{"type": "shell", "inline": ["true"], "max_retries": 99999999999999999999},
                                  {"type": "shell", "inline": ["true"], "valid_exit_codes": [4294967296]},
                                  {"type": "shell", "inline": ["true"], "valid_exit_codes": [1e400]}]}
                """)).isOne();
        assertThat(problems()).containsExactlyInAnyOrder(
                at(2, 57) + "provisioners[0].max_retries: max_retries: '99999999999999999999' is out of range: at "
                        + "most 2147483647",
                at(3, 78) + "provisioners[1]: option 'valid_exit_codes[0]' must be a whole number from -2147483648 "
                        + "to 2147483647, got number 4294967296",
                at(4, 78) + "provisioners[2]: option 'valid_exit_codes[0]' must be a whole number from -2147483648 "
                        + "to 2147483647, got number Infinity");
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("Numeric value", "out of range of int");
    }

    @Test
    void aTemplateThatIsNotUtf8NamesTheBadBytesPosition() throws Exception {
        Files.write(dir.resolve("t.json"), "{\"builders\": [{\"type\": \"docker\",\n  \"image\": \"caf\u00e9\"}]}"
                .getBytes(StandardCharsets.ISO_8859_1));

        assertThat(validateFile()).isOne();
        assertThat(problems()).containsExactly(at(2, 16) + "the template is not UTF-8 text: byte 0xE9 (at offset 48) "
                + "is not part of a valid UTF-8 character; save it as UTF-8");
    }

    @Test
    void anUnclosedActionInABuilderNameIsRefusedAsPackerRefusesIt() throws Exception {
        assertThat(validate("""
                {"builders": [{"type": "docker", "name": "{{ build_name", "image": "alpine", "commit": true}]}
                """)).isOne();
        assertThat(problems()).containsExactly(at(1, 34) + "builders[0]: the name '{{ build_name' is not a valid "
                + "template string: column 1: unclosed action: '{{' without '}}'");
    }
}
