package dev.kiln.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusAreaTest {

    private final VtScreen screen = new VtScreen();
    private int width = 40;
    private final StatusArea area = new StatusArea(screen, StandardCharsets.UTF_8, () -> width);
    private final PrintStream out = new PrintStream(area.stream(), true, StandardCharsets.UTF_8);

    @Test
    void withoutStatusOutputPassesThroughUnchanged() {
        out.print("a partial line, ");
        out.flush();
        out.println("completed");

        assertThat(screen.toString(StandardCharsets.UTF_8)).isEqualTo("a partial line, completed\n");
    }

    @Test
    void outputScrollsAboveTheStatusLinesWhichStayAtTheBottom() {
        out.println("==> docker: first");
        area.set(List.of("docker  0:01  Pulling", "other  0:00  Waiting"));
        area.refresh();
        out.println("==> docker: second");
        out.println("==> other: third");

        assertThat(screen.rows()).containsExactly("==> docker: first", "==> docker: second", "==> other: third",
                "docker  0:01  Pulling", "other  0:00  Waiting");
    }

    @Test
    void aShorterStatusLeavesNoRowOfTheLongerOneBehind() {
        area.set(List.of("one", "two", "three"));
        area.refresh();
        area.set(List.of("only"));
        area.refresh();

        assertThat(screen.rows()).containsExactly("only");
    }

    @Test
    void clearLeavesTheScreenAsPlainOutputWould() {
        out.println("line 1");
        area.set(List.of("docker  0:05  Provisioning"));
        area.refresh();
        out.println("line 2");
        area.clear();
        out.println("line 3");

        assertThat(screen.rows()).containsExactly("line 1", "line 2", "line 3");
    }

    @Test
    void aPartialLineWaitsForItsEndSoTheStatusIsNeverDrawnAfterIt() {
        area.set(List.of("status"));
        area.refresh();
        out.print("half ");
        out.flush();
        area.refresh();
        out.println("and the rest");

        assertThat(screen.rows()).containsExactly("half and the rest", "status");
    }

    @Test
    void linesAreCutToTheTerminalsWidthSoNoneWraps() {
        width = 20;
        area.set(List.of("docker  0:05  " + "x".repeat(50), "wide: 日本語日本語日本語日本語"));
        area.refresh();

        assertThat(screen.rows()).containsExactly("docker  0:05  xxxxx", "wide: 日本語日本語");
    }

    @Test
    void controlCharactersInAStatusLineCannotMoveTheCursor() {
        area.set(List.of("evil\r\033[2Kline\n"));
        area.refresh();

        assertThat(screen.rows()).containsExactly("evil  [2Kline ");
    }

    @Test
    void whilePausedTheAreaIsOffTheScreenAndAQuestionsPartialLineShows() {
        area.set(List.of("docker  0:05  Provisioning"));
        area.refresh();
        out.print("Continue? ");
        area.pause();
        area.refresh();
        out.println("yes");
        area.resume();

        assertThat(screen.rows()).containsExactly("Continue? yes", "docker  0:05  Provisioning");
    }
}
