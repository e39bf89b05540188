package dev.kiln.plugin.docker;

import dev.kiln.docker.engine.DockerImageArtifact;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

import dev.kiln.api.Artifact;
import dev.kiln.api.ConfigException;
import dev.kiln.api.KilnException;
import dev.kiln.api.OutputListener;
import dev.kiln.api.testing.RecordingUi;
import dev.kiln.docker.engine.DockerDriver;
import dev.kiln.docker.engine.EngineRef;
import dev.kiln.plugin.docker.testing.TestBuildContext;
import dev.kiln.plugin.docker.testing.TestEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The docker builder end to end against the real engine, with the offline busybox image. */
@Tag("docker")
class DockerBuilderIT {


    static TestEngine engine;
    static String busybox;
    static String withEntrypoint = "kiln-test/with-entrypoint:1";
    /** docker-java itself, for what DockerDriver has no call for: networks, published ports, image inspection. */
    static DockerClient client;
    static final List<String> networks = new ArrayList<>();

    @BeforeAll
    static void engine() throws InterruptedException {
        engine = TestEngine.connect();
        busybox = engine.busyboxImage();
        engine.importBusybox(withEntrypoint, List.of("ENTRYPOINT [\"/bin/echo\"]", "CMD [\"hello\"]",
                "ENV BASE=1"), true);
    }

    @AfterAll
    static void clean() throws IOException {
        if (engine != null) {
            engine.removeTestObjects();
            engine.close();
        }
        if (client != null) {
            for (String network : networks) {
                try {
                    client.removeNetworkCmd(network).exec();
                } catch (RuntimeException e) {
                    System.err.println("Test network '" + network + "' could not be removed: " + e.getMessage());
                }
            }
            client.close();
        }
    }

    /** Runs the docker CLI, which shows JSON null and [] apart (Kiln's ImageConfig reads both as empty). */
    private static String docker(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
        return output;
    }

    private static DockerClient client() {
        if (client == null) {
            EngineRef endpoint = EngineRef.resolve(null);
            DefaultDockerClientConfig.Builder config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                    .withDockerHost(endpoint.host()).withDockerTlsVerify(endpoint.tlsVerify());
            if (endpoint.certPath() != null) {
                config.withDockerCertPath(endpoint.certPath().toString());
            }
            DockerClientConfig built = config.build();
            client = DockerClientImpl.getInstance(built, new ZerodepDockerHttpClient.Builder()
                    .dockerHost(built.getDockerHost()).sslConfig(built.getSSLConfig()).build());
        }
        return client;
    }

    /**
     * A user-defined bridge network, labelled as a test object: an engine without a default bridge (dockerd
     * {@code --bridge=none}) still publishes ports of containers on one.
     */
    private static String testNetwork() {
        String name = "kiln-test-" + UUID.randomUUID().toString().substring(0, 8);
        String id = client().createNetworkCmd().withName(name).withDriver("bridge")
                .withLabels(Map.of(TestEngine.TEST_LABEL, "true")).exec().getId();
        networks.add(id);
        return name;
    }

    @AfterEach
    void noBuildContainerLeft() {
        assertThat(engine.countKilnContainers()).as("build containers left behind").isZero();
    }

    private static DockerBuilderConfig config(String image, boolean commit, boolean discard, String exportPath,
                                              List<String> changes) {
        return new DockerBuilderConfig(image, false, commit, discard, exportPath, changes, null, null, null, false,
                null, null, null, null, "Kiln Tests <kiln@example.com>", "built by DockerBuilderIT", null, null,
                null, null, false, null, null, null, null, false, null, null);
    }

    private static final OutputListener IGNORE = new OutputListener() {
        @Override public void stdout(String line) { }
        @Override public void stderr(String line) { }
    };

    @Test
    void committedImageKeepsBaseEntrypointAndCmdAndBakesInNoRunSettings() throws Exception {
        RecordingUi ui = new RecordingUi();
        TestBuildContext context = new TestBuildContext(ui, communicator ->
                assertThat(communicator.execute("echo provisioned > /marker", IGNORE)).isZero());

        Artifact artifact = new DockerBuilder().build(context,
                config(withEntrypoint, true, false, null, List.of("LABEL built=yes")));

        assertThat(artifact.builderType()).isEqualTo("docker");
        assertThat(artifact.id()).startsWith("sha256:");
        assertThat(artifact.describe()).isEqualTo("Imported Docker image: " + artifact.id());
        assertThat(artifact.metadata()).containsEntry(DockerImageArtifact.IMAGE_SHA256, artifact.id());
        TestEngine.ImageInfo image = engine.inspectImage(artifact.id());
        assertThat(image.entrypoint()).containsExactly("/bin/echo");
        assertThat(image.cmd()).containsExactly("hello");
        assertThat(image.tty()).isFalse();
        assertThat(image.openStdin()).isFalse();
        assertThat(image.env()).contains("BASE=1");
        assertThat(image.labels()).as("the base's labels and changes', none of Kiln's, as in Packer's image")
                .containsOnlyKeys("built", TestEngine.TEST_LABEL);

        String check = engine.startContainer(artifact.id());
        assertThat(engine.exec(check, "cat", "/marker").stdout()).isEqualTo("provisioned");
        assertThat(engine.exec(check, "test", "-e", "/packer-files").exitCode()).isEqualTo(1);
        engine.driver().removeContainer(check);

        assertThat(ui.lines()).containsSubsequence(
                "say: Starting docker container...",
                "detail: Run command: docker run -d -i -t --entrypoint=/bin/sh -- " + withEntrypoint,
                "say: Committing the container",
                "detail: Image ID: " + artifact.id());
        assertThat(ui.text()).contains("say: Using docker communicator to connect: ", "say: Killing the container: ");
    }

    @Test
    void changesAreAppliedWithDockerfileSemantics() throws Exception {
        RecordingUi ui = new RecordingUi();
        TestBuildContext context = new TestBuildContext(ui, communicator -> { });

        Artifact artifact = new DockerBuilder().build(context, config(withEntrypoint, true, false, null, List.of(
                "ENTRYPOINT [\"/bin/cat\"]", "ENV PATH=/opt/bin:$PATH", "WORKDIR /srv", "USER kiln", "EXPOSE 8080",
                "LABEL stage=changes")));

        TestEngine.ImageInfo image = engine.inspectImage(artifact.id());
        assertThat(image.entrypoint()).containsExactly("/bin/cat");
        assertThat(image.cmd()).as("ENTRYPOINT clears the inherited CMD, as in a Dockerfile").isEmpty();
        assertThat(image.env()).contains("PATH=/opt/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "BASE=1");
        assertThat(image.workingDir()).isEqualTo("/srv");
        assertThat(image.user()).isEqualTo("kiln");
        assertThat(image.labels()).containsEntry("stage", "changes");
    }

    @Test
    void cmdChangeOnAnImageWithoutEntrypointIsTheDefaultRun() throws Exception {
        Artifact artifact = new DockerBuilder().build(new TestBuildContext(new RecordingUi(), c -> { }),
                config(busybox, true, false, null, List.of("CMD [\"cat\", \"/etc/group\"]")));

        TestEngine.ImageInfo image = engine.inspectImage(artifact.id());
        assertThat(image.entrypoint()).as("Packer 1.6.6 would bake in /bin/sh here").isEmpty();
        assertThat(image.cmd()).containsExactly("cat", "/etc/group");
    }

    @Test
    void aBaseWithACommandButNoEntrypointGivesAnImageWithNoEntrypoint() throws Exception {
        // the shape of alpine and debian: Entrypoint null, Cmd ["/bin/sh"]
        String cmdOnly = "kiln-test/cmd-only:1";
        String made = client().createContainerCmd(busybox).withCmd("/bin/sh")
                .withLabels(Map.of(TestEngine.TEST_LABEL, "true")).exec().getId();
        try {
            docker("commit", made, cmdOnly);
        } finally {
            client().removeContainerCmd(made).exec();
        }
        assertThat(docker("image", "inspect", "--format", "{{json .Config.Entrypoint}} {{json .Config.Cmd}}", cmdOnly))
                .isEqualTo("null [\"/bin/sh\"]");
        List<String> provisioned = new ArrayList<>();
        TestBuildContext context = new TestBuildContext(new RecordingUi(), c -> provisioned.add(
                String.valueOf(c.execute("touch /provisioned", OutputListener.to(new RecordingUi())))));

        Artifact artifact = new DockerBuilder().build(context, config(cmdOnly, true, false, null, List.of()));

        assertThat(provisioned).containsExactly("0");
        assertThat(docker("image", "inspect", "--format", "{{json .Config.Entrypoint}} {{json .Config.Cmd}}",
                artifact.id())).as("null, as in the base, not []").isEqualTo("null [\"/bin/sh\"]");
        String check = engine.startContainer(artifact.id());
        assertThat(engine.exec(check, "test", "-e", "/provisioned").exitCode()).isZero();
    }

    @Test
    void exportWritesTheFilesystemAsATar(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("out").resolve("image.tar");
        RecordingUi ui = new RecordingUi();
        TestBuildContext context = new TestBuildContext(ui, communicator ->
                assertThat(communicator.execute("echo exported > /marker", IGNORE)).isZero());

        Artifact artifact = new DockerBuilder().build(context, config(busybox, false, false, target.toString(),
                List.of()));

        assertThat(artifact.describe()).isEqualTo("Exported Docker file: " + target);
        assertThat(artifact.id()).isEqualTo("Container");
        assertThat(artifact.files()).containsExactly(target.toString());
        Set<String> names = new HashSet<>();
        try (InputStream in = Files.newInputStream(target); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                names.add(entry.getName());
            }
        }
        assertThat(names).contains("bin/busybox", "marker", "etc/passwd");
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertThat(files).containsExactly(target);
        }
        assertThat(ui.lines()).contains("say: Exporting the container");
        // bytes as they arrive, of a size the engine does not announce; the last report is the whole file
        assertThat(ui.progress()).last().isEqualTo("Exporting to image.tar " + Files.size(target) + "/-1");
        artifact.destroy();
        assertThat(target).doesNotExist();
    }

    @Test
    void discardLeavesNothing() throws Exception {
        List<String> seen = new ArrayList<>();
        Artifact artifact = new DockerBuilder().build(new TestBuildContext(new RecordingUi(), communicator ->
                communicator.execute("echo discarded", new OutputListener() {
                    @Override public void stdout(String line) { seen.add(line); }
                    @Override public void stderr(String line) { }
                })), config(busybox, false, true, null, List.of()));

        assertThat(seen).containsExactly("discarded");
        assertThat(artifact.id()).isEqualTo("Container");
        assertThat(artifact.files()).isEmpty();
    }

    @Test
    void pullFalseWithAMissingImageFailsClearlyBeforeAnyContainer() {
        long before = engine.countContainers(null);
        assertThatThrownBy(() -> new DockerBuilder().build(new TestBuildContext(new RecordingUi(), c -> { }),
                config("kiln-test/does-not-exist:1", true, false, null, List.of())))
                .isInstanceOf(KilnException.class)
                .hasMessageContaining("Image 'kiln-test/does-not-exist:1' was not found at '"
                        + engine.driver().host() + "'")
                .hasMessageContaining("set pull: true");
        assertThat(engine.countContainers(null)).isEqualTo(before);
    }

    @Test
    void aFailedPullNamesTheImageAndLeavesNoContainer() {
        DockerBuilderConfig pulling = new DockerBuilderConfig("127.0.0.1:9/kiln-test/nothing:1", true, true, false,
                null, null, null, null, null, false, null, null, null, null, null, null, null, null, null, null, false, null, null, null, null, false, null, null);
        RecordingUi ui = new RecordingUi();
        assertThatThrownBy(() -> new DockerBuilder().build(new TestBuildContext(ui, c -> { }), pulling))
                .isInstanceOf(KilnException.class)
                .hasMessageContaining("Pulling image '127.0.0.1:9/kiln-test/nothing:1' failed");
        assertThat(ui.lines()).contains("say: Pulling Docker image: 127.0.0.1:9/kiln-test/nothing:1");
    }

    @Test
    void aFailingProvisionerLeavesNoContainer() {
        RecordingUi ui = new RecordingUi();
        TestBuildContext context = new TestBuildContext(ui, communicator -> {
            throw new KilnException("Script exited with non-zero exit status: 1");
        });
        assertThatThrownBy(() -> new DockerBuilder().build(context, config(busybox, true, false, null, List.of())))
                .hasMessage("Script exited with non-zero exit status: 1");
        assertThat(ui.text()).contains("say: Killing the container: ");
    }

    @Test
    void aContainerThatCannotStartIsRemoved() {
        DockerBuilderConfig broken = new DockerBuilderConfig(busybox, false, false, true, null, null,
                List.of("-d", "-i", "-t", "--entrypoint=/no/such/shell", "--", "{{.Image}}"), null, null, false,
                null, null, null, null, null, null, null, null, null, null, false, null, null, null, null, false, null, null);
        RecordingUi ui = new RecordingUi();
        assertThatThrownBy(() -> new DockerBuilder().build(new TestBuildContext(ui, c -> { }), broken))
                .isInstanceOf(KilnException.class)
                .hasMessageContaining("Starting container")
                .hasMessageContaining("/no/such/shell");
        assertThat(ui.text()).contains("say: Killing the container: ");
    }

    @Test
    void runCommandFlagsReachTheContainerAndExecUserIsUsed() throws Exception {
        DockerBuilderConfig custom = new DockerBuilderConfig(busybox, false, false, true, null, null,
                List.of("-dit", "--entrypoint", "/bin/sh", "-e", "GREETING=hello there", "-w", "/tmp",
                        "--label=purpose=it", "--", "{{.Image}}"),
                null, null, false, null, null, null, null, null, null, TestEngine.TEST_USER, null, null, null, false, null, null, null, null, false, null, null);
        List<String> lines = new ArrayList<>();
        new DockerBuilder().build(new TestBuildContext(new RecordingUi(), communicator ->
                communicator.execute("echo \"$GREETING\" $(pwd) $(id -un)", new OutputListener() {
                    @Override public void stdout(String line) { lines.add(line); }
                    @Override public void stderr(String line) { lines.add("ERR " + line); }
                })), custom);

        assertThat(lines).containsExactly("hello there /tmp kiln");
    }

    @Test
    void publishedPortHostnameUlimitAndEnvFileReachARealContainer(@TempDir Path dir) throws Exception {
        Path envFile = Files.writeString(dir.resolve("build.env"), "# read by Kiln, as docker run --env-file does\n"
                + "FROM_FILE=read from the file\n\nOVERRIDDEN=file\n");
        String network = testNetwork();
        DockerBuilderConfig custom = new DockerBuilderConfig(busybox, false, true, false, null, null,
                List.of("-dit", "--entrypoint", "/bin/sh", "--network", network, "-p", "127.0.0.1::8080",
                        "--hostname=kiln-box", "--ulimit", "nofile=1024:2048", "--env-file", envFile.toString(),
                        "-e", "OVERRIDDEN=flag", "--", "{{.Image}}"),
                null, null, false, null, null, null, null, null, null, null, null, null, null, false, null, null, null, null, false, null, null);
        RecordingUi ui = new RecordingUi();
        List<String> lines = new ArrayList<>();
        OutputListener collect = new OutputListener() {
            @Override public void stdout(String line) { lines.add(line); }
            @Override public void stderr(String line) { lines.add("ERR " + line); }
        };
        List<String> served = new ArrayList<>();
        List<PortBinding> requested = new ArrayList<>();
        List<PortBinding> published = new ArrayList<>();

        Artifact artifact = new DockerBuilder().build(new TestBuildContext(ui, communicator -> {
            assertThat(communicator.execute("hostname; ulimit -Sn; ulimit -Hn; echo \"$FROM_FILE, $OVERRIDDEN\"",
                    collect)).isZero();
            // busybox httpd binds port 8080, then goes to the background; the exec ends
            assertThat(communicator.execute("mkdir -p /tmp/www && echo served through the published port "
                    + "> /tmp/www/index.html && httpd -p 8080 -h /tmp/www", collect)).isZero();
            String id = ui.lines().stream().filter(l -> l.startsWith("detail: Container ID: ")).findFirst()
                    .orElseThrow().substring("detail: Container ID: ".length());
            InspectContainerResponse container = client().inspectContainerCmd(id).exec();
            requested.addAll(bindings(container.getHostConfig().getPortBindings()));
            published.addAll(bindings(container.getNetworkSettings().getPorts()));
            served.add(get("http://127.0.0.1:" + published.get(0).getBinding().getHostPortSpec() + "/"));
        }), custom);

        assertThat(lines).containsExactly("kiln-box", "1024", "2048", "read from the file, flag");
        assertThat(requested).extracting(b -> b.getExposedPort().toString(), b -> b.getBinding().getHostIp(),
                b -> b.getBinding().getHostPortSpec()).containsExactly(tuple("8080/tcp", "127.0.0.1", ""));
        assertThat(published).singleElement().satisfies(b -> {
            assertThat(b.getExposedPort().toString()).isEqualTo("8080/tcp");
            assertThat(b.getBinding().getHostIp()).isEqualTo("127.0.0.1");
            assertThat(b.getBinding().getHostPortSpec()).as("a port the engine chose").matches("[1-9][0-9]*");
        });
        assertThat(served).containsExactly("served through the published port");
        ContainerConfig image = client().inspectImageCmd(artifact.id()).exec().getConfig();
        assertThat(image.getExposedPorts()).as("committed as docker commit does")
                .extracting(ExposedPort::toString).containsExactly("8080/tcp");
        assertThat(image.getHostName()).as("the build container's host name is not baked in").isNotEqualTo("kiln-box");
    }

    private static List<PortBinding> bindings(Ports ports) {
        List<PortBinding> list = new ArrayList<>();
        if (ports != null) {
            ports.getBindings().forEach((port, bound) -> {
                for (Ports.Binding binding : bound == null ? new Ports.Binding[0] : bound) {
                    list.add(new PortBinding(binding, port));
                }
            });
        }
        return list;
    }

    private static String get(String url) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setConnectTimeout(5000);
            connection.setReadTimeout(5000);
            try (InputStream in = connection.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + url + " failed", e);
        }
    }

    @Test
    void anUnsupportedRunCommandFlagFailsBeforeAnyContainer() {
        DockerBuilderConfig bad = new DockerBuilderConfig(busybox, false, false, true, null, null,
                List.of("-d", "--cidfile=/tmp/id", "{{.Image}}"), Map.of(), null, false, null, null, null, null, null,
                null, null, null, null, null, false, null, null, null, null, false, null, null);
        long before = engine.countContainers(null);
        assertThatThrownBy(() -> new DockerBuilder().build(new TestBuildContext(new RecordingUi(), c -> { }), bad))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("run_command: flag '--cidfile' is not supported; supported: ");
        assertThat(engine.countContainers(null)).isEqualTo(before);
    }

    @Test
    void exportPathIsNeverLeftHalfWritten(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("image.tar");
        Files.writeString(target, "previous");
        TestBuildContext context = new TestBuildContext(new RecordingUi(), communicator -> {
            throw new KilnException("provisioning failed");
        });
        assertThatThrownBy(() -> new DockerBuilder().build(context, config(busybox, false, false, target.toString(),
                List.of()))).hasMessage("provisioning failed");
        assertThat(target).hasContent("previous");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }
}
