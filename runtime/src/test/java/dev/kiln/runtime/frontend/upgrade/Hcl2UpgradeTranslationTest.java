package dev.kiln.runtime.frontend.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.runtime.frontend.upgrade.GoTemplateTranslator.Scope;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go-template actions as HCL2 expressions, one function at a time. */
class Hcl2UpgradeTranslationTest {

    private final GoTemplateTranslator translator = new GoTemplateTranslator(Set.of("derived"), Set.of("taken"));

    /** Go template => HCL quoted string in a provisioner (the build's scope). */
    @ParameterizedTest
    @CsvSource(delimiterString = " => ", quoteCharacter = '\'', textBlock = """
            no actions => "no actions"
            {{user `v`}} => "${var.v}"
            {{user `derived`}} => "${local.derived}"
            {{user `a.b`}} => "${var["a.b"]}"
            {{ "v" | user }} => "${var.v}"
            {{env `HOME`}} => "${var.env_HOME}"
            {{env `BUILD-ID`}} => "${var.env_BUILD_ID}"
            {{timestamp}} => "${local.timestamp}"
            {{isotime}} => "${timestamp()}"
            {{isotime `2006-01-02`}} => "${formatdate("YYYY-MM-DD", timestamp())}"
            {{isotime `Mon, 02 Jan 2006 15:04:05 MST`}} => "${formatdate("EEE, DD MMM YYYY hh:mm:ss ZZZ", timestamp())}"
            {{isotime `3:04PM`}} => "${formatdate("H:mmAA", timestamp())}"
            {{isotime `.000`}} => "${legacy_isotime(".000")}"
            {{strftime `%Y`}} => "${legacy_strftime("%Y")}"
            {{uuid}} => "${uuidv4()}"
            {{build_name}}.{{build_type}} => "${source.name}.${source.type}"
            {{build `ID`}} => "${build.ID}"
            {{template_dir}}/x => "${path.root}/x"
            {{pwd}} => "${path.cwd}"
            {{packer_version}} => "${packer.version}"
            {{lower `A`}}{{upper (user `v`)}} => "${lower("A")}${upper(var.v)}"
            {{user `v` | lower | upper}} => "${upper(lower(var.v))}"
            {{split `a,b` `,` 1}} => "${split(",", "a,b")[1]}"
            {{replace_all `a` `b` (user `v`)}} => "${replace(var.v, "a", "b")}"
            {{replace `a` `b` -1 (user `v`)}} => "${replace(var.v, "a", "b")}"
            {{replace `a` `o` 2 `banana`}} => "bonona"
            {{replace `` `-` 2 `ab`}} => "-a-b"
            {{vault `/p` `k`}} => "${vault("/p", "k")}"
            {{consul_key `k`}} => "${consul_key("k")}"
            {{ `lit"eral` }} {{ 7 }} {{ false }} => "lit\\"eral 7 false"
            {{.Image}} => "{{.Image}}"
            {{ .Vars }} {{user `v`}} {{ .Path }} => "{{ .Vars }} ${var.v} {{ .Path }}"
            {{ .Name | upper }} => "{{ .Name | upper }}"
            a {{- user `v` -}} b => "a${var.v}b"
            a {{- .Image -}} b => "a {{- .Image -}} b"
            x{{/* gone */}}y => "xy"
            ${HOME} {{user `v`}} %{x} => "$${HOME} ${var.v} %%{x}"
            "{{user `v`}}"\\ => "\\"${var.v}\\"\\\\"
            {{ nope }} => "{{ nope }}"
            """)
    void translatesInABuild(String go, String hcl) {
        assertThat(translator.quoted(go, Scope.BUILD)).isEqualTo(hcl);
    }

    @Test
    void envInAVariableDefaultIsCalledThere() {
        assertThat(translator.quoted("{{env `HOME`}}/x", Scope.DEFAULT)).isEqualTo("\"${env(\"HOME\")}/x\"");
        assertThat(translator.envVariables()).isEmpty();
        assertThat(GoTemplateTranslator.needsLocal("{{env `HOME`}}/x")).isFalse();
        assertThat(GoTemplateTranslator.needsLocal("{{user `a`}}")).isTrue();
        assertThat(GoTemplateTranslator.needsLocal("{{ lower (env `A`) }}")).isTrue();
        assertThat(GoTemplateTranslator.needsLocal("plain")).isFalse();
    }

    @Test
    void envElsewhereBecomesAVariableWhoseNameIsFree() {
        translator.quoted("{{env `taken`}} {{env `taken`}} {{env `TAKEN`}}", Scope.BUILD);
        GoTemplateTranslator clash = new GoTemplateTranslator(Set.of(), Set.of("env_X"));

        assertThat(clash.quoted("{{env `X`}}", Scope.BUILD)).isEqualTo("\"${var.env_X_2}\"");
        assertThat(translator.envVariables()).containsExactly(
                java.util.Map.entry("taken", "env_taken"), java.util.Map.entry("TAKEN", "env_TAKEN"));
    }

    @Test
    void inASourceTheBuildNameAndTypeAreKnown() {
        assertThat(translator.quoted("{{build_name}}-{{build_type}}", Scope.source("web", "docker")))
                .isEqualTo("\"web-docker\"");
    }

    @Test
    void whatCannotBeTranslatedIsNoted() {
        translator.quoted("{{ nope }}", Scope.BUILD);
        translator.quoted("{{replace `a` `b` 1 (user `v`)}}", Scope.BUILD);
        translator.quoted("{{ .Image }}", Scope.BUILD);

        assertThat(translator.takeNotes()).hasSize(2).anySatisfy(n -> assertThat(n).contains("nope"))
                .anySatisfy(n -> assertThat(n).contains("at most 1"));
        assertThat(translator.takeNotes()).isEmpty();
    }

    @Test
    void timestampIsNeededOnlyWhenUsed() {
        translator.quoted("{{isotime}}", Scope.BUILD);
        assertThat(translator.usesTimestamp()).isFalse();
        translator.quoted("{{timestamp}}", Scope.BUILD);
        assertThat(translator.usesTimestamp()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            2006-01-02T15:04:05Z07:00  | YYYY-MM-DD'T'hh:mm:ssZ
            20060102150405             | YYYYMMDDhhmmss
            January 2, 2006            | MMMM D, YYYY
            Monday 3PM                 | EEEE HAA
            15:04:05 -0700 -07:00 MST  | hh:mm:ss ZZZZ ZZZZZ ZZZ
            2006-01-02T15:04:05Z0700   | YYYY-MM-DD'T'hh:mm:ss'Z'
            it's 06                    | 'it''s 'YY
            """)
    void goLayoutsAsFormatDateSpecs(String layout, String spec) {
        assertThat(GoLayouts.toFormatDate(layout)).isEqualTo(spec);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"Jan _2", "002", "15:04:05.000", "05,999", ".9"})
    void goLayoutsWithoutAFormatDateEquivalent(String layout) {
        assertThat(GoLayouts.toFormatDate(layout)).isNull();
    }
}
