package dev.kiln.plugin.dockertag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.api.Artifact;
import dev.kiln.api.KilnException;
import dev.kiln.api.PostProcessContext;
import dev.kiln.api.PostProcessResult;
import dev.kiln.api.Ui;
import dev.kiln.api.testing.RecordingUi;
import dev.kiln.plugin.docker.DockerExportArtifact;
import dev.kiln.docker.engine.DockerImageArtifact;
import dev.kiln.plugin.docker.testing.FakeDockerDriver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerTagPostProcessorTest {

    private static final String IMAGE = "sha256:" + "a".repeat(64);

    private final FakeDockerDriver driver = new FakeDockerDriver();
    private final List<String> hosts = new ArrayList<>();
    private final DockerTagPostProcessor tagger = new DockerTagPostProcessor((ctx, host) -> {
        hosts.add(host);
        return driver;
    });
    private final RecordingUi ui = new RecordingUi();
    private final PostProcessContext context = new PostProcessContext() {
        @Override public Ui ui() { return ui; }
        @Override public String buildName() { return "docker"; }
        @Override public String builderType() { return "docker"; }
        @Override public String render(String template, Map<String, ?> data) { return template; }
    };

    private static DockerTagPostProcessorConfig config(String repository, String tag, String... tags) {
        return new DockerTagPostProcessorConfig(repository, tag, List.of(tags), null, null);
    }

    @Test
    void identity() {
        assertThat(tagger.type()).isEqualTo("docker-tag");
        assertThat(tagger.configType()).isEqualTo(DockerTagPostProcessorConfig.class);
    }

    @Test
    void dockerPathIsAcceptedAndOnlyAnotherProgramThanDockerIsAWarning() {
        assertThat(tagger.check(new DockerTagPostProcessorConfig("acme/app", null, List.of("1"), null, "docker")))
                .isEmpty();
        assertThat(tagger.check(new DockerTagPostProcessorConfig("acme/app", null, List.of("1"), null, "podman")))
                .singleElement().satisfies(p -> {
                    assertThat(p.warning()).isTrue();
                    assertThat(p.option()).isEqualTo("docker_path");
                    assertThat(p.message()).startsWith("'podman' is ignored: Kiln talks to the engine's API directly");
                });
    }

    @Test
    void tagsACommittedImageOncePerTag() throws Exception {
        PostProcessResult result = tagger.process(context, DockerImageArtifact.committed(IMAGE, "tcp://h:2375"),
                config("acme/app", null, "1.0", "latest"));

        assertThat(driver.calls()).containsExactly("tag " + IMAGE + " acme/app:1.0", "tag " + IMAGE + " acme/app:latest");
        assertThat(hosts).containsExactly("tcp://h:2375");
        assertThat(driver.closes()).isEqualTo(1);
        assertThat(ui.lines()).containsExactly(
                "detail: Tagging image: " + IMAGE, "detail: Repository: acme/app:1.0",
                "detail: Tagging image: " + IMAGE, "detail: Repository: acme/app:latest");
        assertThat(result.keepInput()).isTrue();
        assertThat(result.keepInputForced()).isTrue();
        Artifact tagged = result.artifact();
        assertThat(tagged.builderType()).isEqualTo("docker-tag");
        assertThat(tagged.id()).isEqualTo("acme/app:latest");
        assertThat(tagged.describe())
                .isEqualTo("Imported Docker image: acme/app:latest with tags acme/app:1.0 acme/app:latest");
        assertThat(tagged.metadata())
                .containsEntry(DockerImageArtifact.IMAGE_SHA256, IMAGE)
                .containsEntry(DockerImageArtifact.DOCKER_HOST, "tcp://h:2375")
                .containsEntry(DockerImageArtifact.TAGS, "acme/app:1.0,acme/app:latest");
    }

    @Test
    void theDeprecatedTagIsAddedWithAWarningAtValidateTime() throws Exception {
        assertThat(check(config("acme/app", "0.7", "a"))).containsExactly(
                "warning tag: is deprecated; use \"tags\": [\"0.7\"] instead");
        PostProcessResult result = tagger.process(context, DockerImageArtifact.committed(IMAGE, null),
                config("acme/app", "0.7", "a"));
        assertThat(driver.calls()).containsExactly("tag " + IMAGE + " acme/app:a", "tag " + IMAGE + " acme/app:0.7");
        assertThat(ui.lines()).as("said once, by validate").noneMatch(line -> line.contains("deprecated"));
        assertThat(result.artifact().id()).isEqualTo("acme/app:0.7");
        assertThat(hosts).containsExactly((String) null);
    }

    @Test
    void withoutTagsTheRepositoryIsTheName() throws Exception {
        PostProcessResult result = tagger.process(context, DockerImageArtifact.committed(IMAGE, null),
                config("acme/app", null));
        assertThat(driver.calls()).containsExactly("tag " + IMAGE + " acme/app:latest");
        assertThat(result.artifact().id()).isEqualTo("acme/app");
        assertThat(result.artifact().describe()).isEqualTo("Imported Docker image: acme/app with tags acme/app");
    }

    @Test
    void aRepositoryWithATagAndNoTagsIsSplit() throws Exception {
        PostProcessResult result = tagger.process(context, DockerImageArtifact.committed(IMAGE, null),
                config("localhost:5000/acme/app:2", null));
        assertThat(driver.calls()).containsExactly("tag " + IMAGE + " localhost:5000/acme/app:2");
        assertThat(result.artifact().id()).isEqualTo("localhost:5000/acme/app:2");
    }

    @Test
    void chainsAfterAnotherTagOrAnImport() throws Exception {
        Artifact first = tagger.process(context, DockerImageArtifact.committed(IMAGE, null),
                config("acme/app", null, "1")).artifact();
        Artifact second = tagger.process(context, first, config("mirror/app", null, "1")).artifact();
        assertThat(driver.calls()).endsWith("tag " + IMAGE + " mirror/app:1");
        assertThat(ui.lines()).endsWith("detail: Tagging image: acme/app:1", "detail: Repository: mirror/app:1");
        assertThat(second.describe()).isEqualTo("Imported Docker image: mirror/app:1 with tags mirror/app:1");
        assertThat(second.metadata()).containsEntry(DockerImageArtifact.IMAGE_SHA256, IMAGE);

        Artifact imported = new Artifact() {
            @Override public String builderType() { return "docker-import"; }
            @Override public String id() { return "acme/imported:1"; }
            @Override public List<String> files() { return List.of(); }
            @Override public String kind() { return DockerImageArtifact.KIND_IMAGE; }
            @Override public Map<String, String> metadata() {
                return Map.of(DockerImageArtifact.IMAGE_SHA256, IMAGE);
            }
            @Override public String describe() { return "Imported Docker image: acme/imported:1"; }
            @Override public void destroy() { }
        };
        Artifact third = tagger.process(context, imported, config("acme/final", null, "x")).artifact();
        assertThat(third).isInstanceOf(DockerImageArtifact.class);
        assertThat(third.id()).isEqualTo("acme/final:x");
        assertThat(driver.calls()).endsWith("tag " + IMAGE + " acme/final:x");
    }

    @Test
    void aLaterTagFollowsTheImageEvenWhenAParallelBuildMovedTheEarlierName() throws Exception {
        Artifact first = tagger.process(context, DockerImageArtifact.committed(IMAGE, null),
                config("acme/app", null, "latest")).artifact();
        String other = "sha256:" + "b".repeat(64);
        driver.tag(other, "acme/app", "latest", false); // another build takes 'acme/app:latest' meanwhile

        tagger.process(context, first, config("mirror/app", null, "1"));

        assertThat(driver.calls()).last().isEqualTo("tag " + IMAGE + " mirror/app:1");
    }

    @Test
    void anArtifactWithoutAnImageIdIsTaggedByItsId() throws Exception {
        Artifact named = new Artifact() {
            @Override public String builderType() { return "docker-import"; }
            @Override public String id() { return "acme/imported:1"; }
            @Override public List<String> files() { return List.of(); }
            @Override public String kind() { return DockerImageArtifact.KIND_IMAGE; }
            @Override public Map<String, String> metadata() {
                return Map.of();
            }
            @Override public String describe() { return "Imported Docker image: acme/imported:1"; }
            @Override public void destroy() { }
        };
        tagger.process(context, named, config("acme/final", null, "x"));
        assertThat(driver.calls()).containsExactly("tag acme/imported:1 acme/final:x");
    }

    @Test
    void aCommaSeparatedStringOfTagsIsSplitLikePacker() throws Exception {
        PostProcessResult result = tagger.process(context, DockerImageArtifact.committed(IMAGE, null),
                config("acme/app", null, "0.7, latest"));
        assertThat(driver.calls()).containsExactly("tag " + IMAGE + " acme/app:0.7", "tag " + IMAGE + " acme/app:latest");
        assertThat(result.artifact().id()).isEqualTo("acme/app:latest");
        assertThat(check(config("acme/app", null, "0.7,latest"))).isEmpty();
    }

    @Test
    void refusesAnExportedFile() {
        assertThatThrownBy(() -> tagger.process(context, new DockerExportArtifact(Path.of("/tmp/image.tar")),
                config("acme/app", null, "1")))
                .isInstanceOf(KilnException.class)
                .hasMessageStartingWith("Unknown artifact type: docker ('Exported Docker file: /tmp/image.tar', "
                        + "from build '").hasMessageContaining("\ndocker-tag can only tag Docker images (kind "
                        + "docker.image)").hasMessageEndingWith("put docker-import before docker-tag, or set "
                        + "commit: true instead.");
        assertThatThrownBy(() -> tagger.process(context, DockerExportArtifact.discarded(),
                config("acme/app", null, "1")))
                .hasMessageEndingWith("This build discarded its container (discard: true), so there is no image to "
                        + "tag; set commit: true instead.");
        assertThat(driver.calls()).isEmpty();
    }

    @Test
    void refusesOtherArtifactsLikePacker() {
        Artifact file = new Artifact() {
            @Override public String builderType() { return "file"; }
            @Override public String id() { return "out.txt"; }
            @Override public List<String> files() { return List.of("out.txt"); }
            @Override public Map<String, String> metadata() { return Map.of(); }
            @Override public String describe() { return "Stored file: out.txt"; }
            @Override public void destroy() { }
        };
        assertThatThrownBy(() -> tagger.process(context, file, config("acme/app", null, "1")))
                .hasMessageStartingWith("Unknown artifact type: file ('Stored file: out.txt', from build '")
                .hasMessageEndingWith("This artifact's kind is 'files'.");
    }

    @Test
    void engineFailuresPropagateAndTheDriverIsClosed() {
        driver.failOn("tag", "Tagging image 'x' as 'acme/app:1' failed at 'fake://docker': no space.");
        assertThatThrownBy(() -> tagger.process(context, DockerImageArtifact.committed(IMAGE, null),
                config("acme/app", null, "1")))
                .hasMessageContaining("no space");
        assertThat(driver.closes()).isEqualTo(1);
    }

    /** The findings of check, as "option: message", warnings marked. */
    private List<String> check(DockerTagPostProcessorConfig config) {
        return tagger.check(config).stream()
                .map(p -> (p.warning() ? "warning " : "") + p.option() + ": " + p.message()).toList();
    }

    @Test
    void validation() {
        assertThat(check(config("acme/app", null, "1.0", "latest", "v1_2-rc.3"))).isEmpty();
        assertThat(check(config("registry.example.com:5000/team/app", null, "1"))).isEmpty();
        assertThat(check(config("{{user `repo`}}", null, "{{user `version`}}"))).isEmpty();
        assertThat(check(config(null, null))).containsExactly(
                "repository: name the repository to tag, e.g. 'acme/app'");
        assertThat(check(config("Acme/App", null))).containsExactly(
                "repository: 'Acme/App' is not a valid repository name: it must be lower-case, e.g. 'acme/app'");
        assertThat(check(config("acme/app:1", null, "2"))).containsExactly(
                "repository: 'acme/app:1' already names a tag; put the tag in tags instead, e.g. \"repository\": "
                        + "\"acme/app\", \"tags\": [\"1\"]");
        assertThat(check(config("acme/app", ".bad", "ok", "no/slash"))).containsExactly(
                "warning tag: is deprecated; use \"tags\": [\".bad\"] instead",
                "tags[1]: 'no/slash' is not a valid tag; use letters, digits, '_', '.' and '-' (at most 128, not "
                        + "starting with '.' or '-'), e.g. '1.0'",
                "tag: '.bad' is not a valid tag; use letters, digits, '_', '.' and '-' (at most 128, not starting "
                        + "with '.' or '-'), e.g. '1.0'");
    }
}
