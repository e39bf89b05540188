package dev.kiln.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.runtime.event.BuildFinished;
import dev.kiln.runtime.event.EventBus;
import dev.kiln.runtime.event.LogEvent;
import dev.kiln.runtime.event.LogEvent.Level;
import dev.kiln.runtime.event.ProgressEvent;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LiveRendererTest {

    private final VtScreen screen = new VtScreen();
    private final StatusArea area = new StatusArea(screen, StandardCharsets.UTF_8, () -> 100);
    private final PrintStream out = new PrintStream(area.stream(), true, StandardCharsets.UTF_8);
    private final AtomicLong now = new AtomicLong();
    private final LiveRenderer renderer = new LiveRenderer(new PackerRenderer(out, out, false), area, now::get);
    private final EventBus bus = new EventBus();

    LiveRendererTest() {
        renderer.attach(bus);
    }

    @Test
    void eachRunningBuildShowsItsElapsedTimeAndLastHeadlineBelowTheOutput() {
        renderer.start(List.of("docker", "alpine"));
        bus.publish(new LogEvent("docker", "docker", Level.SAY, "Creating a temporary directory"));
        now.addAndGet(Duration.ofSeconds(3).toNanos());
        bus.publish(new LogEvent("alpine", "alpine", Level.SAY, "Pulling Docker image: alpine"));
        bus.publish(new LogEvent("docker", "docker", Level.DETAIL, "a detail does not change the status"));
        now.addAndGet(Duration.ofSeconds(62).toNanos());
        renderer.tick();

        assertThat(screen.rows()).containsExactly(
                "==> docker: Creating a temporary directory",
                "==> alpine: Pulling Docker image: alpine",
                "    docker: a detail does not change the status",
                "docker  1:05  Creating a temporary directory",
                "alpine  1:02  Pulling Docker image: alpine");
    }

    @Test
    void progressShowsABarUntilTheNextHeadline() {
        renderer.start(List.of("docker"));
        bus.publish(new LogEvent("docker", "docker", Level.SAY, "Exporting image"));
        bus.publish(new ProgressEvent("docker", "docker", "Saving busybox:latest", 12_500_000, 50_000_000));
        renderer.tick();

        assertThat(screen.rows()).last().isEqualTo(
                "docker  0:00  [======>                 ] 12.5 MB / 50.0 MB  Saving busybox:latest");

        bus.publish(new ProgressEvent("docker", "docker", "Exporting", 1_234, -1));
        renderer.tick();
        assertThat(screen.rows()).last().isEqualTo("docker  0:00  1.2 kB  Exporting");

        bus.publish(new LogEvent("docker", "docker", Level.SAY, "Committing the container"));
        renderer.tick();
        assertThat(screen.rows()).last().isEqualTo("docker  0:00  Committing the container");
    }

    @Test
    void aFinishedBuildLeavesTheAreaAndTheSummaryLeavesNoStatusBehind() {
        renderer.start(List.of("a", "b"));
        bus.publish(new LogEvent("a", "a", Level.SAY, "Working"));
        bus.publish(new LogEvent("b", "b", Level.SAY, "Working too"));
        bus.publish(new BuildFinished("a", Duration.ofSeconds(1), null, false, List.of()));
        renderer.tick();
        assertThat(screen.rows()).last().isEqualTo("b  0:00  Working too");

        bus.publish(new BuildFinished("b", Duration.ofSeconds(1), null, false, List.of()));
        renderer.summary(List.of(), Duration.ofSeconds(1), false);

        assertThat(screen.rows()).noneMatch(row -> row.contains("0:00"))
                .contains("==> Wait completed after 1 second", "==> Builds finished but no artifacts were created.");
    }

    @Test
    void manyParallelBuildsShowAtMostAFewLines() {
        renderer.start(List.of());
        for (int i = 0; i < 12; i++) {
            bus.publish(new LogEvent("build-" + i, "build-" + i, Level.SAY, "Running"));
        }
        renderer.tick();

        List<String> status = renderer.render();
        assertThat(status).hasSize(LiveRenderer.MAX_LINES).last().isEqualTo("... and 5 more builds");
    }

    @Test
    void closingWithoutASummaryStillTakesTheAreaOffTheScreen() {
        renderer.start(List.of("docker"));
        bus.publish(new LogEvent("docker", "docker", Level.SAY, "Working"));
        renderer.tick();
        renderer.close();

        assertThat(screen.rows()).containsExactly("==> docker: Working");
    }

    @Test
    void formats() {
        assertThat(LiveRenderer.elapsed(Duration.ofSeconds(7))).isEqualTo("0:07");
        assertThat(LiveRenderer.elapsed(Duration.ofSeconds(754))).isEqualTo("12:34");
        assertThat(LiveRenderer.elapsed(Duration.ofSeconds(3723))).isEqualTo("1:02:03");
        assertThat(LiveRenderer.bytes(999)).isEqualTo("999 B");
        assertThat(LiveRenderer.bytes(1_000)).isEqualTo("1.0 kB");
        assertThat(LiveRenderer.bytes(316_700_000)).isEqualTo("316.7 MB");
        assertThat(LiveRenderer.bar(0, 10)).isEqualTo("[>                       ]");
        assertThat(LiveRenderer.bar(10, 10)).isEqualTo("[========================]");
        assertThat(LiveRenderer.bar(20, 10)).isEqualTo("[========================]");
    }
}
