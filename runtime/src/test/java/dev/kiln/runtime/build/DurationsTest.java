package dev.kiln.runtime.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.api.ConfigException;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"30s, 30000", "5m, 300000", "1h30m, 5400000", "2.5s, 2500", "300ms, 300", "1m0.5s, 60500", "0, 0"})
    void parsesGoDurations(String text, long millis) {
        assertThat(Durations.parse(text, "timeout")).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "soon", "5 m", "1x"})
    void refusesWhatGoRefuses(String text) {
        assertThatThrownBy(() -> Durations.parse(text, "timeout")).isInstanceOf(ConfigException.class)
                .hasMessage("timeout: '" + text + "' is not a duration; write it like '30s', '5m' or '1h30m'.");
    }

    @ParameterizedTest
    @CsvSource({"200, 200ms", "1500, 1.5s", "10000, 10s", "90000, 1m30s", "5400250, 1h30m0.25s"})
    void formatsLikeGo(long millis, String text) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
    }
}
