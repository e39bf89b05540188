package dev.kiln.cli.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.cli.command.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ahead-of-time cache's training builds the bundled templates to the end against its fake engine: a build that
 * makes an engine call the fake does not answer fails here, instead of silently leaving the rest of the build out of
 * the cache.
 */
class AotTrainingTest {

    /** The templates the distribution bundles as {@code lib/training/}. */
    private static final Path BUNDLED = Path.of("../distribution/src/main/cds");

    @TempDir Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void theTrainingValidatesAndBuildsBothBundledTemplatesAgainstTheFakeEngine() throws Exception {
        Path socket = dir.resolve("engine.sock");
        // Docker components read DOCKER_HOST from the process, which a test cannot set: the copies name the
        // engine themselves, as the training's DOCKER_HOST does
        String host = "unix://" + socket;
        Path hcl = dir.resolve("template.pkr.hcl");
        String hclText = Files.readString(BUNDLED.resolve("template.pkr.hcl"));
        assertThat(hclText).contains("source \"docker\" \"training\" {").doesNotContain("docker_host");
        Files.writeString(hcl, hclText.replace("source \"docker\" \"training\" {",
                "source \"docker\" \"training\" {\n  docker_host = \"" + host + "\""));
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode json = (ObjectNode) mapper.readTree(BUNDLED.resolve("template.json").toFile());
        assertThat(json.path("builders").path(0).has("docker_host")).isFalse();
        ((ObjectNode) json.path("builders").path(0)).put("docker_host", host);
        Path jsonCopy = dir.resolve("template.json");
        mapper.writeValue(jsonCopy.toFile(), json);

        int code;
        try (FakeDockerEngine engine = FakeDockerEngine.start(socket); Session session = session()) {
            code = AotTraining.run(session, hcl, jsonCopy);
            assertThat(engine.unexpected()).as("engine calls the fake does not answer").isEmpty();
        }

        String output = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(output + err).isZero();
        assertThat(output).contains("The configuration is valid.", "docker: training",
                "Committing the container", "Running post-processor: docker-tag");
        Matcher artifact = Pattern.compile(
                "--> docker(\\.training)?: Imported Docker image: kiln-cds/training:0.0.1 with tags").matcher(output);
        assertThat(artifact.results().count()).as(output).isEqualTo(2);
        assertThat(socket).doesNotExist();
    }

    @Test
    void theFakeEngineNeverListensWhereSomethingIsAlready() throws IOException {
        Path taken = Files.writeString(dir.resolve("docker.sock"), "");

        assertThatThrownBy(() -> FakeDockerEngine.start(taken)).isInstanceOf(IOException.class);
        assertThat(taken).exists();
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "unix:///home/u/.cache/kiln/k.aot.training/engine.sock, /home/u/.cache/kiln/k.aot.training/engine.sock",
            "unix:///tmp/with space/engine.sock,                     /tmp/with space/engine.sock",
            "unix://,                                                null",
            "tcp://127.0.0.1:2375,                                   null",
            "/var/run/docker.sock,                                   null",
            "null,                                                   null",
    })
    void theEngineIsTheUnixSocketDockerHostNames(String dockerHost, String socket) {
        assertThat(AotTraining.unixSocket(dockerHost)).isEqualTo(socket == null ? null : Path.of(socket));
    }

    private Session session() {
        return new Session(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("HOME", dir.resolve("home").toString()), dir, false);
    }
}
