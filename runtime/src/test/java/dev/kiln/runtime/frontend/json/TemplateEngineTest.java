package dev.kiln.runtime.frontend.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateEngineTest {

    private static final Instant NOW = Instant.parse("2021-03-04T15:06:07.089123456Z");

    private final TemplateEngine engine = new TemplateEngine();

    private static RenderContext ctx() {
        return new RenderContext(Map.of("name", "kiln", "ver", "1.2"), false, Map.of("HOME", "/home/k"), "docker",
                "docker", Path.of("/work/templates"), Path.of("/work/cwd"), NOW, "0.1.0", Map.of(), false);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '^', value = {
        // Packer's observed values
        "{{split `a:b:c` `:` 1}}                 => b",
        "{{replace `-` `_` 1 `a-b-c`}}           => a_b-c",
        "{{replace_all `-` `_` `a-b-c`}}         => a_b_c",
        "{{build_name}}                          => docker",
        // more of the same functions
        "{{split `a:b:c` `:` 0}}                 => a",
        "{{split `a::c` `:` 1}}                  => ^^",
        "{{replace \"-\" \"_\" -1 \"a-b-c\"}}    => a_b_c",
        "{{replace \"-\" \"_\" 0 \"a-b-c\"}}     => a-b-c",
        "{{replace `` `-` 2 `ab`}}               => -a-b",
        "{{upper `abc`}}                         => ABC",
        "{{lower \"ABC\"}}                       => abc",
        "{{build_type}}                          => docker",
        "{{packer_version}}                      => 0.1.0",
        "{{timestamp}}                           => 1614870367",
        // user variables
        "{{user `name`}}-{{user `ver`}}          => kiln-1.2",
        "[{{user `missing`}}]                    => []",
        "{{ user \"name\" }}                     => kiln",
        // pipes and parentheses: the piped value is the last argument
        "{{ `abc` | upper }}                     => ABC",
        "{{ user `name` | upper }}               => KILN",
        "{{ `a-b` | replace_all `-` `+` }}       => a+b",
        "{{ upper (user `name`) }}               => KILN",
        "{{ split (lower `A:B`) `:` 1 | upper }} => B",
        "{{ lower build_name }}                  => docker",
        // literals and escapes
        "{{ 42 }}                                => 42",
        "{{ -3 }}                                => -3",
        "{{ 0x1F }}                              => 31",
        "{{ true }}                              => true",
        "{{ \"a\\tb\" }}                         => ^a\tb^",
        "{{ \"\\u00e9\\x41\\101\" }}             => éAA",
        "{{ \"}}\" }}                            => }}",
        // trim markers and comments
        "x {{- ` y ` -}} z                       => x y z",
        "x {{ `y` }} z                           => x y z",
        "x {{- `y` }} z                          => xy z",
        "a {{/* comment */}} b                   => a  b",
        "a {{- /* comment */ -}} b               => ab",
        "{{-3}}                                  => -3",
        // text without actions
        "plain text, { braces }                  => plain text, { braces }",
    })
    void rendersLikePacker(String template, String expected) {
        assertThat(engine.render(template, ctx())).isEqualTo(expected);
    }

    @ParameterizedTest(name = "isotime {0}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '^', value = {
        "^^                                       => 2021-03-04T15:06:07Z",
        "2006-01-02                               => 2021-03-04",
        "2006-01-02T15:04:05Z07:00                => 2021-03-04T15:06:07Z",
        "20060102150405                           => 20210304150607",
        "Jan 2, 2006 at 3:04pm (MST)              => Mar 4, 2021 at 3:06pm (UTC)",
        "Monday January _2 03:04:05 PM -0700      => Thursday March  4 03:06:07 PM +0000",
        "Mon Jan 02 15:04:05 -07:00 2006          => Thu Mar 04 15:06:07 +00:00 2021",
        "2006-01-02 15:04:05.000                  => 2021-03-04 15:06:07.089",
        "15:04:05.999999999                       => 15:06:07.089123456",
        "05,000000                                => 07,089123",
        "06-1-2 002 __2 Z0700 -07                 => 21-3-4 063  63 Z +00",
        "_2006                                    => _2021",
    })
    void isotimeFormatsGoLayouts(String layout, String expected) {
        String template = layout.isEmpty() ? "{{isotime}}" : "{{isotime `" + layout + "`}}";
        assertThat(engine.render(template, ctx())).isEqualTo(expected);
    }

    @Test
    void strftimeFormatsCDirectives() {
        assertThat(engine.render("{{strftime `%Y-%m-%d %H:%M:%S %a %b %j %%`}}", ctx()))
                .isEqualTo("2021-03-04 15:06:07 Thu Mar 063 %");
    }

    @Test
    void uuidIsRandomInPackersFormat() {
        String first = engine.render("{{uuid}}", ctx());
        assertThat(first).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(engine.render("{{uuid}}", ctx())).isNotEqualTo(first);
    }

    @Test
    void pwdAndTemplateDirAreAbsolute() {
        assertThat(engine.render("{{pwd}}|{{template_dir}}", ctx())).isEqualTo("/work/cwd|/work/templates");
    }

    @Test
    void envReadsTheContextsEnvironmentWhereAllowed() {
        RenderContext allowed = ctx().withEnvAllowed(true);
        assertThat(engine.render("{{env `HOME`}}:[{{env `NOPE`}}]", allowed)).isEqualTo("/home/k:[]");
    }

    @Test
    void envIsRefusedOutsideTheVariablesSection() {
        assertThatThrownBy(() -> engine.render("x {{env `HOME`}}", ctx()))
                .isInstanceOf(RenderException.class)
                .hasMessageStartingWith("column 5: env vars are not allowed here");
    }

    @Test
    void userOfAVariableWhoseValueIsNotKnownFailsNamingIt() {
        RenderContext unknownBase = ctx().withUnknownVariables(Set.of("base"));
        RenderException e = (RenderException) org.assertj.core.api.Assertions.catchThrowable(
                () -> engine.render("x-{{user `base` | upper}}", unknownBase));
        assertThat(e.unknownVariable()).isEqualTo("base");
        assertThat(e.getMessage()).isEqualTo("column 5: the value of variable 'base' is not known");
        assertThat(engine.render("{{user `name`}}", unknownBase)).isEqualTo("kiln");
    }

    @Test
    void userOfAnUnsetVariableIsAnErrorInTheVariablesSection() {
        RenderException e = (RenderException) org.assertj.core.api.Assertions.catchThrowable(
                () -> engine.render("{{user `nope`}}", ctx().withEnvAllowed(true)));
        assertThat(e.getMessage()).isEqualTo("column 3: variable not set: nope");
        assertThat(e.unsetVariable()).isEqualTo("nope");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '^', value = {
        "{{foo}}                        => column 3: function \"foo\" not defined",
        "{{uper `a`}}                   => column 3: function \"uper\" not defined; did you mean \"upper\"?",
        "ab {{ clean_resource_name `x` }} => column 7: function \"clean_resource_name\" not defined",
        "{{ printf `%s` `x` }}          => column 4: function \"printf\" is a Go template built-in that Kiln does not support",
        "{{split `a` `:` 5}}            => column 3: the substring 5 was unavailable using the separator value, :, only 1 values were found",
        "{{split `a` `:` `1`}}          => column 3: argument 3 of \"split\" must be a whole number, got string \"1\" (usage: split `text` `separator` index)",
        "{{upper}}                      => column 3: wrong number of arguments for \"upper\": want 1, got 0 (usage: upper `text`)",
        "{{upper 1}}                    => column 3: argument 1 of \"upper\" must be a string, got number 1 (usage: upper `text`)",
        "{{if true}}x{{end}}            => column 3: 'if' is not supported: Kiln templates use functions, pipes and .Fields only",
        "{{ $x := 1 }}                  => column 4: template variables like '$x' are not supported",
        "abc {{ user `a`                => column 5: unclosed action: '{{' without '}}'",
        "{{ `a` `b` }}                  => column 8: can't give arguments to a non-function: string \"a\"",
        "{{ `a` | `b` }}                => column 10: can't pipe a value into a non-function: string \"b\"",
        "{{ }}                          => column 4: missing value: expected a function, a string, a number or a .Field",
        "{{ (upper `a` }}               => column 15: unclosed '(': expected ')'",
        "{{ upper `a`) }}               => column 13: unexpected ')'",
        "{{ \"abc }}                    => column 4: unterminated quoted string: a closing '\"' is missing",
        "{{ \"\\q\" }}                  => column 5: unknown escape sequence '\\q' in quoted string",
        "{{ . }}                        => column 4: '.' on its own is not supported; name a field, like {{ .Name }}",
        "{{ 1x }}                       => column 4: bad number syntax: 1x",
        "{{ sed `s/a/b/` `a` }}         => column 4: template function `sed` is deprecated; use `replace` or `replace_all` instead",
        "{{ build `ID` }}               => column 4: generated data 'ID' is not available here; nothing is available here",
    })
    void reportsColumnAndReason(String template, String message) {
        assertThatThrownBy(() -> engine.render(template, ctx()))
                .isInstanceOf(RenderException.class)
                .hasMessage(message);
    }

    @Test
    void reportsLineAndColumnInMultiLineText() {
        RenderException e = (RenderException) org.assertj.core.api.Assertions.catchThrowable(
                () -> engine.render("first\n  {{foo}}", ctx()));
        assertThat(e.getMessage()).isEqualTo("line 2, column 5: function \"foo\" not defined");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isEqualTo(5);
        assertThat(e.reason()).isEqualTo("function \"foo\" not defined");
    }

    @Test
    void strictModeNamesTheMissingFieldAndWhatIsAvailable() {
        RenderContext strict = ctx().withData(Map.of("Path", "/tmp/s.sh", "Vars", "A=1"));
        assertThatThrownBy(() -> engine.render("run {{.Image}}", strict))
                .hasMessage("column 7: field .Image is not available here; available: .Path, .Vars");
    }

    @Test
    void fieldsAndGeneratedDataComeFromTheData() {
        RenderContext withData = ctx().withData(Map.of("Image", "alpine", "ID", "abc123",
                "Nested", Map.of("Key", "v")));
        assertThat(engine.render("docker run {{.Image}} {{ build `ID` }} {{.Nested.Key}} {{ .Image | upper }}",
                withData)).isEqualTo("docker run alpine abc123 v ALPINE");
    }

    @Test
    void lenientModeKeepsActionsThatNeedMissingDataVerbatim() {
        RenderContext lenient = ctx().withLenient(true);
        assertThat(engine.render("docker run -d {{.Image}} /bin/sh", lenient))
                .isEqualTo("docker run -d {{.Image}} /bin/sh");
        assertThat(engine.render("{{ build `ID` }}/{{ upper .Image }}", lenient))
                .isEqualTo("{{ build `ID` }}/{{ upper .Image }}");
        // a kept action keeps its trim markers (and the white space they would trim) for the later rendering
        assertThat(engine.render("{{ user `name` }} {{- .Path -}} x", lenient))
                .isEqualTo("kiln {{- .Path -}} x");
    }

    @Test
    void lenientModeStillReportsRealErrors() {
        assertThatThrownBy(() -> engine.render("{{.Image}} {{foo}}", ctx().withLenient(true)))
                .hasMessage("column 14: function \"foo\" not defined");
    }

    @Test
    void unavailableContextValuesAreErrors() {
        RenderContext bare = RenderContext.empty();
        assertThatThrownBy(() -> engine.render("{{build_name}}", bare)).hasMessage("column 3: build_name not available");
        assertThatThrownBy(() -> engine.render("{{template_dir}}", bare))
                .hasMessage("column 3: template path not available");
        assertThatThrownBy(() -> engine.render("{{packer_version}}", bare))
                .hasMessage("column 3: packer_version not available");
    }

    @Test
    void checkFindsSyntaxErrorsWithoutRendering() {
        engine.check("{{ env `X` }} {{ .Anything }}");
        assertThatThrownBy(() -> engine.check("{{ nope }}")).hasMessage("column 4: function \"nope\" not defined");
    }

    @Test
    void goStringFunctionsMatchGo() {
        assertThat(TemplateEngine.split("a,b,,c,", ",")).containsExactly("a", "b", "", "c", "");
        assertThat(TemplateEngine.split("abc", "")).containsExactly("a", "b", "c");
        assertThat(TemplateEngine.replace("aaaa", "a", "b", 2)).isEqualTo("bbaa");
        assertThat(TemplateEngine.replace("ab", "", "-", -1)).isEqualTo("-a-b-");
    }

    @Test
    void parenthesesNestedAsDeepAsTheTextAllowsNeedNoDeepStack() {
        int depth = 200_000;
        String text = "{{" + "(".repeat(depth) + "upper `a`" + ")".repeat(depth) + " | lower}}";

        assertThat(engine.render(text, ctx())).isEqualTo("a");
        engine.check(text);
        assertThat(engine.render("{{ upper " + "(".repeat(5_000) + "user `name`" + ")".repeat(5_000) + " }}", ctx()))
                .isEqualTo("KILN");
    }

    @Test
    void deeplyNestedParenthesesStillReportWhereTheyAreUnclosed() {
        String text = "{{" + "(".repeat(5_000) + "uuid" + ")".repeat(4_999) + "}}";

        assertThatThrownBy(() -> engine.render(text, ctx())).hasMessage("column 10006: unclosed '(': expected ')'");
    }

    @Test
    void aRenderedValueLongerThanKilnsLimitIsRefusedWhereItOverflows() {
        String big = "x".repeat(TemplateLimits.MAX_VALUE_LENGTH / 2 + 1);
        RenderContext withBig = ctx().withUserVariables(Map.of("big", big));

        assertThat(engine.render("{{user `big`}}", withBig)).hasSize(big.length());
        assertThatThrownBy(() -> engine.render("{{user `big`}}{{user `big`}}", withBig))
                .hasMessage("column 15: the rendered value would be longer than 4 MiB (4,194,304 characters), Kiln's "
                        + "limit for a value");
    }

    @Test
    void aReplacementThatWouldGrowPastKilnsLimitIsRefusedBeforeItIsBuilt() {
        RenderContext withText = ctx().withUserVariables(Map.of("text", "x".repeat(1_000_000)));

        assertThatThrownBy(() -> engine.render("{{ user `text` | replace_all `` `abcd` }}", withText))
                .hasMessage("column 18: the text with its replacements would be longer than 4 MiB (4,194,304 "
                        + "characters), Kiln's limit for a value");
        assertThat(engine.render("{{ user `text` | replace `x` `abcd` 10 }}", withText))
                .hasSize(1_000_030);
    }

    @Test
    void usedVariablesAreTheNamesWrittenAsLiterals() {
        assertThat(engine.usedVariables("{{user `a`}} {{ \"b\" | user }} {{ upper (user `c`) }} {{user (lower `D`)}}"))
                .containsExactly("a", "b", "c");
        assertThat(engine.usedVariables("{{user `a`")).isEmpty();
    }
}
