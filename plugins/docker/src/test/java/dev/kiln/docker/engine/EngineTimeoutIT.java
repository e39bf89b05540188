package dev.kiln.docker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.api.OutputListener;
import dev.kiln.plugin.docker.testing.TestEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The answer timeout against the real engine, set below how long a command is silent: the command still succeeds,
 * because only requests that should be answered at once have the timeout, never a command's output stream.
 */
@Tag("docker")
class EngineTimeoutIT {

    static TestEngine engine;
    static DockerJavaDriver driver;
    static String container;

    @BeforeAll
    static void start() throws InterruptedException {
        engine = TestEngine.connect();
        container = engine.startContainer(engine.busyboxImage());
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("KILN_ENGINE_TIMEOUT", "2s");
        driver = DockerJavaDriver.open(EngineRef.resolve(null, env, Path.of(System.getProperty("user.home"))), false);
        assertThat(driver.toString()).contains(engine.driver().host());
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.shutdown();
        }
        if (engine != null) {
            engine.removeTestObjects();
            engine.close();
        }
    }

    @Test
    void aCommandSilentForLongerThanTheTimeoutSucceedsWithItsOutput() throws InterruptedException {
        List<String> out = new ArrayList<>();
        long start = System.nanoTime();
        int code = driver.exec(container, List.of("/bin/sh", "-c", "echo before; sleep 5; echo after"), null, false,
                new OutputListener() {
                    @Override public synchronized void stdout(String line) { out.add(line); }
                    @Override public void stderr(String line) { }
                });

        assertThat(code).isZero();
        assertThat(out).containsExactly("before", "after");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(5_000L);
        assertThat(driver.inspectContainer(container)).as("quick requests answered in time pass").isPresent();
    }
}
