package dev.kiln.runtime.frontend.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kiln.runtime.frontend.TemplateException;
import dev.kiln.runtime.frontend.TemplateProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VariablesTest {

    private static final Path FILE = Path.of("t.json");

    @TempDir
    Path dir;

    private static final RenderContext BASE = new RenderContext(Map.of(), false, Map.of("HOME", "/home/k"), "", "",
            Path.of("/work"), Path.of("/work"), Instant.parse("2021-03-04T15:06:07Z"), "0.1.0", Map.of(), false);

    private static Template template(String variables) {
        return new TemplateParser().parse(FILE, "{\n  \"variables\": " + variables
                + ",\n  \"builders\": [{\"type\": \"docker\"}]\n}");
    }

    private Path file(String name, String content) throws Exception {
        Path path = dir.resolve(name);
        Files.writeString(path, content);
        return path;
    }

    private static List<String> problems(Template t, List<Path> files, Map<String, String> vars) {
        TemplateException e = catchThrowableOfType(TemplateException.class,
                () -> Variables.resolve(t, files, vars, BASE));
        assertThat(e).as("expected the variables to be rejected").isNotNull();
        return e.problems().stream().map(TemplateProblem::toString).toList();
    }

    @Test
    void precedenceIsVarOverLaterVarFileOverEarlierVarFileOverDefault() throws Exception {
        Template t = template("{\"a\": \"default\", \"b\": \"default\", \"c\": \"default\", \"d\": \"default\"}");
        Path first = file("first.json", "{\"b\": \"first\", \"c\": \"first\", \"d\": \"first\"}");
        Path second = file("second.json", "{\"c\": \"second\", \"d\": \"second\"}");

        Map<String, String> resolved = Variables.resolve(t, List.of(first, second), Map.of("d", "cli"), BASE);

        assertThat(resolved).containsExactly(Map.entry("a", "default"), Map.entry("b", "first"),
                Map.entry("c", "second"), Map.entry("d", "cli"));
    }

    @Test
    void defaultsMayReadTheEnvironment() {
        Template t = template("{\"home\": \"{{env `HOME`}}\", \"none\": \"[{{env `NOPE`}}]\"}");
        assertThat(Variables.resolve(t, List.of(), Map.of(), BASE))
                .containsExactly(Map.entry("home", "/home/k"), Map.entry("none", "[]"));
    }

    @Test
    void defaultsMayReferToOtherVariablesInAnyOrder() {
        Template t = template("{\"c\": \"{{user `b`}}-c\", \"b\": \"{{user `a`}}-b\", \"a\": \"{{user `who`}}\"}");
        assertThat(Variables.resolve(t, List.of(), Map.of("who", "a"), BASE))
                .containsExactly(Map.entry("c", "a-b-c"), Map.entry("b", "a-b"), Map.entry("a", "a"),
                        Map.entry("who", "a"));
    }

    @Test
    void undeclaredVarsAreAcceptedAndFieldsAreKeptForLater() {
        Template t = template("{\"cmd\": \"{{ .Path }} --name {{build_type | upper}}\"}");
        assertThat(Variables.resolve(t, List.of(), Map.of("extra", "x"), BASE.withBuild("b", "docker")))
                .containsExactly(Map.entry("cmd", "{{ .Path }} --name DOCKER"), Map.entry("extra", "x"));
    }

    @Test
    void requiredVariablesMustBeSet() throws Exception {
        Template t = template("{\"must\": null, \"also\": null}");
        assertThat(problems(t, List.of(), Map.of("also", "x"))).containsExactly(
                "t.json:2:17: variables.must: required variable not set: must");
        Path vars = file("vars.json", "{\"must\": \"from file\"}");
        assertThat(Variables.resolve(t, List.of(vars), Map.of("also", "x"), BASE))
                .containsExactly(Map.entry("must", "from file"), Map.entry("also", "x"));
    }

    @Test
    void resolveAllKeepsWhatResolvedAndNamesTheVariablesWhoseValueIsNotKnown() {
        Template t = template("{\"must\": null, \"uses\": \"{{user `must`}}-x\", \"fine\": \"ok\"}");

        Variables.Resolution resolution = Variables.resolveAll(t, List.of(), Map.of(), BASE);

        assertThat(resolution.values()).containsExactly(Map.entry("fine", "ok"));
        assertThat(resolution.unknown()).containsExactly("must", "uses");
        assertThat(resolution.problems()).extracting(TemplateProblem::toString).containsExactly(
                "t.json:2:17: variables.must: required variable not set: must",
                "t.json:2:31: variables.uses: it uses variable 'must', which is not set");
    }

    @Test
    void circularAndUnsetReferencesNameTheVariables() {
        Template t = template("{\"a\": \"{{user `b`}}\", \"b\": \"{{user `a`}}\", \"c\": \"{{user `nope`}}\","
                + " \"d\": \"{{user `c`}}\"}");
        assertThat(problems(t, List.of(), Map.of())).containsExactly(
                "t.json:2:17: variables.a: circular reference: a -> b -> a",
                "t.json:2:59: variables.c: it uses variable 'nope', which is not set; a variable used in another "
                        + "variable's value must be declared or set with -var");
        assertThat(Variables.resolveAll(t, List.of(), Map.of(), BASE).unknown()).containsExactly("a", "b", "c", "d");
    }

    /** {@code v0} uses {@code v1}, which uses {@code v2}, ...: the order that needs one pass per link. */
    private static String chain(int length, String last) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < length; i++) {
            json.append(i == 0 ? "" : ", ").append("\"v").append(i).append("\": \"")
                    .append(i == length - 1 ? last : "{{user `v" + (i + 1) + "`}}").append("\"");
        }
        return json.append("}").toString();
    }

    @Test
    void aChainOfAHundredVariablesResolves() {
        Map<String, String> resolved = Variables.resolve(template(chain(101, "end")), List.of(), Map.of(), BASE);

        assertThat(resolved).hasSize(101).allSatisfy((name, value) -> assertThat(value).isEqualTo("end"));
    }

    @Test
    void aChainOfTwoThousandVariablesResolvesInLinearTime() {
        long start = System.nanoTime();
        Map<String, String> resolved = Variables.resolve(template(chain(2_000, "end")), List.of(), Map.of(), BASE);

        assertThat(resolved.get("v0")).isEqualTo("end");
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
    }

    @Test
    void aChainOfAHundredThousandVariablesNeedsNoDeepStack() {
        Map<String, String> resolved = Variables.resolve(template(chain(100_000, "end")), List.of(), Map.of(), BASE);

        assertThat(resolved.get("v0")).isEqualTo("end");
    }

    @Test
    void aBrokenChainIsOneProblemAtItsCause() {
        Template t = template(chain(2_000, "{{user `nope`}}"));

        assertThat(problems(t, List.of(), Map.of())).singleElement().asString().endsWith("variables.v1999: it uses "
                + "variable 'nope', which is not set; a variable used in another variable's value must be declared or "
                + "set with -var");
        assertThat(Variables.resolveAll(t, List.of(), Map.of(), BASE).unknown()).hasSize(2_000);
    }

    @Test
    void aCycleOfTwoThousandVariablesIsReportedOnceNamingEveryMember() {
        String cycle = chain(2_000, "{{user `v0`}}");

        List<String> problems = problems(template(cycle), List.of(), Map.of());

        assertThat(problems).singleElement().asString().startsWith("t.json:2:17: variables.v0: circular reference: "
                + "v0 -> v1 -> v2 -> ").endsWith(" -> v1998 -> v1999 -> v0");
    }

    @Test
    void aVariableThatUsesItselfIsACycleOfOne() {
        assertThat(problems(template("{\"a\": \"x{{user `a`}}\"}"), List.of(), Map.of()))
                .containsExactly("t.json:2:17: variables.a: circular reference: a -> a");
    }

    @Test
    void aNameComputedAtRenderTimeIsResolvedFirstToo() {
        Template t = template("{\"a\": \"{{user (lower `B`)}}!\", \"b\": \"{{user `c`}}\", \"c\": \"c\"}");

        assertThat(Variables.resolve(t, List.of(), Map.of(), BASE)).containsEntry("a", "c!");
    }

    @Test
    void aNameInAnActionKeptForLaterMakesNoCycle() {
        Template t = template("{\"a\": \"{{replace .Path (user `b`) 1 `x`}}\", \"b\": \"{{user `a`}}\"}");

        assertThat(Variables.resolve(t, List.of(), Map.of(), BASE)).containsEntry("b",
                "{{replace .Path (user `b`) 1 `x`}}");
    }

    @Test
    void aVariableThatDoublesThePreviousOneStopsAtKilnsLimitWithItsName() {
        StringBuilder json = new StringBuilder("{\"v0\": \"0123456789\"");
        for (int i = 1; i < 40; i++) {
            json.append(", \"v").append(i).append("\": \"{{user `v").append(i - 1).append("`}}{{user `v")
                    .append(i - 1).append("`}}\"");
        }
        long start = System.nanoTime();

        List<String> problems = problems(template(json.append("}").toString()), List.of(), Map.of());

        assertThat(problems.get(0)).matches("t\\.json:2:\\d+: variables\\.v19: column 15: the rendered value would be "
                + "longer than 4 MiB \\(4,194,304 characters\\), Kiln's limit for a value");
        assertThat(problems).hasSize(1);
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
    }

    @Test
    void theVariablesValuesTogetherHaveALimitToo() {
        StringBuilder json = new StringBuilder("{\"v0\": \"0123456789abcdef\"");
        for (int i = 1; i <= 18; i++) {          // v18 is 4 MiB
            json.append(", \"v").append(i).append("\": \"{{user `v").append(i - 1).append("`}}{{user `v")
                    .append(i - 1).append("`}}\"");
        }
        for (int i = 0; i < 20; i++) {           // 20 copies of 4 MiB: more than 64 MiB
            json.append(", \"copy").append(i).append("\": \"{{user `v18`}}\"");
        }

        List<String> problems = problems(template(json.append("}").toString()), List.of(), Map.of());

        assertThat(problems).first().asString().endsWith("variables.copy14: its value (4,194,304 characters) would "
                + "bring the variables' values to more than 64 MiB (67,108,864 characters) together, Kiln's limit");
    }

    @Test
    void renderErrorsAndVarFileProblemsAreAllReported() throws Exception {
        Template t = template("{\"x\": \"{{foo}}\", \"needed\": null}");
        Path bad = file("bad.json", "{\n  \"n\": 1,\n  \"ok\": \"fine\"\n}");
        Path broken = file("broken.json", "{\"a\": }");
        Path missing = dir.resolve("missing.json");
        assertThat(problems(t, List.of(bad, broken, missing), Map.of("y", "{{env `NOPE`}} {{ bad")))
                .containsExactly(
                        bad + ":2:3: n: the value must be a string, got number 1; write it in quotes: \"1\"",
                        broken + ":1:7: malformed JSON: expected a value, found '}'",
                        missing + ": variable file not found",
                        "t.json:2:33: variables.needed: required variable not set: needed",
                        "t.json:2:17: variables.x: column 3: function \"foo\" not defined",
                        "command line: -var y: column 19: function \"bad\" not defined");
    }

    @Test
    void sensitiveValuesAreTheNonEmptyValuesOfSensitiveVariables() {
        Template t = new TemplateParser().parse(FILE, """
                {"variables": {"secret": "s3cr3t", "empty": "", "plain": "p"},
                 "sensitive-variables": ["secret", "empty", "undeclared"],
                 "builders": [{"type": "docker"}]}
                """);
        Map<String, String> resolved = Variables.resolve(t, List.of(), Map.of("undeclared", "u"), BASE);
        assertThat(Variables.sensitiveValues(t, resolved)).containsExactly("s3cr3t", "u");
    }
}
