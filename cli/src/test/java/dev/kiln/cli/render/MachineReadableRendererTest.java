package dev.kiln.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.runtime.event.ArtifactSummary;
import dev.kiln.runtime.event.BuildFinished;
import dev.kiln.runtime.event.EventBus;
import dev.kiln.runtime.event.LogEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class MachineReadableRendererTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final MachineReadableRenderer renderer = new MachineReadableRenderer(
            new PrintStream(bytes, true, StandardCharsets.UTF_8),
            Clock.fixed(Instant.ofEpochSecond(1795753627), ZoneOffset.UTC));

    private List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void uiLinesKeepThePackerPrefixAndEscapeCommasAndNewlines() {
        EventBus bus = new EventBus();
        renderer.attach(bus);

        bus.publish(new LogEvent("docker", "docker", LogEvent.Level.SAY, "Starting docker container..."));
        bus.publish(new LogEvent("docker", "docker", LogEvent.Level.DETAIL, "a, b\nc"));
        bus.publish(new LogEvent("docker", "docker", LogEvent.Level.ERROR, "stderr-line"));

        assertThat(lines()).containsExactly(
                "1795753627,,ui,say,==> docker: Starting docker container...",
                "1795753627,,ui,message,    docker: a%!(PACKER_COMMA) b\\nc",
                "1795753627,,ui,error,==> docker: stderr-line");
    }

    @Test
    void summaryListsEachArtifactAsPackerDoes() {
        ArtifactSummary image = new ArtifactSummary("docker", "sha256:abc", "Imported Docker image: sha256:abc",
                List.of());
        renderer.summary(List.of(new BuildFinished("docker", Duration.ofSeconds(2), null, false, List.of(image))),
                Duration.ofSeconds(2), false);

        assertThat(lines()).contains(
                "1795753627,docker,artifact-count,1",
                "1795753627,docker,artifact,0,builder-id,docker",
                "1795753627,docker,artifact,0,id,sha256:abc",
                "1795753627,docker,artifact,0,string,Imported Docker image: sha256:abc",
                "1795753627,docker,artifact,0,files-count,0",
                "1795753627,docker,artifact,0,end");
    }

    @Test
    void failedBuildsAreCountedAndListed() {
        renderer.summary(List.of(new BuildFinished("docker", Duration.ofSeconds(1), "Script exited, badly", false,
                List.of())), Duration.ofSeconds(1), false);

        assertThat(lines()).contains(
                "1795753627,,error-count,1",
                "1795753627,docker,error,Script exited%!(PACKER_COMMA) badly",
                "1795753627,,ui,say,\\n==> Builds finished but no artifacts were created.");
    }
}
