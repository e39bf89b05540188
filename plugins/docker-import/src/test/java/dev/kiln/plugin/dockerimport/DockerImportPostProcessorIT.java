package dev.kiln.plugin.dockerimport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.api.Artifact;
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
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker-import of a docker build's export_path, with changes, against the real engine. */
@Tag("docker")
class DockerImportPostProcessorIT {

    static TestEngine engine;

    @TempDir
    Path dir;

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

    @Test
    void importsAnExportWithChanges() throws Exception {
        Path tar = dir.resolve("export/fs.tar");
        DockerBuilderConfig config = new DockerBuilderConfig(engine.busyboxImage(), false, false, false,
                tar.toString(), null, null, null, null, false, null, null, null, null, null, null, null,
                null, null, null, false, null, null, null, null, false, null, null);
        Artifact exported = new DockerBuilder().build(new TestBuildContext(new RecordingUi(), c ->
                assertThat(c.execute("echo imported > /x", OutputListener.to(new RecordingUi()))).isZero()),
                config);

        RecordingUi ui = new RecordingUi();
        PostProcessContext context = new PostProcessContext() {
            @Override public Ui ui() { return ui; }
            @Override public String buildName() { return "docker"; }
            @Override public String builderType() { return "docker"; }
            @Override public String render(String template, Map<String, ?> data) { return template; }
        };
        PostProcessResult result = new DockerImportPostProcessor().process(context, exported,
                new DockerImportPostProcessorConfig("kiln-test/imported", "it",
                        List.of("CMD [\"cat\",\"/x\"]", "ENV A=1", "LABEL " + TestEngine.TEST_LABEL + "=true"),
                        null, null));

        Artifact image = result.artifact();
        assertThat(image.id()).isEqualTo("kiln-test/imported:it");
        assertThat(image.kind()).isEqualTo(DockerImageArtifact.KIND_IMAGE);
        TestEngine.ImageInfo info = engine.inspectImage("kiln-test/imported:it");
        assertThat(info.id()).isEqualTo(image.metadata().get(DockerImageArtifact.IMAGE_SHA256));
        assertThat(info.cmd()).containsExactly("cat", "/x");
        assertThat(info.env()).contains("A=1");
        assertThat(ui.lines()).containsExactly("detail: Importing image: " + tar,
                "detail: Repository: kiln-test/imported:it", "detail: Imported ID: " + info.id());
        String container = engine.startContainer("kiln-test/imported:it");
        assertThat(engine.exec(container, "cat", "/x").stdout()).isEqualTo("imported");
        assertThat(result.keepInput()).isFalse();
        engine.driver().removeContainer(container);

        image.destroy();
        assertThat(engine.imageExists("kiln-test/imported:it")).isFalse();
    }
}
