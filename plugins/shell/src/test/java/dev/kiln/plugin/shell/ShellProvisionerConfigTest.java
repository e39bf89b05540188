package dev.kiln.plugin.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShellProvisionerConfigTest {

    private static ShellProvisionerConfig config(String remoteFolder, String remoteFile, String remotePath,
                                                 List<Integer> validExitCodes, boolean useEnvVarFile) {
        return new ShellProvisionerConfig(List.of("true"), null, null, null, null, null, null, remoteFolder,
                remoteFile, remotePath, validExitCodes, false, false, false, null, useEnvVarFile);
    }

    @Test
    void fillsInPackersDefaults() {
        ShellProvisionerConfig c = ShellProvisionerConfig.ofInline("echo hi");

        assertThat(c.inlineShebang()).isEqualTo("/bin/sh -e");
        assertThat(c.envVarFormat()).isEqualTo("%s='%s' ");
        assertThat(c.executeCommand()).isEqualTo("chmod +x {{.Path}}; {{.Vars}} {{.Path}}");
        assertThat(c.remoteFolder()).isEqualTo("/tmp");
        assertThat(c.remoteFile()).matches("script_\\d{1,4}\\.sh");
        assertThat(Integer.parseInt(c.remoteFile().replaceAll("\\D", ""))).isBetween(0, 9998);
        assertThat(c.remotePath()).isEqualTo("/tmp/" + c.remoteFile());
        assertThat(c.validExitCodes()).containsExactly(0);
        assertThat(c.script()).isNull();
        assertThat(c.scripts()).isEmpty();
        assertThat(c.environmentVars()).isEmpty();
        assertThat(c.pauseAfter()).isNull();
        assertThat(c.skipClean()).isFalse();
        assertThat(c.binary()).isFalse();
    }

    @Test
    void remotePathIsBuiltFromFolderAndFile() {
        assertThat(config("/opt/work", null, null, null, false).remotePath()).matches("/opt/work/script_\\d+\\.sh");
        assertThat(config(null, "setup.sh", null, null, false).remotePath()).isEqualTo("/tmp/setup.sh");
        assertThat(config("/opt", "setup.sh", null, null, false).remotePath()).isEqualTo("/opt/setup.sh");
    }

    @Test
    void anExplicitRemotePathWins() {
        ShellProvisionerConfig c = config("/opt", "setup.sh", "/root/run.sh", null, false);

        assertThat(c.remotePath()).isEqualTo("/root/run.sh");
        assertThat(c.remoteFolder()).isEqualTo("/opt");
    }

    @Test
    void anEmptyListOfValidExitCodesMeansZero() {
        assertThat(config(null, null, null, List.of(), false).validExitCodes()).containsExactly(0);
        assertThat(config(null, null, null, List.of(0, 3), false).validExitCodes()).containsExactly(0, 3);
    }

    @Test
    void useEnvVarFileChangesTheDefaultFormatAndCommand() {
        ShellProvisionerConfig c = config(null, null, null, null, true);

        assertThat(c.envVarFormat()).isEqualTo("export %s='%s'\n");
        assertThat(c.executeCommand()).isEqualTo("chmod +x {{.Path}}; . {{.EnvVarFile}} && {{.Path}}");
    }

    @Test
    void emptyStringsCountAsAbsentAndNullElementsBecomeZeroValues() {
        ShellProvisionerConfig c = new ShellProvisionerConfig(Arrays.asList("a", null), "", "", null,
                Arrays.asList((String) null), "", "", "", "", "", Arrays.asList(0, null), false, false, false, null,
                false);

        assertThat(c.inline()).containsExactly("a", "");
        assertThat(c.inlineShebang()).isEqualTo("/bin/sh -e");
        assertThat(c.script()).isNull();
        assertThat(c.environmentVars()).containsExactly("");
        assertThat(c.envVarFormat()).isEqualTo("%s='%s' ");
        assertThat(c.executeCommand()).isEqualTo("chmod +x {{.Path}}; {{.Vars}} {{.Path}}");
        assertThat(c.remotePath()).startsWith("/tmp/script_");
        assertThat(c.validExitCodes()).containsExactly(0, 0);
        assertThat(c.pauseAfter()).isNull();
    }

    @Test
    void listsAreUnmodifiableCopies() {
        List<String> inline = new java.util.ArrayList<>(List.of("one"));
        ShellProvisionerConfig c = new ShellProvisionerConfig(inline, null, null, null, null, null, null, null, null,
                null, null, false, false, false, null, false);
        inline.add("two");

        assertThat(c.inline()).containsExactly("one");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.inline().add("x"))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
