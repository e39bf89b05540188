package dev.kiln.cli.repl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The interactive shell at a (dumb, piped) terminal: every command, errors, Ctrl-C, questions and history. */
class ShellTest {

    @TempDir Path dir;

    private final Map<String, String> environment = new HashMap<>();
    private ShellDriver shell;

    private static final String GREETING = """
            {
              "variables": { "greeting": "from the template", "password": "" },
              "sensitive-variables": ["password"],
              "builders": [ { "type": "test-steps", "name": "first", "message": "{{user `greeting`}}" } ]
            }
            """;

    @BeforeEach
    void open() throws Exception {
        environment.put("HOME", dir.resolve("home").toString());
        Files.writeString(dir.resolve("greeting.json"), GREETING);
        shell = new ShellDriver(dir, environment).start();
    }

    @AfterEach
    void close() throws Exception {
        shell.close();
    }

    private void write(String name, String content) throws Exception {
        Files.writeString(dir.resolve(name), content);
    }

    @Test
    void theBannerSaysHowToGetHelpAndThePromptNamesNoTemplate() {
        assertThat(shell.screen()).contains("'help' lists the commands").endsWith("kiln> ");
    }

    @Test
    void loadMakesTheTemplateTheDefaultOfValidateInspectAndBuildAndThePromptNamesIt() {
        assertThat(shell.run("load greeting.json")).contains("Loaded greeting.json: 1 build (first).")
                .endsWith("kiln (greeting.json)> ");
        assertThat(shell.run("validate")).contains("The configuration is valid.");
        assertThat(shell.run("inspect")).contains("Builders:", "first (test-steps)", "greeting");
        assertThat(shell.run("build")).contains("==> first: message: from the template",
                "==> first: Removed resource", "--> first: a test resource");
    }

    @Test
    void aTemplateThatFailsToLoadShowsWhereAndTheLoadedOneStaysLoaded() throws Exception {
        write("broken.json", "{\n  \"builders\": [ { \"type\": \"test-steps\" } ],\n  \"provisioner\": []\n}\n");
        shell.run("load greeting.json");

        String shown = shell.run("load broken.json");

        assertThat(shown).contains("Error: template 'broken.json' has 1 problem:", "broken.json:3:3:",
                "Still loaded: greeting.json").endsWith("kiln (greeting.json)> ");
        assertThat(shell.run("validate")).contains("The configuration is valid.");
    }

    @Test
    void setVariablesAreUsedByLaterCommandsAndACommandsOwnVarWins() {
        shell.run("load greeting.json");

        assertThat(shell.run("set greeting=from-set")).doesNotContain("Warning");
        assertThat(shell.run("build")).contains("==> first: message: from-set");
        assertThat(shell.run("build -var greeting=from-flag")).contains("==> first: message: from-flag");
        assertThat(shell.run("vars")).contains("Variables of greeting.json:", "greeting = 'from-set'",
                "(set)", "password = <sensitive>");
        shell.run("unset greeting");
        assertThat(shell.run("build")).contains("==> first: message: from the template");
    }

    @Test
    void varFilesAreReadByLaterCommandsBelowSetValues() throws Exception {
        write("vars.json", "{ \"greeting\": \"from-file\" }");
        shell.run("load greeting.json");

        assertThat(shell.run("var-file vars.json")).doesNotContain("var-file:");
        assertThat(shell.run("build")).contains("==> first: message: from-file");
        assertThat(shell.run("var-file")).contains("Var files: vars.json");
        shell.run("set greeting=from-set");
        assertThat(shell.run("build")).contains("==> first: message: from-set");
        shell.run("var-file -clear");
        assertThat(shell.run("var-file")).contains("No var files.");
        assertThat(shell.run("var-file missing.json")).contains("var-file: 'missing.json' is not a file.");
    }

    @Test
    void setAndUnsetSayWhatIsWrong() {
        shell.run("load greeting.json");

        assertThat(shell.run("set greting=x")).contains("Warning: 'greting' is not a variable of greeting.json; "
                + "did you mean 'greeting'?");
        assertThat(shell.run("set novalue")).contains("set: 'novalue' must look like NAME=VALUE.");
        assertThat(shell.run("unset greetnig")).contains("unset: 'greetnig' is not set; did you mean 'greting'?");
    }

    @Test
    void anUnknownCommandSuggestsTheClosestCommands() {
        assertThat(shell.run("valdate")).contains("Unknown command 'valdate'; did you mean 'validate'?");
        assertThat(shell.run("va")).contains("Unknown command 'va'; did you mean 'validate', 'vars' or 'var-file'?");
        assertThat(shell.run("kiln build")).contains("In the shell, commands go without 'kiln'");
        assertThat(shell.run("frobnicate")).contains("Unknown command 'frobnicate'; 'help' lists the commands.");
    }

    @Test
    void aBadFlagShowsTheClosestFlagAndTheUsageLine() {
        String shown = shell.run("build -onyl=first");

        assertThat(shown).contains("Unknown flag '-onyl' for 'build'; did you mean '-only'?",
                "Usage: build [-debug] [-h]", "[TEMPLATE]");
    }

    @Test
    void aCommandWithoutTemplateWhenNoneIsLoadedSaysWhatToDo() {
        assertThat(shell.run("validate")).contains("No template: name one", "or load one first ('load FILE').");
        assertThat(shell.run("build greeting.json")).contains("==> first: message: from the template");
    }

    @Test
    void aFailingBuildReportsTheErrorAndTheShellGoesOn() throws Exception {
        write("fails.json", "{ \"builders\": [ { \"type\": \"test-steps\", \"fail\": true } ] }");

        String shown = shell.run("build fails.json");

        assertThat(shown).contains("the work failed", "==> test-steps: Removed resource",
                "Some builds didn't complete successfully");
        assertThat(shell.run("version")).contains("Kiln v");
    }

    @Test
    void ctrlCDuringABuildCancelsItRunsTheCleanupsAndReturnsToThePrompt() throws Exception {
        write("wait.json", """
                { "builders": [ { "type": "test-steps", "block": true, "cleanup_millis": 1500 } ] }
                """);
        shell.type("build wait.json\r").awaitScreen("Working until cancelled");

        shell.type("\u0003").awaitScreen("Removing resource");
        shell.type("\u0003"); // a second Ctrl-C while the cleanup runs

        shell.awaitScreen("kiln> ");
        String shown = shell.screen();
        assertThat(shown).contains("Cancelling build after receiving interrupt",
                "Still cleaning up: Kiln returns to the prompt when everything it created is removed.",
                "==> test-steps: Removed resource", "Cleanly cancelled builds after being interrupted.");
        assertThat(shown.indexOf("Removed resource")).isLessThan(shown.indexOf("Cleanly cancelled"));
        assertThat(shell.run("version")).contains("Kiln v");
    }

    @Test
    void aDumbTerminalGetsPlainTextWhereAnXtermGetsTheStatusLine() throws Exception {
        write("wait.json", "{ \"builders\": [ { \"type\": \"test-steps\", \"block\": true } ] }");
        shell.type("build wait.json\r").awaitScreen("Working until cancelled");
        Thread.sleep(1_000); // five ticks of the status line, were there one

        assertThat(shell.screen()).doesNotContain("\u001b", "test-steps  0:0");
        shell.type("\u0003").awaitScreen("kiln> ");

        ShellDriver xterm = new ShellDriver(dir, environment, "xterm").start();
        try {
            xterm.type("build wait.json\r").awaitScreen("Working until cancelled");
            assertThat(xterm.awaitScreen("test-steps  0:0")).isNotEmpty();
            xterm.type("\u0003").awaitScreen("Cleanly cancelled builds after being interrupted.");
        } finally {
            xterm.close();
        }
    }

    @Test
    void ctrlCAtThePromptClearsTheLine() {
        shell.type("validat").awaitTyped("validat");
        shell.type("\u0003").awaitScreen("kiln> "); // a fresh prompt

        String shown = shell.run("version");

        assertThat(shown).contains("Kiln v").doesNotContain("Unknown command");
    }

    @Test
    void onErrorAskAsksThroughTheShellAndTheAnswerIsNotKeptInTheHistory() throws Exception {
        write("fails.json", "{ \"builders\": [ { \"type\": \"test-steps\", \"fail\": true } ] }");
        shell.type("build -on-error=ask fails.json\r")
                .awaitScreen("[c] Clean up and exit, [a] abort without cleanup");

        shell.type("c\r");

        String shown = shell.awaitScreen("kiln> ");
        assertThat(shown).contains("==> test-steps: Removed resource").doesNotContain("Nobody to ask");
        assertThat(shell.run("history")).contains("build -on-error=ask fails.json").doesNotContain("  c\n");
    }

    @Test
    void exitEndsTheShellWithCode0() {
        shell.type("exit\r");

        assertThat(shell.awaitExit()).isZero();
    }

    @Test
    void endOfInputCtrlDEndsTheShellWithCode0() {
        assertThat(shell.endInput()).isZero();
    }

    @Test
    void fmtIsTheBatchCommand() throws Exception {
        write("u.pkr.hcl", "a=1\n");

        assertThat(shell.run("fmt -check u.pkr.hcl")).contains("u.pkr.hcl");
        assertThat(shell.run("fmt u.pkr.hcl")).contains("u.pkr.hcl");
        assertThat(Files.readString(dir.resolve("u.pkr.hcl"))).isEqualTo("a = 1\n");
        assertThat(shell.run("help")).contains("fmt [flags] TEMPLATE");
    }

    @Test
    void helpListsEveryCommandAndHelpOfOneShowsItsFlags() {
        assertThat(shell.run("help")).contains("load FILE", "reload", "validate [flags] [TEMPLATE]", "inspect",
                "build [flags] [TEMPLATE]", "vars", "set NAME=VALUE...", "unset NAME...", "var-file", "plugins",
                "cleanup [flags]", "history", "help [COMMAND]", "exit");
        assertThat(shell.run("help cleanup")).contains("Usage: cleanup", "--dry-run", "--docker-host=HOST");
        assertThat(shell.run("help build")).contains("Usage: build", "-var=KEY=VALUE", "-only=NAMES",
                "-on-error=cleanup|abort|ask", "default: the loaded one");
        assertThat(shell.run("build -h")).contains("Usage: build");
        assertThat(shell.run("help biuld")).contains("Unknown command 'biuld'; did you mean 'build'?");
    }

    @Test
    void pluginsListsTheComponentsAndTakesATypeToLookFor() {
        assertThat(shell.run("plugins")).contains("builder test-steps", "builder docker");
        assertThat(shell.run("plugins test-steps")).contains("builder test-steps").doesNotContain("builder docker");
        assertThat(shell.run("plugins test-step")).contains("No plugin provides a component of type 'test-step'; "
                + "did you mean 'test-steps'?");
    }

    @Test
    void reloadReportsAPluginThatFailsAndTheOthersKeepWorking() throws Exception {
        shell.run("load greeting.json");
        Path plugins = Files.createDirectories(dir.resolve("home/.kiln/plugins"));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Plugin-Id", "acme-broken");
        manifest.getMainAttributes().putValue("Plugin-Version", "1.0.0");
        try (JarOutputStream jar = new JarOutputStream(
                Files.newOutputStream(plugins.resolve("acme-broken-1.0.0.jar")), manifest)) {
            jar.putNextEntry(new JarEntry("META-INF/services/dev.kiln.api.Builder"));
            jar.write("com.acme.NoSuchBuilder\n".getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }

        String shown = shell.run("reload");

        assertThat(shown).contains("Plugins reloaded: 0 working, 1 not;", "acme-broken  failed",
                "Loaded greeting.json");
        assertThat(shell.run("build")).contains("==> first: message: from the template");
    }

    @Test
    void historyIsKeptInHomeKilnHistoryAcrossShellsWithoutSensitiveValues() throws Exception {
        shell.run("load greeting.json");
        shell.run("set password=hunter2");
        shell.run("version");
        shell.type("exit\r").awaitExit();
        shell.close();

        Path file = dir.resolve("home/.kiln/history");
        assertThat(file).exists();
        assertThat(Files.readString(file)).contains("load greeting.json", "version").doesNotContain("hunter2");
        shell = new ShellDriver(dir, environment).start();
        assertThat(shell.run("history")).contains("load greeting.json", "version", "exit")
                .doesNotContain("hunter2");
    }

    @Test
    void loadingAnHcl2JsonTemplateWithASyntaxErrorSaysWhereAndKeepsTheLoadedOne() throws Exception {
        write("docker.pkr.json", "{\"build\": }\n");
        shell.run("load greeting.json");

        String shown = shell.run("load docker.pkr.json");

        assertThat(shown).contains("Error: Missing JSON value", "docker.pkr.json line 1:\n   1: {\"build\": }\n"
                + "                ^\n", "Still loaded: greeting.json").doesNotContain("malformed JSON");
    }
}
