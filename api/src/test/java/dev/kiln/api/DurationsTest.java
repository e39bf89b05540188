package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
        "5s, 5000000000", "0, 0", "0s, 0", "1m30s, 90000000000", "1.5h, 5400000000000", "500ms, 500000000",
        "250us, 250000", "250µs, 250000", "7ns, 7", ".5s, 500000000", "5.s, 5000000000", "-2s, -2000000000",
        "+3s, 3000000000", "1h2m3.5s, 3723500000000", "2.5s, 2500000000", "1m0.5s, 60500000000",
        "2562047h47m16.854775807s, 9223372036854775807",
    })
    void parsesGoDurations(String text, long nanos) {
        assertThat(Durations.parse(text, "timeout")).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "s", "soon", "five seconds", "5 m", "5 s", "5d", "1x", "1.s.", ".s", "-", "1h-5m"})
    void refusesWhatGoRefuses(String text) {
        assertThatThrownBy(() -> Durations.parse(text, "timeout")).isInstanceOf(ConfigException.class)
                .hasMessage("timeout: '" + text + "' is not a duration; write it like '30s', '5m' or '1h30m'.");
    }

    @Test
    void aDurationLongerThanGoAllowsIsOutOfRangeAsPackerSays() {
        assertThatThrownBy(() -> Durations.parse("99999999999999999999h", "timeout"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("timeout: '99999999999999999999h' is out of range: a duration is at most "
                        + "2562047h47m16.854775807s (about 292 years).");
        assertThatThrownBy(() -> Durations.parse("2562048h", "pause_before")).hasMessageContaining("out of range");
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0s", "5000000000, 5s", "90000000000, 1m30s", "3600000000000, 1h0m0s", "3723500000000, 1h2m3.5s",
        "500000000, 500ms", "1500000, 1.5ms", "250000, 250µs", "7, 7ns", "-2000000000, -2s", "200000000, 200ms",
        "1500000000, 1.5s", "5400250000000, 1h30m0.25s",
    })
    void formatsLikeGo(long nanos, String text) {
        assertThat(Durations.format(Duration.ofNanos(nanos))).isEqualTo(text);
    }
}
