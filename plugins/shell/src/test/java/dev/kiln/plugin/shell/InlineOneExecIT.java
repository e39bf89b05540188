package dev.kiln.plugin.shell;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.api.Communicator;
import dev.kiln.api.OutputListener;
import dev.kiln.api.testing.FakeContext;
import dev.kiln.docker.engine.CommitSpec;
import dev.kiln.plugin.docker.testing.TestEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds the same inline provisioning twice against the real engine, once in one exec (the defaults) and once through
 * the upload path (an {@code execute_command} that differs from the default only by a trailing space), commits both
 * containers and compares what the images hold: configuration, layers entry by entry (type, mode, owner, size,
 * link, content), and what the provisioning printed.
 */
@Tag("docker")
class InlineOneExecIT {

    /** Provisioning that touches what images are made of: files, modes, links, removals, edits, the environment. */
    private static final List<String> PROVISIONING = List.of(
            "mkdir -p /opt/app/bin /opt/app/etc",
            "printf '%s\\n' \"$GREETING\" > /opt/app/etc/greeting",
            "echo \"name=$PACKER_BUILD_NAME type=$PACKER_BUILDER_TYPE args=$# zero=$0\" > /opt/app/etc/build",
            "env | grep -v '^HOSTNAME=' | sort > /opt/app/etc/env",
            "printf '#!/bin/sh\\necho app\\n' > /opt/app/bin/app && chmod 0750 /opt/app/bin/app",
            "mkdir -p /usr/local/bin && ln -s /opt/app/bin/app /usr/local/bin/app",
            "chown 1000:1000 /opt/app/etc/greeting",
            "echo 'motd from kiln' >> /etc/motd",
            "rm -f /bin/vi",
            "echo \"done with '$GREETING'\"");
    private static final List<String> ENVIRONMENT = List.of("GREETING=it's \"quoted\" $HOME `id` \\ ok");

    private static TestEngine engine;
    private static final List<String> containers = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void connect() {
        engine = TestEngine.connect();
    }

    @AfterAll
    static void clean() {
        if (engine != null) {
            containers.forEach(id -> engine.driver().killAndRemoveContainerQuietly(id));
            engine.removeTestObjects();
            engine.close();
        }
    }

    @Test
    void oneExecAndTheUploadPathCommitTheSameImage() throws Exception {
        ConfigBuilder oneExec = ConfigBuilder.inline(PROVISIONING.toArray(String[]::new));
        oneExec.environmentVars = ENVIRONMENT;
        oneExec.remoteFile = "script_77.sh"; // the default form; fixed so both runs see the same $0
        ConfigBuilder upload = ConfigBuilder.inline(PROVISIONING.toArray(String[]::new));
        upload.environmentVars = ENVIRONMENT;
        upload.remoteFile = "script_77.sh";
        upload.executeCommand = ShellProvisionerConfig.DEFAULT_EXECUTE_COMMAND + " ";
        assertThat(ShellProvisioner.runsInOneExec(oneExec.build())).isTrue();
        assertThat(ShellProvisioner.runsInOneExec(upload.build())).isFalse();

        Built a = build(oneExec.build());
        Built b = build(upload.build());

        assertThat(a.calls()).as("one exec, nothing uploaded").hasSize(1).allMatch(c -> c.startsWith("exec "));
        assertThat(b.calls()).as("upload, run, remove").hasSize(3).first().asString().startsWith("upload ");
        assertThat(a.output()).isEqualTo(b.output())
                .contains("detail: done with 'it's \"quoted\" $HOME `id` \\ ok'");
        SavedImage one = save(a.image(), "one");
        SavedImage up = save(b.image(), "up");
        assertThat(one.config()).isEqualTo(up.config());
        assertThat(one.layers()).hasSameSizeAs(up.layers());
        int last = one.layers().size() - 1;
        assertThat(one.layers().subList(0, last)).isEqualTo(up.layers().subList(0, last));
        List<String> oneLayer = one.layers().get(last);
        List<String> upLayer = up.layers().get(last);
        assertThat(oneLayer).contains("bin/vi whiteout", "usr/local/bin/app link 777 0:0 -> /opt/app/bin/app")
                .anyMatch(entry -> entry.startsWith("opt/app/etc/greeting file 644 1000:1000 "))
                .anyMatch(entry -> entry.startsWith("opt/app/bin/app file 750 0:0 "))
                .noneMatch(entry -> entry.startsWith("tmp/"));
        // The upload path leaves one trace: /tmp itself, changed (its mtime) by writing and removing the script.
        assertThat(upLayer).filteredOn(entry -> !entry.startsWith("tmp/")).isEqualTo(oneLayer);
        assertThat(upLayer).filteredOn(entry -> entry.startsWith("tmp/")).containsExactly("tmp/ dir 1777 0:0");
        assertThat(fileIn(a.container(), "/opt/app/etc/build"))
                .isEqualTo(fileIn(b.container(), "/opt/app/etc/build"))
                .isEqualTo("name=inline-it type=docker args=0 zero=/tmp/script_77.sh");
        assertThat(fileIn(a.container(), "/opt/app/etc/env")).isEqualTo(fileIn(b.container(), "/opt/app/etc/env"))
                .contains("GREETING=it's \"quoted\" $HOME `id` \\ ok", "PACKER_BUILD_NAME=inline-it");
    }

    private record Built(String container, String image, List<String> calls, List<String> output) {
    }

    private Built build(ShellProvisionerConfig config) throws Exception {
        String container = engine.startContainer(engine.busyboxImage());
        containers.add(container);
        FakeContext context = new FakeContext("inline-it", "docker");
        List<String> calls = new ArrayList<>();
        try (Communicator real = engine.communicator(container)) {
            new ShellProvisioner().provision(context, counting(real, calls), config);
        }
        String image = engine.driver().commit(container, new CommitSpec(null, null, List.of(), null, null));
        List<String> output = context.ui().lines().stream().filter(line -> !line.startsWith("say: ")).toList();
        return new Built(container, image, List.copyOf(calls), output);
    }

    private static String fileIn(String container, String path) throws InterruptedException {
        TestEngine.ExecResult cat = engine.exec(container, "cat", path);
        assertThat(cat.exitCode()).as(cat.stderr()).isZero();
        return cat.stdout();
    }

    /** An image's configuration without what names its container, and each layer's entries without times. */
    private record SavedImage(JsonNode config, List<List<String>> layers) {
    }

    private SavedImage save(String image, String name) throws Exception {
        Path saved = dir.resolve(name + ".tar");
        try (OutputStream out = Files.newOutputStream(saved)) {
            engine.driver().saveImage(image, out);
        }
        Path root = Files.createDirectories(dir.resolve(name));
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(saved))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path target = root.resolve(entry.getName()).normalize();
                if (entry.isFile() && target.startsWith(root)) {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target);
                }
            }
        }
        ObjectMapper mapper = new ObjectMapper();
        JsonNode manifest = mapper.readTree(root.resolve("manifest.json").toFile()).get(0);
        ObjectNode config = (ObjectNode) mapper.readTree(root.resolve(manifest.get("Config").asText()).toFile());
        ObjectNode runtime = (ObjectNode) config.get("config").deepCopy();
        runtime.remove("Hostname"); // docker commit keeps the container's host name, its short ID
        ObjectNode kept = mapper.createObjectNode();
        kept.set("config", runtime);
        kept.set("architecture", config.get("architecture"));
        kept.set("os", config.get("os"));
        kept.put("layers", config.get("rootfs").get("diff_ids").size());
        List<List<String>> layers = new ArrayList<>();
        for (JsonNode layer : manifest.get("Layers")) {
            layers.add(entries(root.resolve(layer.asText())));
        }
        return new SavedImage(kept, layers);
    }

    /** {@code name type mode uid:gid [size sha256] [-> link]} for every entry of a layer, in the layer's order. */
    private static List<String> entries(Path layer) throws IOException, NoSuchAlgorithmException {
        List<String> entries = new ArrayList<>();
        try (InputStream in = Files.newInputStream(layer); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entry.getName();
                String base = name.substring(name.lastIndexOf('/', name.length() - 2) + 1);
                String owner = entry.getLongUserId() + ":" + entry.getLongGroupId();
                String mode = Integer.toOctalString(entry.getMode() & 07777);
                if (base.startsWith(".wh.")) {
                    entries.add(name.substring(0, name.length() - base.length()) + base.substring(4) + " whiteout");
                } else if (entry.isDirectory()) {
                    entries.add(name + " dir " + mode + " " + owner);
                } else if (entry.isSymbolicLink()) {
                    entries.add(name + " link " + mode + " " + owner + " -> " + entry.getLinkName());
                } else if (entry.isLink()) {
                    entries.add(name + " hardlink -> " + entry.getLinkName());
                } else {
                    byte[] content = tar.readAllBytes();
                    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
                    entries.add(name + " file " + mode + " " + owner + " " + content.length + " " + sha);
                }
            }
        }
        return entries;
    }

    /** Records {@code exec <command>} and {@code upload <destination>} for each call, then passes it on. */
    private static Communicator counting(Communicator real, List<String> calls) {
        return new Communicator() {
            @Override public int execute(String command, OutputListener output) throws InterruptedException {
                calls.add("exec " + command);
                return real.execute(command, output);
            }
            @Override public void upload(Path source, String destination) throws InterruptedException {
                calls.add("upload " + destination);
                real.upload(source, destination);
            }
            @Override public void download(String source, Path destination) throws InterruptedException {
                real.download(source, destination);
            }
            @Override public void close() {
            }
        };
    }
}
