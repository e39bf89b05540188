package dev.kiln.runtime.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.api.OutputListener;
import dev.kiln.runtime.event.EventBus;
import dev.kiln.runtime.event.LogEvent;
import dev.kiln.runtime.event.LogEvent.Level;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The Ui components report through masks every line, and masks a line passed in parts (what a communicator does
 * with a line over its limit) as one text, wherever a part boundary cuts a sensitive value.
 */
class EventUiTest {

    private static final String SECRET = "s3cr3t-Kiln-42";
    /** The part size of the docker communicator and shell-local. */
    private static final int PART = 64 * 1024;

    private final List<LogEvent> events = new CopyOnWriteArrayList<>();
    private final EventUi ui = ui(Set.of(SECRET));

    private EventUi ui(Set<String> secrets) {
        EventBus bus = new EventBus().subscribe(LogEvent.class, events::add);
        return new EventUi(bus, "docker", "docker", new Masker(secrets), Prompter.NONE);
    }

    /** Passes {@code line} as a communicator does: parts of {@code PART} characters, the last one ending it. */
    private static void passInParts(OutputListener listener, String line) {
        int at = 0;
        while (line.length() - at > PART) {
            listener.stdoutPart(line.substring(at, at + PART));
            at += PART;
        }
        listener.stdout(line.substring(at));
    }

    private String text() {
        StringBuilder text = new StringBuilder();
        events.forEach(e -> text.append(e.message()));
        return text.toString();
    }

    @Test
    void wholeLinesAreMaskedOneByOne() {
        ui.say("Provisioning with " + SECRET);
        ui.detail("echo " + SECRET);
        ui.warn(SECRET);
        ui.error("failed: " + SECRET);

        assertThat(events).extracting(LogEvent::level, LogEvent::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Level.SAY, "Provisioning with <sensitive>"),
                org.assertj.core.groups.Tuple.tuple(Level.DETAIL, "echo <sensitive>"),
                org.assertj.core.groups.Tuple.tuple(Level.WARN, "<sensitive>"),
                org.assertj.core.groups.Tuple.tuple(Level.ERROR, "failed: <sensitive>"));
    }

    @Test
    void aValueThatStraddlesAPartBoundaryIsMaskedWhole() {
        String line = "x".repeat(PART - 5) + SECRET + "y".repeat(10);

        passInParts(OutputListener.to(ui), line);

        assertThat(text()).isEqualTo("x".repeat(PART - 5) + "<sensitive>" + "y".repeat(10));
        assertThat(events).allSatisfy(e -> assertThat(e.level()).isEqualTo(Level.DETAIL))
                .allSatisfy(e -> assertThat(e.message()).doesNotContain("s3c", "42"));
        assertThat(events).hasSize(2);
    }

    @Test
    void aValueAtEveryOffsetAroundTheBoundaryIsMaskedWhole() {
        for (int offset = -SECRET.length(); offset <= 1; offset++) {
            events.clear();
            String line = "x".repeat(PART + offset) + SECRET + "z";

            passInParts(OutputListener.to(ui), line);

            assertThat(text()).as("secret at %d", PART + offset).isEqualTo("x".repeat(PART + offset) + "<sensitive>z");
        }
    }

    @Test
    void aValueAtTheVeryStartOrEndOfAnOverLongLineIsMasked() {
        String line = SECRET + "m".repeat(3 * PART) + SECRET;

        passInParts(OutputListener.to(ui), line);

        assertThat(text()).isEqualTo("<sensitive>" + "m".repeat(3 * PART) + "<sensitive>");
        assertThat(events).hasSize(4);
    }

    @Test
    void aValueLongerThanAPartIsMaskedAcrossSeveralParts() {
        String huge = "H" + "u".repeat(PART * 2) + "ge";
        EventUi hugeUi = ui(Set.of(huge));

        passInParts(OutputListener.to(hugeUi), "[" + huge + "]");

        assertThat(text()).isEqualTo("[<sensitive>]");
    }

    @Test
    void partsOfStandardErrorAreMaskedApartFromStandardOutput() {
        OutputListener listener = OutputListener.to(ui);

        listener.stdoutPart("out " + SECRET.substring(0, 4));
        listener.stderrPart("err " + SECRET.substring(0, 6));
        listener.stderr(SECRET.substring(6));
        listener.stdout(SECRET.substring(4));

        assertThat(events).extracting(LogEvent::level, LogEvent::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Level.DETAIL, "out "),
                org.assertj.core.groups.Tuple.tuple(Level.ERROR, "err "),
                org.assertj.core.groups.Tuple.tuple(Level.ERROR, "<sensitive>"),
                org.assertj.core.groups.Tuple.tuple(Level.DETAIL, "<sensitive>"));
    }

    @Test
    void aLineThatEndsRightAfterItsPartsAddsNoEmptyLine() {
        ui.detailPart("a".repeat(10));
        ui.detail("");
        ui.detail("");

        assertThat(events).extracting(LogEvent::message).containsExactly("a".repeat(10), "");
    }

    @Test
    void aStartOfAValueThatTheLineDoesNotCompleteIsShownWhenTheLineEnds() {
        ui.detailPart("ends with s3cr");
        ui.detail("");

        assertThat(text()).isEqualTo("ends with s3cr");
    }
}
