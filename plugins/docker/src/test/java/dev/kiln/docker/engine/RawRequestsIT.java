package dev.kiln.docker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.kiln.api.KilnException;
import dev.kiln.api.OutputListener;
import dev.kiln.plugin.docker.testing.TestEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The raw requests against a real engine: a container created from a spec with every field is the container
 * docker-java's request made, and exec output streams with and without a TTY arrive whole.
 */
@Tag("docker")
class RawRequestsIT {

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
    void aContainerWithEveryFieldIsTheContainerDockerJavaCreated() throws Exception {
        EngineRef endpoint = EngineRef.resolve(null);
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(endpoint.host()).build();
        DockerClient dockerJava = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).sslConfig(config.getSSLConfig()).build());
        String suffix = Long.toHexString(System.nanoTime());
        ContainerSpec spec = CreateRequestTest.everyField(busybox).label(TestEngine.TEST_LABEL, "true").build();
        DockerDriver driver = engine.driver();
        String raw = driver.createContainer(spec.withName("kiln-test-raw-" + suffix));
        String old = DockerJavaCreateRequests.fill(dockerJava.createContainerCmd(busybox),
                spec.withName("kiln-test-docker-java-" + suffix)).exec().getId();
        try {
            ObjectMapper mapper = config.getObjectMapper();
            InspectContainerResponse made = dockerJava.inspectContainerCmd(raw).exec();
            InspectContainerResponse expected = dockerJava.inspectContainerCmd(old).exec();
            JsonNode config1 = mapper.valueToTree(made.getConfig());
            JsonNode hostConfig = mapper.valueToTree(made.getHostConfig());

            assertThat(config1).isEqualTo(mapper.valueToTree(expected.getConfig()));
            assertThat(hostConfig).isEqualTo(mapper.valueToTree(expected.getHostConfig()));
            // and the engine took the fields (not an empty request on both sides)
            assertThat(config1.path("User").asText()).isEqualTo("1:2");
            assertThat(config1.path("Env").toString()).contains("B=two words");
            assertThat(hostConfig.path("Memory").asLong()).isEqualTo(1L << 26);
            assertThat(hostConfig.path("Mounts").size()).isEqualTo(3);
            assertThat(hostConfig.path("PortBindings").path("80/tcp").size()).isEqualTo(2);
            assertThat(hostConfig.path("LogConfig").path("Config").path("max-file").asText()).isEqualTo("2");
            assertThat(driver.inspectContainer(raw)).get().satisfies(info -> {
                assertThat(info.user()).isEqualTo("1:2");
                assertThat(info.labels()).containsEntry("k", "v");
                assertThat(info.running()).isFalse();
            });
        } finally {
            driver.removeContainer(raw);
            driver.removeContainer(old);
            try {
                dockerJava.removeVolumeCmd("kiln-test-volume").exec();
            } catch (RuntimeException e) {
                // gone already
            }
            dockerJava.close();
        }
    }

    /** What an exec printed, line by line. */
    private static final class Lines implements OutputListener {
        final List<String> out = new ArrayList<>();
        final List<String> err = new ArrayList<>();

        @Override public synchronized void stdout(String line) { out.add(line); }
        @Override public synchronized void stderr(String line) { err.add(line); }
    }

    @Test
    void execOutputArrivesWholeWithAndWithoutATty() throws Exception {
        String id = engine.startContainer(busybox);
        DockerDriver driver = engine.driver();

        Lines shortTty = new Lines();
        assertThat(driver.exec(id, List.of("printf", "hi"), null, true, shortTty)).isZero();
        assertThat(shortTty.out).as("fewer bytes than a frame header, raw").containsExactly("hi");

        Lines tty = new Lines();
        assertThat(driver.exec(id, List.of("sh", "-c", "echo out; echo err >&2; exit 3"), null, true, tty))
                .isEqualTo(3);
        assertThat(tty.out).containsExactly("out", "err");
        assertThat(tty.err).isEmpty();

        Lines framed = new Lines();
        String loop = "i=0; while [ $i -lt 3000 ]; do echo out$i; echo err$i >&2; i=$((i+1)); done; "
                + "head -c 200000 /dev/zero | tr '\\0' a; echo; printf tail";
        assertThat(driver.exec(id, List.of("sh", "-c", loop), null, false, framed)).isZero();
        List<String> expectedOut = new ArrayList<>(IntStream.range(0, 3000).mapToObj(i -> "out" + i).toList());
        assertThat(framed.out.subList(0, 3000)).isEqualTo(expectedOut);
        assertThat(framed.err).isEqualTo(IntStream.range(0, 3000).mapToObj(i -> "err" + i).toList());
        assertThat(String.join("", framed.out.subList(3000, framed.out.size() - 1))).isEqualTo("a".repeat(200_000));
        assertThat(framed.out.get(framed.out.size() - 1)).isEqualTo("tail");

        Lines single = new Lines();
        assertThat(driver.exec(id, List.of("sh", "-c", "printf x"), null, false, single)).isZero();
        assertThat(single.out).containsExactly("x");

        driver.removeContainer(id);
        assertThatThrownBy(() -> driver.exec(id, List.of("true"), null, false, new Lines()))
                .isInstanceOf(KilnException.class)
                .hasMessageStartingWith("Running 'true' in container '" + EngineErrors.shortId(id) + "' failed at '")
                .hasMessageContaining("No such container");
    }
}
