package dev.kiln.plugin.docker;

import dev.kiln.docker.engine.DockerImageArtifact;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.docker.engine.ImageConfig;
import dev.kiln.plugin.docker.testing.FakeDockerDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactsTest {

    @Test
    void aCommittedImage() {
        DockerImageArtifact artifact = DockerImageArtifact.committed("sha256:abc", null);
        assertThat(artifact.builderType()).isEqualTo("docker");
        assertThat(artifact.id()).isEqualTo("sha256:abc");
        assertThat(artifact.files()).isEmpty();
        assertThat(artifact.describe()).isEqualTo("Imported Docker image: sha256:abc");
        assertThat(artifact.kind()).isEqualTo("docker.image");
        assertThat(artifact.metadata()).containsExactly(java.util.Map.entry("ImageSha256", "sha256:abc"));
    }

    @Test
    void aTaggedImageDescribesItsTagsLikePacker() {
        DockerImageArtifact artifact = new DockerImageArtifact("docker", "sha256:abc", "sha256:abc", List.of(),
                "tcp://h:2375").retagged("docker-tag", "acme/app:two", List.of("acme/app:one", "acme/app:two"));
        assertThat(artifact.builderType()).isEqualTo("docker-tag");
        assertThat(artifact.describe())
                .isEqualTo("Imported Docker image: acme/app:two with tags acme/app:one acme/app:two");
        assertThat(artifact.metadata())
                .containsEntry(DockerImageArtifact.IMAGE_SHA256, "sha256:abc")
                .containsEntry(DockerImageArtifact.TAGS, "acme/app:one,acme/app:two")
                .containsEntry(DockerImageArtifact.DOCKER_HOST, "tcp://h:2375");
    }

    private static ImageConfig image(String id) {
        return new ImageConfig(id, List.of(), List.of(), List.of(), "", "", java.util.Map.of(), false, false,
                List.of());
    }

    @Test
    void destroyRemovesTheImageOrItsTags() {
        FakeDockerDriver driver = new FakeDockerDriver().withImage("a:1", image("sha256:abc"))
                .withImage("a:2", image("sha256:abc"));
        new DockerImageArtifact("docker", "sha256:abc", "sha256:abc", List.of(), null, host -> driver).destroy();
        new DockerImageArtifact("docker-tag", "a:2", "sha256:abc", List.of("a:1", "a:2"), null, host -> driver)
                .destroy();
        assertThat(driver.calls()).containsExactly("removeImage sha256:abc", "inspectImage a:1", "removeImage a:1",
                "inspectImage a:2", "removeImage a:2");
        assertThat(driver.closes()).isEqualTo(2);
    }

    @Test
    void destroyLeavesATagThatAParallelBuildMovedToItsOwnImage() {
        FakeDockerDriver driver = new FakeDockerDriver().withImage("a:1", image("sha256:abc"))
                .withImage("a:2", image("sha256:other-build"));

        new DockerImageArtifact("docker-tag", "a:2", "sha256:abc", List.of("a:1", "a:2"), null, host -> driver)
                .destroy();

        assertThat(driver.calls()).containsExactly("inspectImage a:1", "removeImage a:1", "inspectImage a:2");
    }

    @Test
    void anExportedFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("image.tar"), "tar");
        DockerExportArtifact artifact = new DockerExportArtifact(file);
        assertThat(artifact.builderType()).isEqualTo("docker");
        assertThat(artifact.id()).isEqualTo("Container");
        assertThat(artifact.files()).containsExactly(file.toString());
        assertThat(artifact.describe()).isEqualTo("Exported Docker file: " + file);
        assertThat(artifact.kind()).isEqualTo(DockerImageArtifact.KIND_EXPORT);
        assertThat(DockerExportArtifact.discarded().kind()).isEqualTo(DockerImageArtifact.KIND_DISCARDED);
        artifact.destroy();
        assertThat(file).doesNotExist();
        artifact.destroy();
    }

    @Test
    void aDiscardedContainer() {
        DockerExportArtifact artifact = DockerExportArtifact.discarded();
        assertThat(artifact.files()).isEmpty();
        assertThat(artifact.describe()).isEqualTo("Discarded Docker container (discard: true)");
        artifact.destroy();
    }
}
