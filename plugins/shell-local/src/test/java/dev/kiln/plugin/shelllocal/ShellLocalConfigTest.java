package dev.kiln.plugin.shelllocal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShellLocalConfigTest {

    @Test
    void fillsInPackersDefaults() {
        ShellLocalConfig c = ShellLocalConfig.ofInline("echo hi");

        assertThat(c.inlineShebang()).isEqualTo("/bin/sh -e");
        assertThat(c.envVarFormat()).isEqualTo("%s='%s' ");
        assertThat(c.executeCommand()).containsExactly("/bin/sh", "-c", "{{.Vars}} {{.Script}}");
        assertThat(c.validExitCodes()).containsExactly(0);
        assertThat(c.command()).isNull();
        assertThat(c.script()).isNull();
        assertThat(c.scripts()).isEmpty();
        assertThat(c.environmentVars()).isEmpty();
        assertThat(c.onlyOn()).isEmpty();
        assertThat(c.tempfileExtension()).isNull();
    }

    @Test
    void emptyValuesCountAsAbsentAndNullElementsBecomeZeroValues() {
        ShellLocalConfig c = new ShellLocalConfig("", Arrays.asList("a", null), " ", "", null,
                Arrays.asList((String) null), "", List.of(), null, "", Arrays.asList(0, null));

        assertThat(c.command()).isNull();
        assertThat(c.inline()).containsExactly("a", "");
        assertThat(c.inlineShebang()).isEqualTo("/bin/sh -e");
        assertThat(c.script()).isNull();
        assertThat(c.environmentVars()).containsExactly("");
        assertThat(c.envVarFormat()).isEqualTo("%s='%s' ");
        assertThat(c.executeCommand()).isEqualTo(ShellLocalConfig.DEFAULT_EXECUTE_COMMAND);
        assertThat(c.tempfileExtension()).isNull();
        assertThat(c.validExitCodes()).containsExactly(0, 0);
    }

    @Test
    void anEmptyListOfValidExitCodesMeansZero() {
        ShellLocalConfig c = new ShellLocalConfig("true", null, null, null, null, null, null, null, null, null,
                List.of());

        assertThat(c.validExitCodes()).containsExactly(0);
    }
}
