package dev.kiln.plugin.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellProvisionerValidateTest {

    private final ShellProvisioner provisioner = new ShellProvisioner();

    @TempDir
    Path dir;

    private static ShellProvisionerConfig config(List<String> inline, String script, List<String> scripts,
                                                 List<String> environmentVars) {
        return new ShellProvisionerConfig(inline, null, script, scripts, environmentVars, null, null, null, null,
                null, null, false, false, false, null, false);
    }

    private String existingScript(String name) throws Exception {
        return Files.writeString(dir.resolve(name), "echo hi\n").toString();
    }

    @Test
    void acceptsEachOfInlineScriptAndScripts() throws Exception {
        String a = existingScript("a.sh");
        String b = existingScript("b.sh");

        assertThat(provisioner.validate(config(List.of("echo hi"), null, null, List.of("A=1")))).isEmpty();
        assertThat(provisioner.validate(config(null, a, null, null))).isEmpty();
        assertThat(provisioner.validate(config(null, null, List.of(a, b), null))).isEmpty();
    }

    @Test
    void reportsEveryProblemAtOnceWithPackersMessages() throws Exception {
        String good = existingScript("good.sh");
        String missing = dir.resolve("missing.sh").toString();

        List<String> problems = provisioner.validate(config(List.of("echo hi"), missing, List.of(good, "nope.sh"),
                List.of("GOOD=1", "=value", "NOEQUALS", "EMPTY=", "X=a=b")));

        assertThat(problems).containsExactly(
                "Only one of script or scripts can be specified.",
                "Only a script file or an inline script can be specified, not both.",
                "Bad script '" + missing + "': stat " + missing + ": no such file or directory",
                "Bad script 'nope.sh': stat nope.sh: no such file or directory",
                "Environment variable not in format 'key=value': =value",
                "Environment variable not in format 'key=value': NOEQUALS");
    }

    @Test
    void saysWhenNothingIsGivenToRun() {
        assertThat(provisioner.validate(config(null, null, null, null)))
                .containsExactly("Either a script file or inline script must be specified.");
        assertThat(provisioner.validate(config(List.of(), "", List.of(), null)))
                .containsExactly("Either a script file or inline script must be specified.");
    }

    @Test
    void scriptAndInlineTogetherIsAConflict() throws Exception {
        assertThat(provisioner.validate(config(List.of("echo"), existingScript("a.sh"), null, null)))
                .containsExactly("Only a script file or an inline script can be specified, not both.");
    }

    @Test
    void aDirectoryIsNotAScript() {
        assertThat(provisioner.validate(config(null, dir.toString(), null, null)))
                .containsExactly("Bad script '" + dir + "': it is a directory, not a file");
    }

    @Test
    void checksEnvVarFormat() {
        ShellProvisionerConfig c = new ShellProvisionerConfig(List.of("true"), null, null, null, null, "%s=%d ",
                null, null, null, null, null, false, false, false, null, false);

        assertThat(provisioner.validate(c)).containsExactly(
                "env_var_format '%s=%d ' is not a usable format (d != java.lang.String); write the key and value"
                        + " as two %s, e.g. \"%s='%s' \".");
    }

    @Test
    void aNegativePauseIsRejected() {
        ShellProvisionerConfig c = new ShellProvisionerConfig(List.of("true"), null, null, null, null, null,
                null, null, null, null, null, false, false, false, java.time.Duration.ofSeconds(-5), false);

        assertThat(provisioner.validate(c)).containsExactly("pause_after '-5s' is negative; give a duration such as '5s'.");
    }

    @Test
    void aLineBreakInTheInlineShebangIsRefusedSinceItWouldAddALineToTheScript() {
        ConfigBuilder c = ConfigBuilder.inline("true");
        c.inlineShebang = "/bin/sh -e\necho INJECTED";

        assertThat(provisioner.validate(c.build())).containsExactly("inline_shebang '/bin/sh -e?echo INJECTED' "
                + "contains a control character (a line break would add a line to every inline script); give the "
                + "interpreter and its flags on one line, e.g. '/bin/sh -e'.");
        c.inlineShebang = "/bin/bash -ex";
        assertThat(provisioner.validate(c.build())).isEmpty();
    }

    @Test
    void validateHasNoSideEffects() {
        ShellProvisionerConfig c = ShellProvisionerConfig.ofInline("echo hi");

        assertThat(provisioner.validate(c)).isEmpty();
        assertThat(provisioner.validate(c)).isEmpty();
    }
}
