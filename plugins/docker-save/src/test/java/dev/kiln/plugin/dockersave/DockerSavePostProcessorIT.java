package dev.kiln.plugin.dockersave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.api.Artifact;
import dev.kiln.api.KilnException;
import dev.kiln.api.OutputListener;
import dev.kiln.api.PostProcessContext;
import dev.kiln.api.PostProcessResult;
import dev.kiln.api.Ui;
import dev.kiln.api.testing.RecordingUi;
import dev.kiln.docker.engine.DockerImageArtifact;
import dev.kiln.plugin.docker.DockerBuilder;
import dev.kiln.plugin.docker.DockerBuilderConfig;
import dev.kiln.plugin.docker.testing.TestBuildContext;
import dev.kiln.plugin.docker.testing.TestEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker-save of an image the docker builder committed, against the real engine, loaded back with the engine API. */
@Tag("docker")
class DockerSavePostProcessorIT {

    static TestEngine engine;

    @TempDir
    Path dir;

    private final RecordingUi ui = new RecordingUi();
    private final PostProcessContext context = new PostProcessContext() {
        @Override public Ui ui() { return ui; }
        @Override public String buildName() { return "docker"; }
        @Override public String builderType() { return "docker"; }
        @Override public String render(String template, Map<String, ?> data) { return template; }
    };

    @BeforeAll
    static void engine() {
        engine = TestEngine.connect();
    }

    @AfterAll
    static void clean() {
        if (engine != null) {
            engine.removeTestObjects();
            engine.close();
        }
    }

    private static Artifact commit() throws InterruptedException {
        DockerBuilderConfig config = new DockerBuilderConfig(engine.busyboxImage(), false, true, false, null,
                List.of("LABEL stage=save-it"), null, null, null, false, null, null, null, null, null, null, null,
                null, null, null, false, null, null, null, null, false, null, null);
        return new DockerBuilder().build(new TestBuildContext(new RecordingUi(), c ->
                assertThat(c.execute("echo saved > /marker", OutputListener.to(new RecordingUi()))).isZero()),
                config);
    }

    private static List<String> filesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(p -> !p.equals(folder)).map(p -> folder.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void aSavedImageLoadsBackAsTheSameImageUnderItsName() throws Exception {
        Artifact built = commit();
        engine.driver().tag(built.id(), "kiln-test/saved", "1", false);
        Artifact tagged = ((DockerImageArtifact) built).retagged("docker-tag", "kiln-test/saved:1",
                List.of("kiln-test/saved:1"));
        Path target = dir.resolve("not there yet/with space/saved.tar");

        PostProcessResult result = new DockerSavePostProcessor().process(context, tagged,
                new DockerSavePostProcessorConfig(target.toString(), null, null));

        assertThat(filesIn(dir)).containsExactly("not there yet", "not there yet/with space",
                "not there yet/with space/saved.tar");
        assertThat(result.artifact().files()).containsExactly(target.toString());
        assertThat(result.artifact().metadata()).containsEntry(DockerImageArtifact.IMAGE_SHA256, built.id());
        assertThat(ui.lines()).containsExactly("detail: Saving image: kiln-test/saved:1",
                "detail: Saved to: " + target);
        // against the image's size as the engine reports it; the last report is the whole file
        long size = engine.driver().imageSize("kiln-test/saved:1");
        assertThat(size).isPositive();
        assertThat(ui.progress()).last()
                .isEqualTo("Saving kiln-test/saved:1 " + Files.size(target) + "/" + size);

        assertThat(engine.driver().removeImage(built.id(), true)).isTrue();
        assertThat(engine.imageExists("kiln-test/saved:1")).isFalse();
        List<String> loaded = engine.driver().loadImage(out -> Files.copy(target, out));
        assertThat(loaded).containsExactly("kiln-test/saved:1");
        assertThat(engine.inspectImage("kiln-test/saved:1").id()).isEqualTo(built.id());
        String container = engine.startContainer("kiln-test/saved:1");
        assertThat(engine.exec(container, "cat", "/marker").stdout()).isEqualTo("saved");
    }

    @Test
    void anUnwritableTargetFailsNamingThePathAndLeavesNoFile() throws Exception {
        Artifact built = commit();
        Path file = Files.writeString(dir.resolve("a file"), "x");
        Path target = file.resolve("saved.tar");

        assertThatThrownBy(() -> new DockerSavePostProcessor().process(context, built,
                new DockerSavePostProcessorConfig(target.toString(), null, null)))
                .isInstanceOf(KilnException.class)
                .hasMessage("Saving image '" + built.id() + "' to '" + target + "' failed: '" + file + "' is a "
                        + "file, not a folder; choose another path.");
        assertThat(filesIn(dir)).containsExactly("a file");
    }

    @Test
    void aMissingImageFailsAndLeavesNoTemporaryFile() throws Exception {
        String missing = "sha256:" + "0".repeat(64);
        Path target = dir.resolve("out/missing.tar");
        assertThatThrownBy(() -> new DockerSavePostProcessor().process(context,
                DockerImageArtifact.committed(missing, null), new DockerSavePostProcessorConfig(target.toString(),
                        null, null)))
                .isInstanceOf(KilnException.class)
                .hasMessageStartingWith("Saving image '" + missing + "' failed at '");
        assertThat(filesIn(dir)).isEmpty();
    }
}
