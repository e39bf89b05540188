package dev.kiln.docker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.api.KilnException;
import dev.kiln.plugin.docker.testing.TestEngine;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The real driver's engine operations that the builder tests do not already cover. */
@Tag("docker")
class DockerJavaDriverIT {

    static TestEngine engine;
    static String busybox;

    @BeforeAll
    static void engine() throws InterruptedException {
        engine = TestEngine.connect();
        busybox = engine.busyboxImage();
    }

    @AfterAll
    static void clean() {
        if (engine != null) {
            engine.removeTestObjects();
            engine.close();
        }
    }

    @Test
    void anUnreachableEngineIsReportedInOneLine() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> DockerJavaDriver.connect("unix:///var/run/kiln-no-such.sock"))
                .isInstanceOf(KilnException.class)
                .hasMessage("Cannot reach the Docker engine at 'unix:///var/run/kiln-no-such.sock' (from docker_host): "
                        + "No such file or directory; start the engine or correct docker_host in the template.");
        assertThatThrownBy(() -> DockerJavaDriver.connect("tcp://127.0.0.1:9"))
                .isInstanceOf(KilnException.class)
                .hasMessageStartingWith("Cannot reach the Docker engine at 'tcp://127.0.0.1:9' (from docker_host): ")
                .hasMessageContaining("Connection refused")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
    }

    @Test
    void tagsAndRemovesNamesAndSavesImages() throws Exception {
        DockerDriver driver = engine.driver();
        String id = engine.inspectImage(busybox).id();
        driver.tag(id, "kiln-test/tagged", "one", true);
        driver.tag(busybox, "kiln-test/tagged", null, false);
        assertThat(engine.inspectImage("kiln-test/tagged:one").id()).isEqualTo(id);
        assertThat(engine.imageExists("kiln-test/tagged:latest")).isTrue();

        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        driver.saveImage("kiln-test/tagged:one", saved);
        List<String> names = new ArrayList<>();
        try (InputStream in = new java.io.ByteArrayInputStream(saved.toByteArray());
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                names.add(entry.getName());
            }
        }
        assertThat(names).contains("manifest.json", "repositories");

        assertThat(driver.removeImage("kiln-test/tagged:one", false)).isTrue();
        assertThat(driver.removeImage("kiln-test/tagged:latest", false)).isTrue();
        assertThat(driver.removeImage("kiln-test/tagged:one", false)).isFalse();
        assertThat(engine.imageExists(busybox)).as("removing names keeps the image").isTrue();

        assertThatThrownBy(() -> driver.tag("sha256:" + "0".repeat(64), "kiln-test/x", "1", false))
                .isInstanceOf(KilnException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void aSavedImageLoadsBackUnderItsName() throws Exception {
        DockerDriver driver = engine.driver();
        String id = engine.inspectImage(busybox).id();
        driver.tag(id, "kiln-test/loaded", "1", false);
        Path file = Files.createTempFile("kiln-load", ".tar");
        try {
            try (OutputStream out = Files.newOutputStream(file)) {
                driver.saveImage("kiln-test/loaded:1", out);
            }
            assertThat(driver.removeImage("kiln-test/loaded:1", false)).isTrue();

            List<String> loaded = driver.loadImage(out -> Files.copy(file, out));

            assertThat(loaded).containsExactly("kiln-test/loaded:1");
            assertThat(engine.inspectImage("kiln-test/loaded:1").id()).isEqualTo(id);
        } finally {
            driver.removeImage("kiln-test/loaded:1", false);
            Files.deleteIfExists(file);
        }
        assertThatThrownBy(() -> driver.loadImage(out -> out.write("not a tar".getBytes())))
                .isInstanceOf(KilnException.class)
                .hasMessageStartingWith("Loading an image archive failed at '");
    }

    @Test
    void buildContainersCanBeFoundByNameAndLabelAndRemoved() throws Exception {
        DockerDriver driver = engine.driver();
        String name = DockerDriver.CONTAINER_PREFIX + "it-" + Long.toHexString(System.nanoTime());
        ContainerSpec spec = ContainerSpec.builder(busybox).entrypoint(List.of("/bin/sh")).openStdin(true)
                .label(TestEngine.TEST_LABEL, "true").name(name).memory(64L << 20).build();
        String id = driver.createContainer(spec);
        assertThat(driver.listContainers(TestEngine.TEST_LABEL + "=true")).extracting(ContainerSummary::id)
                .contains(id);
        assertThat(driver.listContainersNamed(DockerDriver.CONTAINER_PREFIX))
                .extracting(ContainerSummary::id, ContainerSummary::name).contains(tuple(id, name));
        assertThat(driver.listContainersNamed(name + "x")).isEmpty();
        assertThat(driver.inspectContainer(id)).get().extracting(ContainerInfo::running).isEqualTo(false);
        driver.removeContainer(id);
        driver.removeContainer(id);
        assertThat(driver.inspectContainer(id)).isEmpty();
        assertThat(driver.killAndRemoveContainerQuietly(id)).isEmpty();
    }

    @Test
    void importAppliesChanges() throws Exception {
        String id = engine.importBusybox("kiln-test/imported:2", List.of("WORKDIR /work", "CMD [\"sh\"]"), true);
        TestEngine.ImageInfo image = engine.inspectImage("kiln-test/imported:2");
        assertThat(image.id()).isEqualTo(id);
        assertThat(image.workingDir()).isEqualTo("/work");
        assertThat(image.cmd()).containsExactly("sh");
        assertThat(image.labels()).containsEntry(TestEngine.TEST_LABEL, "true");
        assertThat(id).startsWith("sha256:");
    }
}
