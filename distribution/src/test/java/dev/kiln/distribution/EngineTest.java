package dev.kiln.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.plugin.docker.testing.TestEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every end-to-end test shares: the real engine with the offline busybox base image, a work folder per test,
 * and the check that Kiln left no container behind.
 */
@Tag("docker")
abstract class EngineTest {

    static TestEngine engine;
    static String base;

    @TempDir Path work;

    @BeforeAll
    static void connect() throws Exception {
        engine = TestEngine.connect();
        base = engine.busyboxImage();
    }

    @AfterEach
    void nothingLeftBehind() {
        assertThat(engine.countKilnContainers()).as("containers left by Kiln").isZero();
    }

    @AfterAll
    static void clean() {
        if (engine != null) {
            engine.removeTestObjects();
            engine.close();
        }
    }

    /** Writes {@code template.json} into the work folder, with {@code BASE} standing for the base image. */
    Path template(String json) throws Exception {
        Path file = work.resolve("template.json");
        Files.writeString(file, json.replace("BASE", base));
        return file;
    }
}
