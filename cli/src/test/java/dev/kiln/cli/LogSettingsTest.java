package dev.kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import org.junit.jupiter.api.Test;

class LogSettingsTest {

    private static final String LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";
    private static final String WIRE = "org.slf4j.simpleLogger.log.com.github.dockerjava";

    @Test
    void unsetOrBlankIsOff() {
        assertThat(LogSettings.properties(null)).contains(entry(LEVEL, "off"), entry(WIRE, "off"),
                entry("org.slf4j.simpleLogger.logFile", "System.err"));
        assertThat(LogSettings.properties("  ")).contains(entry(LEVEL, "off"));
    }

    @Test
    void theProviderIsNamedTheOneThatDoesNothingWhenTheLogIsOffAndBothAreOnTheClassPath() throws Exception {
        String off = LogSettings.properties(null).get("slf4j.provider");
        String on = LogSettings.properties("debug").get("slf4j.provider");

        assertThat(off).isEqualTo("org.slf4j.helpers.NOP_FallbackServiceProvider");
        assertThat(on).isEqualTo("org.slf4j.simple.SimpleServiceProvider");
        for (String provider : List.of(off, on)) {
            assertThat(org.slf4j.spi.SLF4JServiceProvider.class.isAssignableFrom(Class.forName(provider))).isTrue();
        }
    }

    @Test
    void debugLeavesTheWireLogOff() {
        assertThat(LogSettings.properties("debug")).contains(entry(LEVEL, "debug"), entry(WIRE, "info"));
        assertThat(LogSettings.properties("TRACE")).contains(entry(LEVEL, "trace"), entry(WIRE, "info"));
        assertThat(LogSettings.properties("warn")).contains(entry(LEVEL, "warn"), entry(WIRE, "warn"));
    }

    @Test
    void wireByNameTurnsTheWireLogOnAtTheLevel() {
        assertThat(LogSettings.properties("debug,wire")).contains(entry(LEVEL, "debug"), entry(WIRE, "debug"));
        assertThat(LogSettings.properties("wire, trace")).contains(entry(LEVEL, "trace"), entry(WIRE, "trace"));
        assertThat(LogSettings.properties("wire")).contains(entry(LEVEL, "debug"), entry(WIRE, "debug"));
    }

    @Test
    void anyOtherValueIsDebugAsPackerLogOneIs() {
        assertThat(LogSettings.properties("1")).contains(entry(LEVEL, "debug"), entry(WIRE, "info"));
    }
}
