package dev.kiln.cli.repl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.cli.KilnCli;
import dev.kiln.cli.command.Session;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kiln shell < steps.kiln}: the shell's commands read from standard input, as a script. */
class ScriptedShellTest {

    @TempDir Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void template() throws Exception {
        Files.writeString(dir.resolve("greeting.json"), """
                {
                  "variables": { "greeting": "from the template" },
                  "builders": [ { "type": "test-steps", "name": "first", "message": "{{user `greeting`}}" } ]
                }
                """);
    }

    private int shell(String script, String... flags) {
        Session session = new Session(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("HOME", dir.resolve("home").toString()), dir, false);
        String[] args = new String[flags.length + 1];
        args[0] = "shell";
        System.arraycopy(flags, 0, args, 1, flags.length);
        return KilnCli.run(session, new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)), false, args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void eachLineRunsAsAShellCommandAndOnlyTheCommandsPrint() {
        int code = shell("""
                # build with a greeting of our own
                load greeting.json

                set greeting=scripted
                build
                """);

        assertThat(code).as(out() + err()).isZero();
        assertThat(out()).startsWith("Loaded greeting.json: 1 build (first).").contains("==> first: message: scripted")
                .doesNotContain("kiln>", "set greeting", "# build", "'help' lists");
        assertThat(err()).isEmpty();
        assertThat(dir.resolve("home/.kiln/history")).doesNotExist();
    }

    @Test
    void theFirstCommandThatFailsStopsTheScriptWithExitCode1() {
        int code = shell("""
                load greeting.json
                validate missing.json
                version
                """);

        assertThat(code).isEqualTo(1);
        assertThat(err()).contains("missing.json: template file not found",
                "kiln shell: line 2 ('validate') failed; stopping (-k runs the remaining lines).");
        assertThat(out()).doesNotContain("Kiln v");
    }

    @Test
    void keepGoingRunsTheRemainingLinesAndStillExits1() {
        int code = shell("""
                biuld
                version
                """, "-k");

        assertThat(code).isEqualTo(1);
        assertThat(err()).contains("Unknown command 'biuld'; did you mean 'build'?").doesNotContain("stopping");
        assertThat(out()).contains("Kiln v");
    }

    @Test
    void aFailingBuildFailsTheScript() throws Exception {
        Files.writeString(dir.resolve("fails.json"), "{ \"builders\": [ { \"type\": \"test-steps\", \"fail\": true } ] }");

        assertThat(shell("build -on-error=ask fails.json\nversion\n")).isEqualTo(1);
        assertThat(out()).contains("Nobody to ask (not an interactive run): cleaning up.", "Removed resource")
                .doesNotContain("Kiln v");
    }

    @Test
    void historyIsNotRecordedForAScript() {
        assertThat(shell("history\nexit\nversion\n")).isZero();
        assertThat(out()).isEqualTo("No history: commands read from a script are not recorded.\n");
    }
}
