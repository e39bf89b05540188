package dev.kiln.plugin.shelllocal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellLocalValidateTest {

    private static final String TOO_MANY = "You may only specify one of the following options: Command, Inline, "
            + "Script or Scripts. Please consolidate these options in your config.";

    @TempDir Path dir;

    private final ShellLocalProvisioner provisioner = new ShellLocalProvisioner();
    private final ShellLocalPostProcessor postProcessor = new ShellLocalPostProcessor();

    private static ShellLocalConfig config(String command, List<String> inline, String script, List<String> scripts) {
        return new ShellLocalConfig(command, inline, null, script, scripts, null, null, null, null, null, null);
    }

    @Test
    void bothComponentsAreShellLocalAndBindTheSameRecord() {
        assertThat(provisioner.type()).isEqualTo("shell-local");
        assertThat(postProcessor.type()).isEqualTo("shell-local");
        assertThat(provisioner.configType()).isEqualTo(ShellLocalConfig.class);
        assertThat(postProcessor.configType()).isEqualTo(ShellLocalConfig.class);
        assertThat(provisioner.ignoredOptions()).containsOnlyKeys("use_linux_pathing");
        assertThat(postProcessor.ignoredOptions()).containsOnlyKeys("use_linux_pathing");
    }

    @Test
    void eachWayOfGivingCommandsIsValidAlone() throws Exception {
        Path script = Files.writeString(dir.resolve("a script.sh"), "#!/bin/sh\n");

        assertThat(provisioner.validate(config("echo hi", null, null, null))).isEmpty();
        assertThat(provisioner.validate(config(null, List.of("echo hi"), null, null))).isEmpty();
        assertThat(provisioner.validate(config(null, null, script.toString(), null))).isEmpty();
        assertThat(postProcessor.validate(config(null, null, null, List.of(script.toString(), script.toString()))))
                .isEmpty();
    }

    @Test
    void nothingToRunIsRefused() {
        assertThat(provisioner.validate(config(null, List.of(), null, List.of())))
                .containsExactly("Command, Inline, Script and Scripts options cannot all be empty.");
    }

    @Test
    void moreThanOneWayOfGivingCommandsIsRefused() throws Exception {
        String script = Files.writeString(dir.resolve("s.sh"), "").toString();

        assertThat(provisioner.validate(config("a", List.of("b"), null, null))).containsExactly(TOO_MANY);
        assertThat(provisioner.validate(config(null, List.of("b"), script, null))).containsExactly(TOO_MANY);
        assertThat(provisioner.validate(config(null, null, script, List.of(script)))).containsExactly(TOO_MANY);
        assertThat(provisioner.validate(config("a", null, null, List.of(script)))).containsExactly(TOO_MANY);
    }

    @Test
    void missingScriptsAndFoldersAreNamed() {
        String missing = dir.resolve("no such.sh").toString();

        assertThat(provisioner.validate(config(null, null, null, List.of(missing, dir.toString())))).containsExactly(
                "Bad script '" + missing + "': stat " + missing + ": no such file or directory",
                "Bad script '" + dir + "': it is a directory, not a file");
    }

    @Test
    void everyProblemIsReportedTogether() {
        ShellLocalConfig c = new ShellLocalConfig("true", null, null, null, null, List.of("NOVALUE", "=x", "OK=1"),
                "%s=%d ", List.of("", "{{.Script}}"), List.of("linux", "plan9"), "a/b", null);

        assertThat(provisioner.validate(c)).containsExactly(
                "Invalid OS specified in only_on: 'plan9'; supported OS names: darwin, freebsd, linux, openbsd, "
                        + "solaris, windows",
                "Environment variable not in format 'key=value': NOVALUE",
                "Environment variable not in format 'key=value': =x",
                "env_var_format '%s=%d ' is not a usable format (d != java.lang.String); write the key and value "
                        + "as two %s, e.g. \"%s='%s' \".",
                "execute_command: the first element is the program to run and must not be empty, e.g. "
                        + "[\"/bin/sh\", \"-c\", \"{{.Vars}} {{.Script}}\"]",
                "tempfile_extension 'a/b' must be a file name extension such as 'sh', without '/'.");
    }

    @Test
    void validateWritesNothing() throws Exception {
        provisioner.validate(ShellLocalConfig.ofInline("touch " + dir.resolve("ran")));

        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
