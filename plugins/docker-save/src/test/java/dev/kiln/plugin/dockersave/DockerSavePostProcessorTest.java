package dev.kiln.plugin.dockersave;

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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerSavePostProcessorTest {

    private static final String IMAGE = "sha256:" + "a".repeat(64);

    @TempDir
    Path dir;

    private final FakeDockerDriver driver = new FakeDockerDriver();
    private final List<String> hosts = new ArrayList<>();
    private final DockerSavePostProcessor saver = new DockerSavePostProcessor((ctx, host) -> {
        hosts.add(host);
        return driver;
    });
    private final RecordingUi ui = new RecordingUi();
    private final PostProcessContext context = new PostProcessContext() {
        @Override public Ui ui() { return ui; }
        @Override public String buildName() { return "web"; }
        @Override public String builderType() { return "docker"; }
        @Override public String render(String template, Map<String, ?> data) { return template; }
    };

    private static DockerSavePostProcessorConfig config(Path path) {
        return new DockerSavePostProcessorConfig(path.toString(), null, null);
    }

    private List<String> filesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(p -> !p.equals(folder)).map(p -> folder.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void identity() {
        assertThat(saver.type()).isEqualTo("docker-save");
        assertThat(saver.configType()).isEqualTo(DockerSavePostProcessorConfig.class);
        assertThat(saver.ignoredOptions()).isEmpty();
        assertThat(new DockerSavePostProcessorConfig("x.tar", null, null).force()).as("replaces, as Packer does").isTrue();
    }

    @Test
    void dockerPathIsAcceptedAndOnlyAnotherProgramThanDockerIsAWarning() {
        assertThat(saver.check(new DockerSavePostProcessorConfig("x.tar", null, "docker"))).isEmpty();
        assertThat(saver.check(new DockerSavePostProcessorConfig("x.tar", null, "/usr/local/bin/docker"))).isEmpty();
        assertThat(saver.check(new DockerSavePostProcessorConfig("x.tar", null, "podman"))).singleElement()
                .satisfies(p -> {
                    assertThat(p.warning()).isTrue();
                    assertThat(p.option()).isEqualTo("docker_path");
                    assertThat(p.message()).startsWith("'podman' is ignored: Kiln talks to the engine's API directly");
                });
    }

    @Test
    void savesTheTaggedNameIntoMissingFoldersAndPassesTheImageOnWithTheFile() throws Exception {
        Artifact tagged = DockerImageArtifact.committed(IMAGE, "tcp://h:2375")
                .retagged("docker-tag", "acme/app:2", List.of("acme/app:1", "acme/app:2"));
        Path target = dir.resolve("out dir/nested/app.tar");

        PostProcessResult result = saver.process(context, tagged, config(target));

        assertThat(driver.calls()).containsExactly("save acme/app:2");
        assertThat(hosts).containsExactly("tcp://h:2375");
        assertThat(driver.closes()).isEqualTo(1);
        assertThat(Files.readString(target)).isEqualTo("fake-save acme/app:2");
        assertThat(filesIn(dir)).containsExactly("out dir", "out dir/nested", "out dir/nested/app.tar");
        assertThat(ui.lines()).containsExactly("detail: Saving image: acme/app:2", "detail: Saved to: " + target);
        assertThat(result.keepInput()).isTrue();
        assertThat(result.keepInputForced()).isFalse();
        Artifact saved = result.artifact();
        assertThat(saved.builderType()).isEqualTo("docker-save");
        assertThat(saved.id()).isEqualTo("acme/app:2");
        assertThat(saved.files()).containsExactly(target.toString());
        assertThat(saved.describe()).isEqualTo("Saved Docker image acme/app:2 to: " + target);
        assertThat(saved.kind()).isEqualTo(DockerImageArtifact.KIND_IMAGE);
        assertThat(saved.metadata())
                .containsEntry(DockerImageArtifact.IMAGE_SHA256, IMAGE)
                .containsEntry(DockerImageArtifact.TAGS, "acme/app:1,acme/app:2")
                .containsEntry(DockerImageArtifact.DOCKER_HOST, "tcp://h:2375");

        saved.destroy();
        assertThat(target).doesNotExist();
        assertThat(driver.calls()).as("the image belongs to the input").containsExactly("save acme/app:2");
    }

    @Test
    void replacesAnExistingFileUnlessForceIsFalse() throws Exception {
        Path target = dir.resolve("app.tar");
        Files.writeString(target, "old");
        saver.process(context, DockerImageArtifact.committed(IMAGE, null), config(target));
        assertThat(Files.readString(target)).isEqualTo("fake-save " + IMAGE);

        Files.writeString(target, "old");
        assertThatThrownBy(() -> saver.process(context, DockerImageArtifact.committed(IMAGE, null),
                new DockerSavePostProcessorConfig(target.toString(), false, null)))
                .isInstanceOf(KilnException.class)
                .hasMessage("Saving image '" + IMAGE + "' to '" + target + "' failed: the file exists and force is "
                        + "false; delete it, choose another path, or set \"force\": true to replace it.");
        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(filesIn(dir)).containsExactly("app.tar");
    }

    @Test
    void aSaveThatFailsHalfWayLeavesNoFileAndKeepsTheOldOne() throws Exception {
        driver.failSaveHalfWay(new KilnException("Saving image 'x' failed at 'fake://docker': connection reset."));
        Path target = dir.resolve("app.tar");
        Files.writeString(target, "old");

        assertThatThrownBy(() -> saver.process(context, DockerImageArtifact.committed(IMAGE, null), config(target)))
                .isInstanceOf(KilnException.class)
                .hasMessageContaining("connection reset");

        assertThat(filesIn(dir)).containsExactly("app.tar");
        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(driver.closes()).isEqualTo(1);
    }

    @Test
    void aCancelledSaveRemovesTheTemporaryFileAndTheFoldersItMade() throws Exception {
        driver.failSaveHalfWay(new InterruptedException("Saving image was interrupted"));
        Path target = dir.resolve("new/folder/app.tar");

        assertThatThrownBy(() -> saver.process(context, DockerImageArtifact.committed(IMAGE, null), config(target)))
                .isInstanceOf(InterruptedException.class);

        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void aFileWhereAFolderShouldBeIsNamed() throws Exception {
        Path file = dir.resolve("plain");
        Files.writeString(file, "x");
        Path target = file.resolve("sub/app.tar");

        assertThatThrownBy(() -> saver.process(context, DockerImageArtifact.committed(IMAGE, null), config(target)))
                .isInstanceOf(KilnException.class)
                .hasMessage("Saving image '" + IMAGE + "' to '" + target + "' failed: '" + file + "' is a file, not "
                        + "a folder; choose another path.");
        assertThat(filesIn(dir)).containsExactly("plain");
        assertThat(driver.calls()).as("nothing saved").isEmpty();
    }

    @Test
    void anUnwritableFolderIsNamedAndNothingIsLeft() throws Exception {
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            // root may write wherever a mode forbids it (CI runs as root); sysfs refuses every new file, root's too
            Path folder = Files.isWritable(locked) ? Path.of("/sys") : locked;
            Path target = folder.resolve("kiln-save-test.tar");
            assertThatThrownBy(() -> saver.process(context, DockerImageArtifact.committed(IMAGE, null),
                    config(target)))
                    .isInstanceOf(KilnException.class)
                    .hasMessageStartingWith("Saving image '" + IMAGE + "' to '" + target + "' failed: permission "
                            + "denied on '" + folder.resolve(".kiln-save-test.tar."))
                    .hasMessageEndingWith("'; choose a folder this user may write to.");
            try (var left = Files.list(folder)) {
                assertThat(left.map(p -> p.getFileName().toString()))
                        .noneMatch(name -> name.contains("kiln-save-test"));
            }
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aFolderAtThePathIsRefused() throws Exception {
        assertThatThrownBy(() -> saver.process(context, DockerImageArtifact.committed(IMAGE, null), config(dir)))
                .isInstanceOf(KilnException.class)
                .hasMessageContaining("failed: that is a folder; set path to a file name");
    }

    @Test
    void anExportedFileIsRefusedSayingWhichArtifactFromWhichBuildAndWhatIsAccepted() {
        Path tar = dir.resolve("fs.tar");
        assertThatThrownBy(() -> saver.process(context, new DockerExportArtifact(tar), config(dir.resolve("a.tar"))))
                .isInstanceOf(KilnException.class)
                .hasMessage("Unknown artifact type: docker ('Exported Docker file: " + tar + "', from build 'web')\n"
                        + "docker-save can only save Docker images (kind docker.image): the artifact of a docker "
                        + "build with commit: true, or of docker-tag, docker-import or docker-push. This is an "
                        + "exported file system (export_path), not an image; put docker-import before docker-save, "
                        + "or set commit: true instead.");
        assertThatThrownBy(() -> saver.process(context, DockerExportArtifact.discarded(),
                config(dir.resolve("a.tar"))))
                .hasMessageEndingWith("This build discarded its container (discard: true), so there is no image to "
                        + "save; set commit: true instead.");
        assertThat(driver.calls()).isEmpty();
        assertThat(hosts).isEmpty();
    }

    @Test
    void anArtifactOfAnotherKindIsRefused() {
        Artifact other = new Artifact() {
            @Override public String builderType() { return "acme-vm"; }
            @Override public String id() { return "vm-1"; }
            @Override public List<String> files() { return List.of(); }
            @Override public Map<String, String> metadata() { return Map.of(); }
            @Override public String describe() { return "A VM"; }
            @Override public void destroy() { }
        };
        assertThatThrownBy(() -> saver.process(context, other, config(dir.resolve("a.tar"))))
                .hasMessage("Unknown artifact type: acme-vm ('A VM', from build 'web')\ndocker-save can only save "
                        + "Docker images (kind docker.image): the artifact of a docker build with commit: true, or of "
                        + "docker-tag, docker-import or docker-push. This artifact's kind is 'unknown'.");
    }

    @Test
    void checkNamesThePathOption() {
        assertThat(saver.check(new DockerSavePostProcessorConfig(null, null, null))).containsExactly(
                ConfigProblem.error("path", "name the file to save the image to, e.g. 'out/app.tar'"));
        assertThat(saver.check(new DockerSavePostProcessorConfig("out/", null, null))).containsExactly(
                ConfigProblem.error("path", "'out/' names a folder; name the file to save the image to, e.g. "
                        + "'out/app.tar'"));
        assertThat(saver.check(new DockerSavePostProcessorConfig("bad\0name", null, null))).extracting(ConfigProblem::option)
                .containsExactly("path");
        assertThat(saver.check(new DockerSavePostProcessorConfig("out/app.tar", false, null))).isEmpty();
    }

    @Test
    void theSavedFileIsWrittenWithTheBytesTheEngineSent() throws Exception {
        Path target = dir.resolve("b.tar");
        saver.process(context, DockerImageArtifact.committed(IMAGE, null), config(target));
        assertThat(Files.readAllBytes(target)).isEqualTo(("fake-save " + IMAGE).getBytes(StandardCharsets.UTF_8));
    }
}
