package dev.kiln.plugin.shelllocal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.api.KilnException;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CommandAssemblyTest {

    private final FakeContext context = new FakeContext("web", "docker");

    private static ShellLocalConfig config(List<String> vars, String format, List<String> executeCommand) {
        return new ShellLocalConfig("true", null, null, null, null, vars, format, executeCommand, null, null, null);
    }

    @Test
    void variablesArePackersPlusTheTemplatesSortedAndTheTemplateWins() {
        SortedMap<String, String> env = LocalShell.environment(context,
                config(List.of("ZED=last", "A=a=b=c", "PACKER_BUILD_NAME=mine"), null, null));

        assertThat(env).containsExactly(
                java.util.Map.entry("A", "a=b=c"),
                java.util.Map.entry("PACKER_BUILDER_TYPE", "docker"),
                java.util.Map.entry("PACKER_BUILD_NAME", "mine"),
                java.util.Map.entry("ZED", "last"));
    }

    @Test
    void flattenQuotesSingleQuotesAsPackerDoes() {
        SortedMap<String, String> env = new TreeMap<>();
        env.put("B", "it's");
        env.put("A", "x=\"y\"");

        assertThat(LocalShell.flatten(env, "%s='%s' ")).isEqualTo("A='x=\"y\"' B='it'\"'\"'s' ");
        assertThat(LocalShell.flatten(env, "export %s=%s;")).isEqualTo("export A=x=\"y\";export B=it'\"'\"'s;");
    }

    @Test
    void theDefaultRunsTheScriptAsTheShellsArgumentWithTheVariablesInTheEnvironment() {
        List<String> command = LocalShell.command(context, config(List.of("SECRET=hunter2"), null, null),
                "/tmp/my script.sh", "SECRET='hunter2' ");

        assertThat(command).containsExactly("/bin/sh", "-c", "\"$0\"", "/tmp/my script.sh");
    }

    @Test
    void packersDefaultWrittenOutIsTheDefault() {
        List<String> command = LocalShell.command(context,
                config(null, null, List.of("/bin/sh", "-c", "{{.Vars}} {{.Script}}")), "/tmp/s.sh", "A='1' ");

        assertThat(command).containsExactly("/bin/sh", "-c", "\"$0\"", "/tmp/s.sh");
    }

    @Test
    void aCustomFormatWithTheDefaultCommandRendersThePackerWay() {
        List<String> command = LocalShell.command(context, config(null, "export %s='%s'; ", null), "/tmp/s.sh",
                "export A='1'; ");

        assertThat(command).containsExactly("/bin/sh", "-c", "export A='1';  /tmp/s.sh");
    }

    @Test
    void aCustomCommandIsRenderedElementByElement() {
        List<String> command = LocalShell.command(context,
                config(null, null, List.of("/bin/bash", "-x", "{{.Script}}", "{{.Command}}", "[{{.Vars}}]")),
                "/tmp/s.sh", "A='1' ");

        assertThat(command).containsExactly("/bin/bash", "-x", "/tmp/s.sh", "/tmp/s.sh", "[A='1' ]");
    }

    @Test
    void aProgramThatRendersEmptyIsRefusedWithoutTheVariables() {
        assertThatThrownBy(() -> LocalShell.command(context, config(null, null, List.of("{{.Vars}}")), "/tmp/s.sh",
                ""))
                .isInstanceOf(KilnException.class)
                .hasMessage("execute_command '{{.Vars}}' rendered to an empty program name; the first element must "
                        + "name the program to run.");
    }

    @Test
    void theHostOsHasItsGoName() {
        assertThat(LocalShell.SUPPORTED_OS).contains(LocalShell.hostOs());
    }
}
