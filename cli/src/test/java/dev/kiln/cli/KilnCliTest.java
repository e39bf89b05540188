package dev.kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.cli.command.Session;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KilnCliTest {

    @TempDir Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        Session session = new Session(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("HOME", "/home/test"), dir, false);
        return KilnCli.run(session, args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private void template(String json) throws Exception {
        Files.writeString(dir.resolve("template.json"), json);
    }

    private static final String CLASSIC = """
            {
              "variables": { "version": "0.0.1", "must": null },
              "builders": [ { "type": "docker", "image": "alpine", "commit": true } ],
              "provisioners": [ { "type": "shell", "inline": ["apk add nginx"] } ],
              "post-processors": [ { "type": "docker-tag", "repository": "workshop/nginx", "tag": "{{user `version`}}" } ]
            }
            """;

    @Test
    void versionPrintsKilnsVersion() {
        assertThat(run("version")).isZero();
        assertThat(out()).startsWith("Kiln v").doesNotContain("SLF4J");
    }

    @Test
    void unknownCommandExits127LikePacker() {
        assertThat(run("bogus")).isEqualTo(127);
        assertThat(err()).contains("Unknown command 'bogus'", "build", "validate");
    }

    @Test
    void helpFlagPrintsTheCommandsAndExits0LikePacker() {
        assertThat(run("-h")).isZero();
        assertThat(out()).contains("build", "validate", "inspect");
    }

    @ParameterizedTest
    @ValueSource(strings = {"build -h", "build --help", "build -help", "validate -h", "inspect -h", "plugins --help",
            "cleanup -h", "version -h", "help build", "help cleanup"})
    void helpOfACommandIsItsUsageOnStdoutAndExits0(String line) {
        String command = line.startsWith("help ") ? line.substring(5) : line.substring(0, line.indexOf(' '));

        assertThat(run(line.split(" "))).isZero();
        assertThat(out()).startsWith("Usage: kiln " + command).contains("-h, -help, --help");
        assertThat(err()).isEmpty();
    }

    @Test
    void buildHelpListsPackersFlags() {
        assertThat(run("build", "-h")).isZero();
        assertThat(out()).contains("-var=KEY=VALUE", "-var-file=FILE", "-only=NAMES", "-except=NAMES", "TEMPLATE")
                .doesNotContain("Missing required parameter");
    }

    @Test
    void helpAloneListsTheCommands() {
        assertThat(run("help")).isZero();
        assertThat(out()).startsWith("Usage: kiln").contains("build", "validate", "inspect", "plugins", "cleanup",
                "version");
    }

    @Test
    void cleanupHelpNamesItsFlags() {
        assertThat(run("cleanup", "-h")).isZero();
        assertThat(out()).startsWith("Usage: kiln cleanup").contains("--dry-run", "--docker-host=HOST",
                "--plugin-dir=DIR", "Show what would be removed, and remove nothing.");
        assertThat(run("cleanup", "--dry-rnu")).isEqualTo(1);
        assertThat(err()).contains("Unknown flag '--dry-rnu' for 'kiln cleanup'; did you mean '--dry-run'?");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-v", "-version", "--version"})
    void versionFlagsPrintTheVersionAsTheVersionCommandDoes(String flag) {
        assertThat(run("version")).isZero();
        String expected = out();
        out.reset();

        assertThat(run(flag)).isZero();
        assertThat(out()).isEqualTo(expected).startsWith("Kiln v");
        assertThat(err()).isEmpty();
    }

    /** {@code main} answers these without picocli: it must print what the command does, and only for them. */
    @ParameterizedTest
    @ValueSource(strings = {"version", "-v", "-version", "--version"})
    void theVersionFastPathPrintsWhatTheVersionCommandPrints(String flag) {
        assertThat(KilnCli.asksForVersionOnly(new String[] {flag})).isTrue();
        assertThat(run(flag)).isZero();
        assertThat(out()).isEqualTo(new KilnCli.KilnVersion().getVersion()[0] + System.lineSeparator());
        assertThat(KilnCli.asksForVersionOnly(new String[] {"-machine-readable", flag})).isFalse();
        assertThat(KilnCli.asksForVersionOnly(new String[] {flag, "-h"})).isFalse();
        assertThat(KilnCli.asksForVersionOnly(new String[] {"-V"})).isFalse();
    }

    @Test
    void versionFlagTakesMachineReadableToo() {
        assertThat(run("-machine-readable", "-v")).isZero();
        assertThat(out().lines()).anyMatch(line -> line.matches("\\d+,,version,.+"));
    }

    @Test
    void aMisspeltCommandSuggestsTheClosestOne() throws Exception {
        template(CLASSIC);

        assertThat(run("biuld", "template.json")).isEqualTo(127);
        assertThat(err()).isEqualTo("Unknown command 'biuld'; did you mean 'build'?\n");
        assertThat(out()).isEmpty();
    }

    @Test
    void helpForAMisspeltCommandSuggestsTheClosestOne() {
        assertThat(run("help", "valdiate")).isEqualTo(127);
        assertThat(err()).isEqualTo("Unknown command 'valdiate'; did you mean 'validate'?\n");
    }

    @Test
    void aMisspeltFlagIsNamedWithTheClosestOneOnOneLine() throws Exception {
        template(CLASSIC);

        assertThat(run("build", "-onyl=a", "template.json")).isEqualTo(1);
        assertThat(err()).isEqualTo("Unknown flag '-onyl' for 'kiln build'; did you mean '-only'?\n");
        assertThat(out()).isEmpty();
    }

    @Test
    void aMisspeltDoubleDashFlagSuggestsTheDoubleDashSpelling() throws Exception {
        template(CLASSIC);

        assertThat(run("validate", "--sytnax-only", "template.json")).isEqualTo(1);
        assertThat(err()).isEqualTo("Unknown flag '--sytnax-only' for 'kiln validate'; did you mean "
                + "'--syntax-only'?\n");
    }

    @Test
    void aMisspeltTopLevelFlagSuggestsTheClosestOne() {
        assertThat(run("-verison")).isEqualTo(1);
        assertThat(err()).isEqualTo("Unknown flag '-verison' for 'kiln'; did you mean '-version'?\n");
    }

    @Test
    void aOneLetterFlagIsNotCloseToAnotherOneLetterFlag() {
        assertThat(run("version", "-x")).isEqualTo(1);
        assertThat(err()).isEqualTo("Unknown flag '-x' for 'kiln version'; 'kiln version -h' lists its flags.\n");
    }

    @Test
    void anUnknownFlagWithNothingCloseSaysWhereTheFlagsAreListed() throws Exception {
        template(CLASSIC);

        assertThat(run("build", "-frobnicate", "template.json")).isEqualTo(1);
        assertThat(err()).isEqualTo("Unknown flag '-frobnicate' for 'kiln build'; 'kiln build -h' lists its flags.\n");
    }

    @Test
    void aMissingTemplateIsOneLineOnStderr() {
        assertThat(run("build")).isEqualTo(1);
        assertThat(err()).isEqualTo("Missing required parameter: 'TEMPLATE'; see 'kiln build -h'.\n");
        assertThat(out()).isEmpty();
    }

    @Test
    void singleDashPackerFlagsKeepWorking() throws Exception {
        template(CLASSIC);

        assertThat(run("build", "-color=false", "-var", "must=x", "-var=version=2", "-only=nothing",
                "-except=none", "-parallel-builds=1", "-on-error=abort", "template.json")).isZero();
        assertThat(err()).isEmpty();
    }

    @Test
    void debugIsABatchFlagTooAndWithNobodyToAskTheBuildRunsWithoutPausing() throws Exception {
        Files.writeString(dir.resolve("steps.json"),
                "{ \"builders\": [ { \"type\": \"test-steps\", \"message\": \"hi\" } ] }");

        assertThat(run("build", "-debug", "-color=false", "steps.json")).isZero();

        assertThat(out() + err()).contains(
                "Nobody to ask (not an interactive run): -debug continues without pausing.",
                "==> test-steps: message: hi", "==> test-steps: Removed resource");
        assertThat(run("build", "-h")).isZero();
        assertThat(out()).contains("-debug");
    }

    @Test
    void pluginsWithATypeListsOnlyWhatProvidesIt() {
        assertThat(run("plugins", "docker-tag")).isZero();
        assertThat(out()).contains("post-processor docker-tag").doesNotContain("builder docker", "provisioner shell");
    }

    @Test
    void pluginsWithAMisspeltTypeSuggestsTheClosestOne() {
        assertThat(run("plugins", "dokcer")).isEqualTo(1);
        assertThat(err()).startsWith("No plugin provides a component of type 'dokcer'; did you mean 'docker'?");
    }

    @Test
    void noArgumentsPrintTheUsageOnStderrAndExit127() {
        assertThat(run()).isEqualTo(127);
        assertThat(err()).startsWith("Usage: kiln");
    }

    @Test
    void validatePassesTheClassicTemplate() throws Exception {
        template(CLASSIC);

        assertThat(run("validate", "-var", "must=x", "template.json")).isZero();
        assertThat(out()).contains("The configuration is valid.");
    }

    @Test
    void validateReportsARequiredVariable() throws Exception {
        template(CLASSIC);

        assertThat(run("validate", "template.json")).isEqualTo(1);
        assertThat(err()).contains("required variable not set: must");
    }

    @Test
    void validateReportsEveryProblemAtOnceWithPositions() throws Exception {
        template("""
                {
                  "builders": [ { "type": "docker", "imgae": "alpine", "commit": true } ],
                  "provisioners": [ { "type": "shel", "inline": ["true"] } ],
                  "post-processors": [ { "type": "docker-tag" } ]
                }
                """);

        assertThat(run("validate", "template.json")).isEqualTo(1);
        assertThat(err()).contains("Error: template 'template.json' has 3 problems:")
                .contains("template.json:2:", "unknown option 'imgae'", "did you mean 'image'?")
                .contains("template.json:3:", "unknown provisioner type 'shel'; did you mean 'shell'?")
                .contains("template.json:4:", "repository");
        assertThat(out()).isEmpty();
    }

    @Test
    void aMissingVariableDoesNotHideTheTemplatesOtherProblems() throws Exception {
        template("""
                {
                  "variables": { "base": null, "tag": "{{user `base`}}-1" },
                  "builders": [ { "type": "docker", "image": "{{user `base`}}", "comit": true } ],
                  "provisioners": [ { "type": "shel", "inline": ["true"] },
                                    { "type": "shell", "inline": ["echo {{user `tag`}}"], "timeout": "{{user `base`}}" } ],
                  "post-processors": [ { "type": "docker-tag", "repository": "{{user `base`}}", "tag": "x" } ]
                }
                """);

        assertThat(run("validate", "template.json")).isEqualTo(1);
        String file = dir.resolve("template.json").toString();
        assertThat(err().lines()).containsExactly(
                "Error: template 'template.json' has 4 problems:",
                "  " + file + ":2:18: variables.base: required variable not set: base",
                "  " + file + ":2:32: variables.tag: it uses variable 'base', which is not set",
                "  " + file + ":3:65: builders[0]: unknown option 'comit' for builder 'docker'; did you mean "
                        + "'commit'?",
                "  " + file + ":4:21: provisioners[0]: unknown provisioner type 'shel'; did you mean 'shell'? "
                        + "Known provisioners: shell.");
        assertThat(out()).isEmpty();
    }

    @Test
    void buildTooReportsAMissingVariableWithTheOtherProblemsAndStartsNothing() throws Exception {
        template("""
                {
                  "variables": { "base": null },
                  "builders": [ { "type": "docker", "image": "{{user `base`}}", "comit": true } ]
                }
                """);

        assertThat(run("build", "-color=false", "template.json")).isEqualTo(1);
        assertThat(err()).contains("has 2 problems:", "required variable not set: base", "unknown option 'comit'");
        assertThat(out()).doesNotContain("==> docker");
    }

    @Test
    void malformedJsonNamesLineAndColumn() throws Exception {
        template("{\n  \"builders\": [ { \"type\": \"docker\", } ]\n}\n");

        assertThat(run("validate", "template.json")).isEqualTo(1);
        assertThat(err()).contains("template.json:2:");
    }

    @Test
    void syntaxOnlyChecksOnlyTheSyntax() throws Exception {
        template(CLASSIC);

        assertThat(run("validate", "-syntax-only", "template.json")).isZero();
        assertThat(out()).contains("Syntax-only check passed. Everything looks okay.");
    }

    @Test
    void buildWithTemplateProblemsStartsNothing() throws Exception {
        template("""
                { "builders": [ { "type": "docker", "commit": true } ] }
                """);

        assertThat(run("build", "-color=false", "template.json")).isEqualTo(1);
        assertThat(err()).contains("image");
        assertThat(out()).doesNotContain("==> docker");
    }

    @Test
    void onlyThatMatchesNothingBuildsNothingAndSucceedsLikePacker() throws Exception {
        template(CLASSIC);

        assertThat(run("build", "-color=false", "-var", "must=x", "-only=nothing", "template.json")).isZero();
        assertThat(out()).contains("==> Builds finished but no artifacts were created.");
    }

    @Test
    void timestampUiStampsEveryLineWithTheTime() throws Exception {
        template(CLASSIC);

        assertThat(run("build", "-color=false", "-timestamp-ui", "-var", "must=x", "-only=nothing", "template.json"))
                .isZero();
        assertThat(out().lines().toList()).isNotEmpty()
                .allMatch(line -> line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ: .*"));
        assertThat(out()).contains("Z: ==> Builds finished but no artifacts were created.");
    }

    @Test
    void badOnErrorValueIsAUsageError() throws Exception {
        template(CLASSIC);

        assertThat(run("build", "-on-error=explode", "template.json")).isEqualTo(1);
        assertThat(err()).contains("-on-error: 'explode' is not supported; use cleanup, abort or ask.");
    }

    @Test
    void inspectListsVariablesBuildersAndProvisionersAsPackerDoes() throws Exception {
        template(CLASSIC);

        assertThat(run("inspect", "template.json")).isZero();
        assertThat(out()).contains("Required variables:\n\n  must\n",
                "Optional variables and their defaults:\n\n  version = 0.0.1\n",
                "Builders:\n\n  docker\n", "Provisioners:\n\n  shell\n");
    }

    @Test
    void machineReadableMayComeBeforeTheCommandAsInPacker() {
        assertThat(run("-machine-readable", "version")).isZero();
        assertThat(out().lines()).anyMatch(line -> line.matches("\\d+,,version,.+"));
    }

    @Test
    void machineReadableVersionHasPackersShape() {
        assertThat(run("version", "-machine-readable")).isZero();
        assertThat(out().lines()).anyMatch(line -> line.matches("\\d+,,version,.+"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "validate -syntax-only", "inspect", "build -color=false"})
    void anHcl2JsonTemplateGoesThroughTheSeamToTheHcl2FrontEnd(String command) throws Exception {
        Path file = Files.writeString(dir.resolve("docker.pkr.json"), "{\"build\": }\n");
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.add("docker.pkr.json");

        assertThat(run(args.toArray(String[]::new))).isEqualTo(1);
        assertThat(err()).contains("Error: Missing JSON value\n\n  on " + file + " line 1:\n   1: {\"build\": }\n"
                + "                ^\n", "A JSON value must start with a brace").doesNotContain("malformed JSON");
        assertThat(out()).doesNotContain("==> docker");
    }
}
