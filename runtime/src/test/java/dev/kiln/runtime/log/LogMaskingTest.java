package dev.kiln.runtime.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogMaskingTest {

    @Test
    void aValueIsMaskedFromItsRegistrationUntilItCloses() {
        String value = "log-masking-" + System.nanoTime();
        assertThat(LogMasking.values()).doesNotContain(value);

        try (LogMasking.Registration registration = LogMasking.register()) {
            registration.add(List.of(value, ""));
            assertThat(LogMasking.values()).contains(value).doesNotContain("");
        }

        assertThat(LogMasking.values()).doesNotContain(value);
    }

    @Test
    void aValueTwoRegistrationsHoldStaysUntilBothHaveClosed() {
        String value = "shared-" + System.nanoTime();
        LogMasking.Registration first = LogMasking.register();
        LogMasking.Registration second = LogMasking.register();
        first.add(List.of(value));
        second.add(List.of(value));

        first.close();
        first.close(); // idempotent: must not take the second one's hold away
        assertThat(LogMasking.values()).contains(value);
        second.close();
        assertThat(LogMasking.values()).doesNotContain(value);
        first.add(List.of(value)); // a closed registration adds nothing
        assertThat(LogMasking.values()).doesNotContain(value);
    }

    @Test
    void theFormsAreTheValueAsJsonAQueryAndTheWireLogCarryIt() {
        assertThat(LogMasking.forms("plain-1")).containsExactly("plain-1");
        assertThat(LogMasking.forms("a b\"c/é")).contains("a b\"c/é", "a b\\\"c/é", "a+b%22c%2F%C3%A9",
                "a%20b%22c%2F%C3%A9", "a b\"c/[0xffffffc3][0xffffffa9]");
        assertThat(LogMasking.wire("x\r\ny\t")).isEqualTo("x[\\r][\\n]y[0x9]");
        // environment_vars in the exec command: shell-quoted, then JSON-escaped in the request body
        assertThat(LogMasking.forms("it's")).contains("it's", "it'\"'\"'s", "it'\\\"'\\\"'s");
    }

    @Test
    void theMaskingStreamMasksWhatIsRegisteredAtTheTimeOfEachLine() {
        String value = "stream-" + System.nanoTime();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = LogMasking.masking(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                StandardCharsets.UTF_8);

        try (LogMasking.Registration registration = LogMasking.register()) {
            err.println("before " + value);
            registration.add(List.of(value));
            err.println("during " + value + " and " + value.replace("-", "+"));
        }
        err.println("after " + value);
        err.flush();

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("before " + value + "\n"
                + "during <sensitive> and " + value.replace("-", "+") + "\n" + "after " + value + "\n");
    }
}
