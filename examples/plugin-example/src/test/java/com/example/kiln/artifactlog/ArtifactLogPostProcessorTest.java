package com.example.kiln.artifactlog;

import static com.example.kiln.artifactlog.FakePostProcessContext.artifact;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.api.Artifact;
import dev.kiln.api.KilnException;
import dev.kiln.api.PostProcessResult;
import dev.kiln.api.PostProcessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactLogPostProcessorTest {

    @TempDir
    Path dir;

    private final ArtifactLogPostProcessor log =
            new ArtifactLogPostProcessor(Clock.fixed(Instant.parse("2024-05-01T12:00:00Z"), ZoneOffset.UTC));

    @Test
    void identityAndRegistration() {
        assertThat(log.type()).isEqualTo("example-artifact-log");
        assertThat(log.configType()).isEqualTo(ArtifactLogConfig.class);
        @SuppressWarnings("rawtypes")
        List<String> registered = ServiceLoader.load(PostProcessor.class).stream()
                .map(provider -> provider.type().getName()).toList();
        assertThat(registered).containsExactly(ArtifactLogPostProcessor.class.getName());
    }

    @Test
    void appendsOneLinePerArtifactAndPassesTheArtifactOn() throws Exception {
        Path output = dir.resolve("logs/artifacts.log");
        FakePostProcessContext web = new FakePostProcessContext("web");
        Artifact image = artifact("docker", "sha256:abc", List.of());
        Artifact export = artifact("docker", "Container", List.of("out/a.tar", "out/b.tar"));

        PostProcessResult first = log.process(web, image, new ArtifactLogConfig(output.toString()));
        log.process(new FakePostProcessContext("db"), export, new ArtifactLogConfig(output.toString()));

        assertThat(Files.readAllLines(output)).containsExactly(
                "2024-05-01T12:00:00Z\tweb\tdocker\tsha256:abc\t",
                "2024-05-01T12:00:00Z\tdb\tdocker\tContainer\tout/a.tar,out/b.tar");
        assertThat(first.artifact()).isSameAs(image);
        assertThat(first.keepInput()).isFalse();
        assertThat(web.recorded().lines()).containsExactly("detail: Logged artifact 'sha256:abc' to " + output);
    }

    @Test
    void tabsAndLineBreaksInAValueNeverSplitALine() throws Exception {
        Path output = dir.resolve("a.log");
        log.process(new FakePostProcessContext("two\nlines"), artifact("x\ty", "id\r\n", List.of()),
                new ArtifactLogConfig(output.toString()));
        assertThat(Files.readAllLines(output)).containsExactly("2024-05-01T12:00:00Z\ttwo lines\tx y\tid  \t");
    }

    @Test
    void parallelBuildsEachGetTheirWholeLine() throws Exception {
        Path output = dir.resolve("a.log");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String id = "image-" + i + "-" + "x".repeat(500);
                done.add(pool.submit(() -> log.process(new FakePostProcessContext("b"), artifact("docker", id,
                        List.of()), new ArtifactLogConfig(output.toString()))));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(Files.readAllLines(output)).hasSize(64)
                .allMatch(line -> line.matches("2024-05-01T12:00:00Z\tb\tdocker\timage-\\d+-x{500}\t"));
    }

    @Test
    void anUnwritableLogFailsNamingIt() throws Exception {
        Files.writeString(dir.resolve("file"), "in the way");
        Path output = dir.resolve("file/a.log");
        assertThatThrownBy(() -> log.process(new FakePostProcessContext("b"), artifact("docker", "i", List.of()),
                new ArtifactLogConfig(output.toString())))
                .isInstanceOf(KilnException.class)
                .hasMessageStartingWith("Artifact log '" + output + "' could not be written (");
    }

    @Test
    void validation() {
        assertThat(new ArtifactLogConfig(null).output()).isEqualTo("kiln-artifacts.log");
        assertThat(log.validate(new ArtifactLogConfig(null))).isEmpty();
        assertThat(log.validate(new ArtifactLogConfig(" "))).containsExactly(
                "output: name the log file, e.g. 'kiln-artifacts.log'");
        assertThat(log.validate(new ArtifactLogConfig("bad\u0000name"))).containsExactly(
                "output 'bad\u0000name' is not a valid file name: Nul character not allowed");
    }
}
