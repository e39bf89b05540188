package dev.kiln.plugin.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

    @ParameterizedTest
    @CsvSource({
        "5s, 5000000000",
        "0, 0",
        "0s, 0",
        "1m30s, 90000000000",
        "1.5h, 5400000000000",
        "500ms, 500000000",
        "250us, 250000",
        "250µs, 250000",
        "7ns, 7",
        ".5s, 500000000",
        "-2s, -2000000000",
        "1h2m3.5s, 3723500000000",
    })
    void parsesGoDurations(String text, long nanos) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "s", "five seconds", "5 s", "5d", "1.s.", ".s", "-"})
    void rejectsWhatGoRejects(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0s",
        "5000000000, 5s",
        "90000000000, 1m30s",
        "3600000000000, 1h0m0s",
        "3723500000000, 1h2m3.5s",
        "500000000, 500ms",
        "1500000, 1.5ms",
        "250000, 250µs",
        "7, 7ns",
        "-2000000000, -2s",
    })
    void printsLikeGo(long nanos, String text) {
        assertThat(GoDuration.format(Duration.ofNanos(nanos))).isEqualTo(text);
    }
}
