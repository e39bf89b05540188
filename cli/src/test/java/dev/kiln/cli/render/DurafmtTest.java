package dev.kiln.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurafmtTest {

    @ParameterizedTest
    @CsvSource({
            "2455000000, 2 seconds 455 milliseconds",
            "729163000, 729 milliseconds 163 microseconds",
            "302000000000, 5 minutes 2 seconds",
            "1000000000, 1 second",
            "60000000000, 1 minute",
            "12000, 12 microseconds",
            "0, 0 microseconds",
    })
    void formatsTheTwoLargestUnitsLikePacker(long nanos, String expected) {
        assertThat(Durafmt.format(Duration.ofNanos(nanos))).isEqualTo(expected);
    }
}
