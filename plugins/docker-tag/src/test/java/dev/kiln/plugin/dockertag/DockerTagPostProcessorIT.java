package dev.kiln.plugin.dockertag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.api.Artifact;
import dev.kiln.api.PostProcessContext;
import dev.kiln.api.PostProcessResult;
import dev.kiln.api.Ui;
import dev.kiln.api.testing.RecordingUi;
import dev.kiln.docker.engine.DockerDriver;
import dev.kiln.plugin.docker.DockerBuilder;
import dev.kiln.plugin.docker.DockerBuilderConfig;
import dev.kiln.plugin.docker.testing.TestBuildContext;
import dev.kiln.plugin.docker.testing.TestEngine;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** docker-tag on an image the docker builder committed, against the real engine. */
@Tag("docker")
class DockerTagPostProcessorIT {

    static TestEngine engine;

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
    void tagsACommittedImage() throws Exception {
        DockerBuilderConfig config = new DockerBuilderConfig(engine.busyboxImage(), false, true, false, null,
                List.of("LABEL stage=tag-it"), null, null, null, false, null, null, null, null, null, null, null,
                null, null, null, false, null, null, null, null, false, null, null);
        Artifact built = new DockerBuilder().build(new TestBuildContext(new RecordingUi(), c -> { }), config);

        RecordingUi ui = new RecordingUi();
        PostProcessContext context = new PostProcessContext() {
            @Override public Ui ui() { return ui; }
            @Override public String buildName() { return "docker"; }
            @Override public String builderType() { return "docker"; }
            @Override public String render(String template, Map<String, ?> data) { return template; }
        };
        PostProcessResult result = new DockerTagPostProcessor().process(context, built,
                new DockerTagPostProcessorConfig("kiln-test/tagged", null, List.of("one", "two"), true, null));

        assertThat(engine.inspectImage("kiln-test/tagged:one").id()).isEqualTo(built.id());
        assertThat(engine.inspectImage("kiln-test/tagged:two").id()).isEqualTo(built.id());
        Artifact tagged = result.artifact();
        assertThat(tagged.id()).isEqualTo("kiln-test/tagged:two");
        assertThat(tagged.describe())
                .isEqualTo("Imported Docker image: kiln-test/tagged:two with tags kiln-test/tagged:one kiln-test/tagged:two");
        assertThat(ui.lines()).contains("detail: Tagging image: " + built.id(), "detail: Repository: kiln-test/tagged:one");

        engine.driver().tag(built.id(), "kiln-test/keep", "me", false);
        tagged.destroy();
        assertThat(engine.imageExists("kiln-test/tagged:one")).isFalse();
        assertThat(engine.imageExists("kiln-test/tagged:two")).isFalse();
        assertThat(engine.imageExists(built.id())).as("another name keeps the image").isTrue();
        engine.driver().removeImage("kiln-test/keep:me", false);
        assertThat(engine.imageExists(built.id())).as("removing the last name removes the image").isFalse();
        assertThat(engine.countKilnContainers()).isZero();
    }

    @Test
    void theBuilderItsCommunicatorAndTheTagShareOneEngineClientClosedWithTheBuild() throws Exception {
        DockerBuilderConfig config = new DockerBuilderConfig(engine.busyboxImage(), false, true, false, null,
                List.of("LABEL stage=shared-it"), null, null, null, false, null, null, null, null, null, null, null,
                null, null, null, false, null, null, null, null, false, null, null);
        TestBuildContext build = new TestBuildContext(new RecordingUi(), communicator ->
                assertThat(communicator.execute("true", dev.kiln.api.OutputListener.to(new RecordingUi()))).isZero());
        Artifact built = new DockerBuilder().build(build, config);
        Artifact tagged = new DockerTagPostProcessor().process(build, built,
                new DockerTagPostProcessorConfig("kiln-test/shared", null, List.of("one"), true, null)).artifact();
        tagged.destroy();
        built.destroy();

        assertThat(build.connections()).hasSize(1);
        assertThat(build.buildResourceKeys()).filteredOn(key -> key.contains(":client:")).hasSize(1);
        DockerDriver shared = dev.kiln.docker.engine.DockerEngines.forBuild(build, null);
        shared.ping();
        build.endBuild();
        assertThatThrownBy(shared::ping).isInstanceOf(RuntimeException.class);
        assertThat(engine.imageExists(built.id())).isFalse();
    }
}
