package dev.kiln.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the packaged {@code bin/kiln} for what needs no engine: help, version, typos, and the diagnostic log. */
class KilnCommandLineIT {

    @TempDir Path work;

    @Test
    void buildHelpIsTheUsageOnStdoutWithExitCode0() throws Exception {
        KilnProcess.Result result = KilnProcess.run(work, "build", "-h");

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).startsWith("Usage: kiln build").contains("-var=KEY=VALUE", "TEMPLATE");
        assertThat(result.stderr()).isEmpty();
    }

    @Test
    void dashVPrintsTheVersionAsKilnVersionDoes() throws Exception {
        KilnProcess.Result flag = KilnProcess.run(work, "-v");
        KilnProcess.Result command = KilnProcess.run(work, "version");
        // with a flag after it, 'version' goes through the command line's model, not main's shortcut
        KilnProcess.Result parsed = KilnProcess.run(work, "version", "-machine-readable");

        assertThat(flag.exitCode()).isZero();
        assertThat(flag.stdout()).startsWith("Kiln v").isEqualTo(command.stdout());
        assertThat(parsed.stdout()).contains(",ui,say," + command.stdout().strip());
    }

    @Test
    void commandsThatLoadPluginsPrintNothingButTheirOwnLines() throws Exception {
        Files.writeString(work.resolve("template.json"), """
                { "builders": [ { "type": "docker", "image": "busybox", "commit": true } ] }
                """);

        KilnProcess.Result validate = KilnProcess.run(work, "validate", "template.json");
        KilnProcess.Result badFlag = KilnProcess.run(work, "build", "-var");

        assertThat(validate.exitCode()).as(validate.stderr()).isZero();
        assertThat(validate.stdout()).isEqualTo("The configuration is valid.\n");
        assertThat(validate.stderr()).isEmpty(); // no word of the diagnostic log's own set-up either
        assertThat(badFlag.exitCode()).isEqualTo(1);
        assertThat(badFlag.stderr()).startsWith("Missing required parameter for option '--var'").hasLineCount(1);
    }

    @Test
    void aMisspeltCommandSuggestsTheClosestOneAndExits127() throws Exception {
        KilnProcess.Result result = KilnProcess.run(work, "biuld", "template.json");

        assertThat(result.exitCode()).isEqualTo(127);
        assertThat(result.stderr()).isEqualTo("Unknown command 'biuld'; did you mean 'build'?\n");
    }

    @Test
    void kilnLogShowsTheStackTraceOfAPluginThatCrashesInValidate() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        CrashingPlugin.writeInto(plugins);
        Files.writeString(work.resolve("template.json"), """
                { "builders": [ { "type": "acme-crash", "image": "x" } ] }
                """);
        Map<String, String> home = Map.of("HOME", work.resolve("home").toString());

        KilnProcess.Result quiet = KilnProcess.start(work, home, "validate", "--plugin-dir", plugins.toString(),
                "template.json").await(Duration.ofMinutes(2));
        KilnProcess.Result logged = KilnProcess.start(work, Map.of("HOME", home.get("HOME"), "KILN_LOG", "debug"),
                "validate", "--plugin-dir", plugins.toString(), "template.json").await(Duration.ofMinutes(2));

        assertThat(quiet.exitCode()).isEqualTo(1);
        assertThat(quiet.stderr()).contains("builder 'acme-crash'", "crashed while validating: "
                + "java.lang.IllegalStateException: validate blew up").doesNotContain("\tat ");
        assertThat(logged.exitCode()).isEqualTo(1);
        assertThat(logged.stderr()).contains("DEBUG dev.kiln.runtime.build.BuildPlanner - builders[0]: builder "
                        + "'acme-crash'", "java.lang.IllegalStateException: validate blew up",
                "\tat com.acme.crash.CrashingBuilder.checkImage(");
    }
}
