package dev.kiln.plugin.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.api.KilnException;
import dev.kiln.api.OutputListener;
import dev.kiln.api.testing.RecordingUi;
import dev.kiln.plugin.docker.testing.TestBuildContext;
import dev.kiln.plugin.docker.testing.TestEngine;
import dev.kiln.plugin.docker.testing.TestRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Options of Packer's docker builder against the real engine: {@code login*} pulls from a registry that needs
 * credentials, {@code pty} runs commands with a terminal.
 */
@Tag("docker")
class PackerOptionsIT {

    static TestEngine engine;
    static TestRegistry registry;
    static String privateImage;

    @TempDir
    static Path registryDir;

    @BeforeAll
    static void start() throws Exception {
        engine = TestEngine.connect();
        String busybox = engine.busyboxImage();
        registry = TestRegistry.start(registryDir, "kiln-ci", "p4ss-w0rd");
        privateImage = registry.push(busybox, TestEngine.REPOSITORY_PREFIX + "private", "1");
    }

    @AfterAll
    static void stop() throws Exception {
        if (registry != null) {
            registry.close();
        }
        if (engine != null) {
            engine.removeTestObjects();
            engine.close();
        }
    }

    private static DockerBuilderConfig config(String image, boolean pull, boolean login, String user,
                                              String password, boolean pty) {
        return new DockerBuilderConfig(image, pull, false, true, null, null, null, null, null, false, null, null,
                null, null, null, null, null, null, null, null, login, registry.address(), user, password, null, pty, null, null);
    }

    @Test
    void loginPullsFromARegistryThatNeedsCredentials() throws Exception {
        engine.driver().removeImage(privateImage, false);
        RecordingUi ui = new RecordingUi();

        new DockerBuilder().build(new TestBuildContext(ui, c -> { }),
                config(privateImage, true, true, "kiln-ci", "p4ss-w0rd", false));

        assertThat(engine.imageExists(privateImage)).isTrue();
        assertThat(ui.text()).contains("Pulling Docker image: " + privateImage).doesNotContain("p4ss-w0rd");

    }

    @Test
    void aPullThatDownloadsShowsALinePerLayer() throws Exception {
        // an image with a layer of its own, so that the pull downloads it
        String container = engine.startContainer(engine.busyboxImage());
        assertThat(engine.exec(container, "sh", "-c", "echo " + System.nanoTime() + " > /unique").exitCode())
                .isZero();
        String imageId = engine.driver().commit(container, new dev.kiln.docker.engine.CommitSpec(null, null,
                List.of(), null, null));
        engine.driver().killAndRemoveContainerQuietly(container);
        String layered = registry.push(imageId, TestEngine.REPOSITORY_PREFIX + "layered", "1");
        engine.driver().removeImage(imageId, true);
        RecordingUi ui = new RecordingUi();

        new DockerBuilder().build(new TestBuildContext(ui, c -> { }),
                config(layered, true, true, "kiln-ci", "p4ss-w0rd", false));

        assertThat(ui.lines()).as("the new layer, as docker pull shows it").anyMatch(line ->
                line.startsWith("detail: ") && line.endsWith(": Pull complete"));
        assertThat(ui.lines()).as("the base layer the engine has").anyMatch(line ->
                line.startsWith("detail: ") && line.endsWith(": Already exists"));
    }

    @Test
    void withoutLoginOrWithAWrongPasswordThePullIsRefused() throws Exception {
        engine.driver().removeImage(privateImage, false);

        assertThatThrownBy(() -> new DockerBuilder().build(new TestBuildContext(new RecordingUi(), c -> { }),
                config(privateImage, true, false, null, null, false)))
                .isInstanceOf(KilnException.class)
                .hasMessageContaining("Pulling image '" + privateImage + "' failed")
                .hasMessageContaining("auth");
        RecordingUi ui = new RecordingUi();
        assertThatThrownBy(() -> new DockerBuilder().build(new TestBuildContext(ui, c -> { }),
                config(privateImage, true, true, "kiln-ci", "wrong-password", false)))
                .isInstanceOf(KilnException.class)
                .hasMessageContaining("Pulling image '" + privateImage + "' failed")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-password"));
        assertThat(engine.imageExists(privateImage)).isFalse();
    }

    @Test
    void ptyRunsCommandsWithATerminalAndKeepsTheirStatus() throws Exception {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger status = new AtomicInteger(-1);
        TestBuildContext context = new TestBuildContext(new RecordingUi(), communicator ->
                status.set(communicator.execute("tty; echo to-stderr >&2; sleep 2; exit 3", new OutputListener() {
                    @Override public void stdout(String line) { lines.add("out: " + line); }
                    @Override public void stderr(String line) { lines.add("err: " + line); }
                })));

        new DockerBuilder().build(context, config(engine.busyboxImage(), false, false, null, null, true));

        assertThat(status.get()).isEqualTo(3);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("out: /dev/pts/");
        assertThat(lines.get(1)).as("a terminal merges stderr into stdout").isEqualTo("out: to-stderr");
    }
}
