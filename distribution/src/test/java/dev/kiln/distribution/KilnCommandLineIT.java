package dev.kiln.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the packaged {@code bin/kiln} for what needs no engine: help, version and typos. */
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

        assertThat(flag.exitCode()).isZero();
        assertThat(flag.stdout()).startsWith("Kiln v").isEqualTo(command.stdout());
    }

    @Test
    void aMisspeltCommandSuggestsTheClosestOneAndExits127() throws Exception {
        KilnProcess.Result result = KilnProcess.run(work, "biuld", "template.json");

        assertThat(result.exitCode()).isEqualTo(127);
        assertThat(result.stderr()).isEqualTo("Unknown command 'biuld'; did you mean 'build'?\n");
    }
}
