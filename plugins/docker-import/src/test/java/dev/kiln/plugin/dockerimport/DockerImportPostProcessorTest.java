package dev.kiln.plugin.dockerimport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.api.Artifact;
import dev.kiln.api.ConfigProblem;
import dev.kiln.api.KilnException;
import dev.kiln.api.PostProcessContext;
import dev.kiln.api.PostProcessResult;
import dev.kiln.api.Ui;
import dev.kiln.api.testing.RecordingUi;
import dev.kiln.docker.engine.DockerImageArtifact;
import dev.kiln.plugin.docker.DockerExportArtifact;
import dev.kiln.plugin.docker.testing.FakeDockerDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerImportPostProcessorTest {

    @TempDir
    Path dir;

    private final FakeDockerDriver driver = new FakeDockerDriver();
    private final DockerImportPostProcessor importer = new DockerImportPostProcessor((ctx, host) -> driver);
    private final RecordingUi ui = new RecordingUi();
    private final PostProcessContext context = new PostProcessContext() {
        @Override public Ui ui() { return ui; }
        @Override public String buildName() { return "web"; }
        @Override public String builderType() { return "docker"; }
        @Override public String render(String template, Map<String, ?> data) { return template; }
    };

    private Path exported() throws Exception {
        return Files.writeString(dir.resolve("fs.tar"), "flat file system");
    }

    @Test
    void identity() {
        assertThat(importer.type()).isEqualTo("docker-import");
        assertThat(importer.configType()).isEqualTo(DockerImportPostProcessorConfig.class);
        assertThat(importer.ignoredOptions()).isEmpty();
    }

    @Test
    void dockerPathIsAcceptedAndOnlyAnotherProgramThanDockerIsAWarning() {
        assertThat(importer.check(new DockerImportPostProcessorConfig("acme/app", null, null, null, "docker")))
                .isEmpty();
        assertThat(importer.check(new DockerImportPostProcessorConfig("acme/app", null, null, null, "podman")))
                .singleElement().satisfies(p -> {
                    assertThat(p.warning()).isTrue();
                    assertThat(p.option()).isEqualTo("docker_path");
                    assertThat(p.message()).startsWith("'podman' is ignored: Kiln talks to the engine's API directly");
                });
    }

    @Test
    void importsTheExportedFileWithChangesAndReturnsAnImageThatIsNotKeptByDefault() throws Exception {
        Path tar = exported();
        PostProcessResult result = importer.process(context, new DockerExportArtifact(tar),
                new DockerImportPostProcessorConfig("acme/app", "1.0", List.of("CMD [\"cat\",\"/x\"]", "ENV A=1"),
                        "linux/amd64", null));

        FakeDockerDriver.Import call = driver.imports().get(0);
        assertThat(call.repository()).isEqualTo("acme/app");
        assertThat(call.tag()).isEqualTo("1.0");
        assertThat(call.changes()).containsExactly("CMD [\"cat\",\"/x\"]", "ENV A=1");
        assertThat(call.platform()).isEqualTo("linux/amd64");
        assertThat(new String(call.tar())).isEqualTo("flat file system");
        assertThat(driver.closes()).isEqualTo(1);
        String imageId = driver.inspectImage("acme/app:1.0").orElseThrow().id();
        assertThat(ui.lines()).containsExactly("detail: Importing image: " + tar, "detail: Repository: acme/app:1.0",
                "detail: Imported ID: " + imageId);

        assertThat(result.keepInput()).as("the tar is deleted, as in Packer").isFalse();
        assertThat(result.keepInputForced()).isFalse();
        Artifact image = result.artifact();
        assertThat(image.builderType()).isEqualTo("docker-import");
        assertThat(image.id()).isEqualTo("acme/app:1.0");
        assertThat(image.files()).isEmpty();
        assertThat(image.describe()).isEqualTo("Imported Docker image: acme/app:1.0 with tags acme/app:1.0");
        assertThat(image.kind()).isEqualTo(DockerImageArtifact.KIND_IMAGE);
        assertThat(image.metadata())
                .containsEntry(DockerImageArtifact.IMAGE_SHA256, imageId);
    }

    @Test
    void withoutARepositoryTheImageIsUntaggedAndNamedByItsId() throws Exception {
        PostProcessResult result = importer.process(context, new DockerExportArtifact(exported()),
                new DockerImportPostProcessorConfig(null, null, null, null, null));
        FakeDockerDriver.Import call = driver.imports().get(0);
        assertThat(call.repository()).isNull();
        assertThat(call.platform()).isNull();
        assertThat(result.artifact().id()).startsWith("sha256:");
        assertThat(result.artifact().id()).isEqualTo(result.artifact().metadata().get(DockerImageArtifact.IMAGE_SHA256));
        assertThat(ui.lines()).noneMatch(line -> line.contains("Repository"));
    }

    @Test
    void aRepositoryWithoutATagIsTheArtifactIdAsInPacker() throws Exception {
        PostProcessResult result = importer.process(context, new DockerExportArtifact(exported()),
                new DockerImportPostProcessorConfig("acme/app", "", null, null, null));
        assertThat(driver.imports().get(0).tag()).isNull();
        assertThat(result.artifact().id()).isEqualTo("acme/app");
    }

    @Test
    void anImageIsRefusedSayingWhichArtifactFromWhichBuildAndWhatIsAccepted() {
        String id = "sha256:" + "b".repeat(64);
        assertThatThrownBy(() -> importer.process(context, DockerImageArtifact.committed(id, null),
                new DockerImportPostProcessorConfig("acme/app", null, null, null, null)))
                .isInstanceOf(KilnException.class)
                .hasMessage("Unknown artifact type: docker ('Imported Docker image: " + id + "', from build 'web')\n"
                        + "Can only import the file a docker build exports (export_path). This is an image already in "
                        + "the engine (commit: true, docker-tag or docker-import), so there is nothing to import; use "
                        + "docker-tag to name it, or set export_path instead of commit in the docker builder.");
        assertThat(driver.calls()).isEmpty();
    }

    @Test
    void aDiscardedContainerAndAMissingFileAreRefused() throws Exception {
        assertThatThrownBy(() -> importer.process(context, DockerExportArtifact.discarded(),
                new DockerImportPostProcessorConfig("acme/app", null, null, null, null)))
                .hasMessageStartingWith("Unknown artifact type: docker ('Discarded Docker container (discard: true)', "
                        + "from build 'web')\n")
                .hasMessageEndingWith("This build discarded its container (discard: true), so there is no file to "
                        + "import; set export_path instead.");
        Path gone = dir.resolve("gone.tar");
        assertThatThrownBy(() -> importer.process(context, new DockerExportArtifact(gone),
                new DockerImportPostProcessorConfig("acme/app", null, null, null, null)))
                .hasMessageStartingWith("Importing '" + gone + "' (from build 'web') failed: the file does not exist");
        assertThat(driver.calls()).isEmpty();
    }

    @Test
    void anEngineFailureIsPassedOnAndTheConnectionClosed() throws Exception {
        driver.failOn("import", "Importing an image as 'acme/app:1' failed at 'fake://docker': bad tar.");
        assertThatThrownBy(() -> importer.process(context, new DockerExportArtifact(exported()),
                new DockerImportPostProcessorConfig("acme/app", "1", null, null, null)))
                .hasMessage("Importing an image as 'acme/app:1' failed at 'fake://docker': bad tar.");
        assertThat(driver.closes()).isEqualTo(1);
    }

    @Test
    void checkNamesEachOption() {
        assertThat(importer.check(new DockerImportPostProcessorConfig("acme/app", "1.0",
                List.of("CMD [\"sh\"]", "env A=1", "{{user `c`}}"), null, null))).isEmpty();
        assertThat(importer.check(new DockerImportPostProcessorConfig("Acme/App", ".x", List.of("RUN make"), null, null)))
                .containsExactly(
                        ConfigProblem.error("repository", "'Acme/App' is not a valid repository name: it must be "
                                + "lower-case, e.g. 'acme/app'"),
                        ConfigProblem.error("tag", "'.x' is not a valid tag; use letters, digits, '_', '.' and '-' "
                                + "(at most 128, not starting with '.' or '-'), e.g. '1.0'"),
                        ConfigProblem.error("changes[0]", "'RUN make' is not an instruction docker import applies; "
                                + "use one of CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, USER, VOLUME, WORKDIR, "
                                + "e.g. 'CMD [\"/bin/sh\"]'"));
        assertThat(importer.check(new DockerImportPostProcessorConfig("acme/app:1", null, null, null, null)))
                .containsExactly(ConfigProblem.error("repository", "'acme/app:1' is not a valid repository name: "
                        + "put the tag in tag instead, e.g. 'acme/app'"));
        assertThat(importer.check(new DockerImportPostProcessorConfig(null, "1", null, null, null)))
                .containsExactly(ConfigProblem.error("tag", "needs a repository to tag; set repository, e.g. "
                        + "'acme/app'"));
    }
}
