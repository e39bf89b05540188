package dev.kiln.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.docker.engine.CommitSpec;
import dev.kiln.docker.engine.ContainerSpec;
import dev.kiln.plugin.docker.testing.TestEngine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same template through Debian's {@code packer} 1.6.6 (HCL2 in beta there) and the packaged {@code bin/kiln}, on
 * the local busybox base image: the images must have the same files (path, type, mode, owner, size, link, content),
 * the same config and the same tags, and the runs the same exit code and artifact lines.
 *
 * <p>Where Kiln differs from 1.6.6 on purpose (README, "Better than Packer") the test asserts both sides: Packer 1.6.6
 * bakes {@code ENTRYPOINT ["/bin/sh"]}, {@code Tty} and {@code OpenStdin} into an image whose template does not set
 * them, and leaves the empty mount point {@code /packer-files} of its shared folder; Kiln keeps the base image's
 * entrypoint and mounts no folder. Packer runs offline ({@code CHECKPOINT_DISABLE=1}) with {@code PACKER_LOG} unset.
 * Without {@code packer} on the path (or the command {@code -Dkiln.packer} names) the tests are skipped, or fail when
 * {@code CI=true} ({@code .ci/run} installs it).
 */
class PackerDifferentialIT extends EngineTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Packer's shared folder's mount point, empty, in every image 1.6.6 commits. */
    private static final String PACKER_FILES = "packer-files/";

    private static String packer;

    /** Finds Packer 1.6.6: {@code packer} on the path, or the command system property {@code kiln.packer} names. */
    @BeforeAll
    static void findPacker() throws Exception {
        String command = System.getProperty("kiln.packer", "packer");
        String version;
        try {
            Process p = new ProcessBuilder(command, "version").redirectErrorStream(true).start();
            version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("the differential tests need Packer 1.6.6 on the path (CI=true; "
                        + "apt-get install packer): " + e.getMessage(), e);
            }
            Assumptions.abort(command + " is not there: skipping the differential tests against Packer 1.6.6");
            return;
        }
        assertThat(version).as("the oracle is Debian's Packer 1.6.6").contains("Packer v1.6.6");
        packer = command;
    }

    @Test
    void aServiceImageWithVariablesLocalsShellFileAndChanges() throws Exception {
        Files.writeString(work.resolve("setup.sh"), """
                #!/bin/sh
                set -e
                mkdir -p /opt/app
                echo "greeting=$GREETING" > /opt/app/env.txt
                echo "build=$PACKER_BUILD_NAME type=$PACKER_BUILDER_TYPE" >> /opt/app/env.txt
                """);
        Files.createDirectories(work.resolve("files/site/sub"));
        Files.writeString(work.resolve("files/index.html"), "static content\n");
        Files.writeString(work.resolve("files/site/a.txt"), "a\n");
        Files.writeString(work.resolve("files/site/sub/b.txt"), "b\n");
        Files.writeString(work.resolve("web.pkr.hcl"), """
                variable "base" {
                  type    = string
                  default = "kiln-examples/busybox"
                }
                variable "version" {
                  type    = string
                  default = "1.0"
                }
                variable "ports" {
                  type    = list(number)
                  default = [80, 443]
                }
                locals {
                  repo   = "kiln-test/diff-web"
                  labels = { app = "web", version = var.version }
                }
                source "docker" "web" {
                  image  = var.base
                  pull   = false
                  commit = true
                  changes = concat(
                    ["ENV APP_VERSION=${var.version}", "WORKDIR /opt/app", "USER nobody",
                     "ENTRYPOINT [\\"/bin/sh\\", \\"-c\\"]", "CMD [\\"cat /opt/app/env.txt\\"]"],
                    [for p in var.ports : "EXPOSE ${p}"],
                    [for k, v in local.labels : "LABEL ${k}=${v}"]
                  )
                }
                build {
                  sources = ["source.docker.web"]
                  provisioner "shell" {
                    environment_vars = ["GREETING=hello ${var.version}"]
                    script           = "setup.sh"
                  }
                  provisioner "shell" {
                    environment_vars = ["FOO=bar baz"]
                    inline           = ["echo inline-${source.name} >> /opt/app/env.txt",
                                        "echo \\"$FOO\\" > /opt/app/foo.txt"]
                  }
                  provisioner "file" {
                    source      = "files/index.html"
                    destination = "/opt/app/index.html"
                  }
                  provisioner "file" {
                    source      = "files/site"
                    destination = "/opt/app"
                  }
                  post-processor "docker-tag" {
                    repository = local.repo
                    tags       = [var.version, "latest"]
                  }
                }
                """);
        String[] args = {"build", "-color=false", "-var", "base=" + base, "-var", "version=2.5", "web.pkr.hcl"};
        List<String> tags = List.of("kiln-test/diff-web:2.5", "kiln-test/diff-web:latest");

        Outcome fromPacker = packer(args, tags);
        Outcome fromKiln = kiln(args, tags);

        assertSameOutcome(fromPacker, fromKiln);
        Image image = fromKiln.images().get(tags.get(0));
        assertThat(image.config()).containsEntry("User", "\"nobody\"").containsEntry("WorkingDir", "\"/opt/app\"")
                .containsEntry("Entrypoint", "[\"/bin/sh\",\"-c\"]")
                .containsEntry("ExposedPorts", "{\"443/tcp\":{},\"80/tcp\":{}}")
                .containsEntry("Labels", "{\"app\":\"web\",\"dev.kiln.test\":\"true\",\"version\":\"2.5\"}");
        assertThat(image.files()).containsKeys("opt/app/index.html", "opt/app/site/a.txt", "opt/app/site/sub/b.txt");
        assertThat(image.texts()).as("PACKER_BUILD_NAME is the source's name in HCL2, as Packer gives it")
                .containsEntry("opt/app/env.txt", "greeting=hello 2.5\nbuild=web type=docker\ninline-web\n")
                .containsEntry("opt/app/foo.txt", "bar baz\n");
    }

    @Test
    void twoSourcesInANamedBuildWithOnlyExceptAndADynamicProvisioner() throws Exception {
        Files.writeString(work.resolve("multi.pkr.hcl"), """
                variable "base" {
                  type = string
                }
                variable "files" {
                  type    = map(string)
                  default = { one = "1", two = "2" }
                }
                source "docker" "a" {
                  image   = var.base
                  pull    = false
                  commit  = true
                  changes = ["ENV SIDE=a"]
                }
                source "docker" "b" {
                  image  = var.base
                  pull   = false
                  commit = true
                }
                build {
                  name    = "multi"
                  sources = ["source.docker.a", "source.docker.b"]
                  provisioner "shell" {
                    inline = ["mkdir -p /out", "echo $PACKER_BUILD_NAME $PACKER_BUILDER_TYPE > /out/n",
                              "echo ${build.name} ${source.name} >> /out/n"]
                  }
                  provisioner "shell" {
                    only   = ["docker.a"]
                    inline = ["echo only-a > /out/only"]
                  }
                  provisioner "shell" {
                    except = ["docker.a"]
                    inline = ["echo not-a > /out/except"]
                  }
                  dynamic "provisioner" {
                    for_each = var.files
                    labels   = ["shell"]
                    content {
                      inline = ["echo ${provisioner.value} > /out/${provisioner.key}"]
                    }
                  }
                  post-processor "docker-tag" {
                    only       = ["docker.a"]
                    repository = "kiln-test/diff-multi-a"
                    tags       = ["1"]
                  }
                  post-processor "docker-tag" {
                    except     = ["docker.a"]
                    repository = "kiln-test/diff-multi-b"
                    tags       = ["1"]
                  }
                }
                """);
        String[] args = {"build", "-color=false", "-var", "base=" + base, "multi.pkr.hcl"};
        List<String> tags = List.of("kiln-test/diff-multi-a:1", "kiln-test/diff-multi-b:1");

        Outcome fromPacker = packer(args, tags);
        Outcome fromKiln = kiln(args, tags);

        assertSameOutcome(fromPacker, fromKiln);
        assertThat(fromKiln.images().get(tags.get(0)).files()).containsKeys("out/n", "out/only", "out/one", "out/two")
                .doesNotContainKey("out/except");
        assertThat(fromKiln.images().get(tags.get(1)).files()).containsKeys("out/n", "out/except", "out/one")
                .doesNotContainKey("out/only");
        assertThat(fromKiln.images().get(tags.get(0)).texts()).containsEntry("out/n", "a docker\nmulti a\n");
        assertThat(fromKiln.images().get(tags.get(1)).texts()).containsEntry("out/n", "b docker\nmulti b\n");
    }

    /**
     * A build that uses one source twice under new names, with settings of its own. Packer 1.6.6 refuses a setting the
     * source block has already ("Duplicate argument"; later Packer overrides it), so the source sets no changes here.
     */
    @Test
    void renamedSourcesAPostProcessorChainWithAManifestAndShellLocal() throws Exception {
        Files.writeString(work.resolve("rel.pkr.hcl"), """
                variable "base" {
                  type = string
                }
                source "docker" "app" {
                  image  = var.base
                  pull   = false
                  commit = true
                }
                build {
                  name = "rel"
                  source "source.docker.app" {
                    name    = "blue"
                    changes = ["ENV FLAVOUR=blue", "LABEL colour=blue"]
                  }
                  source "source.docker.app" {
                    name = "green"
                  }
                  provisioner "shell" {
                    inline = ["echo $PACKER_BUILD_NAME ${build.name} ${source.name} > /names"]
                  }
                  post-processors {
                    post-processor "docker-tag" {
                      repository = "kiln-test/diff-rel-${source.name}"
                      tags       = ["1"]
                    }
                    post-processor "manifest" {
                      output      = "manifest-${source.name}.json"
                      custom_data = { colour = source.name }
                    }
                  }
                  post-processor "shell-local" {
                    inline = ["echo local: $PACKER_BUILD_NAME $PACKER_BUILDER_TYPE"]
                  }
                }
                """);
        String[] args = {"build", "-color=false", "-var", "base=" + base, "rel.pkr.hcl"};
        List<String> tags = List.of("kiln-test/diff-rel-blue:1", "kiln-test/diff-rel-green:1");

        Outcome fromPacker = packer(args, tags);
        Map<String, JsonNode> packerManifests = manifests("blue", "green");
        Outcome fromKiln = kiln(args, tags);
        Map<String, JsonNode> kilnManifests = manifests("blue", "green");

        assertSameOutcome(fromPacker, fromKiln);
        assertThat(fromPacker.artifacts()).as("1.6.6 lists a passed-on artifact once per post-processor that kept it")
                .hasSize(8);
        assertThat(fromKiln.artifacts()).hasSize(4);
        for (String colour : List.of("blue", "green")) {
            assertThat(fromKiln.images().get("kiln-test/diff-rel-" + colour + ":1").texts())
                    .as("PACKER_BUILD_NAME is the source block's name, also when the build renames it")
                    .containsEntry("names", "app rel " + colour + "\n");
            assertThat(fromPacker.output()).contains("    rel.docker." + colour + " (shell-local): local: app docker");
            assertThat(fromKiln.output()).contains("    rel.docker." + colour + " (shell-local): local: app docker");
        }
        assertThat(fromKiln.images().get(tags.get(0)).config()).containsEntry("Labels",
                "{\"colour\":\"blue\",\"dev.kiln.test\":\"true\"}");
        assertThat(kilnManifests).isEqualTo(packerManifests);
        assertThat(kilnManifests.get("blue").toString()).contains("\"name\":\"app\"", "\"colour\":\"blue\"");
    }

    @Test
    void theUpgradedOfflineExampleBuildsWhatItsJsonTemplateBuilds() throws Exception {
        Path example = KilnProcess.home().resolve("examples/offline-busybox");
        Process make = new ProcessBuilder("sh", example.resolve("make-base-image.sh").toString())
                .redirectErrorStream(true).start();
        assertThat(make.waitFor(2, TimeUnit.MINUTES) && make.exitValue() == 0)
                .as(new String(make.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isTrue();
        Files.copy(example.resolve("template.json"), work.resolve("template.json"));
        List<String> tags = List.of("terraform-workshop/busybox-www:0.0.1");
        try {
            Image image = roundTrip(tags).images().get(tags.get(0));
            assertThat(image.texts()).containsEntry("var/www/index.html", "hello from kiln\n");
        } finally {
            tags.forEach(t -> engine.driver().removeImage(t, true));
        }
    }

    /**
     * The alpine example needs Docker Hub's {@code alpine} and alpine's package index, neither reachable offline. So,
     * only in this test's engine and only while no real {@code alpine} is there, {@code alpine:latest} is the busybox
     * base with a stand-in {@code /sbin/apk} that installs a fixed {@code nginx} file, and the template is copied with
     * {@code "pull": false} added (Packer and Kiln would both try to pull otherwise).
     */
    @Test
    void theUpgradedAlpineExampleBuildsWhatItsJsonTemplateBuildsOnAStandInAlpine() throws Exception {
        Assumptions.assumeFalse(engine.imageExists("alpine:latest"), "a real alpine image is in this engine");
        String json = Files.readString(KilnProcess.home().resolve("examples/alpine-nginx/template.json"));
        assertThat(json).contains("\"image\": \"alpine\", \"commit\": true");
        Files.writeString(work.resolve("template.json"),
                json.replace("\"image\": \"alpine\",", "\"image\": \"alpine\", \"pull\": false,"));
        byte[] apk = """
                #!/bin/sh
                [ "$1" = add ] || exit 1
                shift
                mkdir -p /usr/sbin /etc/apk
                for p; do echo "$p stand-in" > /usr/sbin/$p; chmod 755 /usr/sbin/$p; echo $p >> /etc/apk/world; done
                """.getBytes(StandardCharsets.UTF_8);
        // a container made, never started, with /sbin/apk copied in, committed with alpine's CMD ["/bin/sh"] and
        // otherwise the base image's config
        String container = engine.driver().createContainer(ContainerSpec.builder(base).cmd(List.of("/bin/true"))
                .label(TestEngine.TEST_LABEL, "true").build());
        List<String> tags = List.of("terraform-workshop/alpine-nginx:0.0.1");
        try {
            engine.driver().copyToContainer(container, "/sbin", out -> {
                TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
                TarArchiveEntry entry = new TarArchiveEntry("apk");
                entry.setSize(apk.length);
                entry.setMode(0100755);
                tar.putArchiveEntry(entry);
                tar.write(apk);
                tar.closeArchiveEntry();
                tar.finish();
            });
            String id = engine.driver().commit(container, new CommitSpec(null, null, List.of(), null,
                    List.of("/bin/sh")));
            engine.driver().tag(id, "alpine", "latest", false);
            Image image = roundTrip(tags).images().get(tags.get(0));
            assertThat(image.texts()).containsEntry("usr/sbin/nginx", "nginx stand-in\n")
                    .containsEntry("etc/apk/world", "nginx\n");
            assertThat(image.config()).as("Kiln keeps alpine's CMD").containsEntry("Cmd", "[\"/bin/sh\"]");
        } finally {
            engine.driver().killAndRemoveContainerQuietly(container);
            tags.forEach(t -> engine.driver().removeImage(t, true));
            engine.driver().removeImage("alpine:latest", true);
        }
    }

    /**
     * A provisioner that fails: both exit 1, name the build and the exit status, and tag nothing.
     * Kiln puts the failure summary on stderr (README) where Packer prints everything on stdout, and adds the space
     * that 1.6.6's message lacks ("3.Allowed").
     */
    @Test
    void aFailingProvisionerFailsTheBuildInBoth() throws Exception {
        Files.writeString(work.resolve("fail.pkr.hcl"), """
                variable "base" {
                  type = string
                }
                source "docker" "f" {
                  image  = var.base
                  pull   = false
                  commit = true
                }
                build {
                  sources = ["source.docker.f"]
                  provisioner "shell" {
                    inline = ["echo before", "exit 3"]
                  }
                  post-processor "docker-tag" {
                    repository = "kiln-test/diff-fail"
                    tags       = ["1"]
                  }
                }
                """);
        String[] args = {"build", "-color=false", "-var", "base=" + base, "fail.pkr.hcl"};

        Run fromPacker = runPacker(args);
        KilnProcess.Result fromKiln = KilnProcess.run(work, args);

        assertThat(fromPacker.exitCode()).as(fromPacker.stdout()).isEqualTo(1);
        assertThat(fromKiln.exitCode()).as(fromKiln.stdout() + fromKiln.stderr()).isEqualTo(1);
        for (String output : List.of(fromPacker.stdout(), fromKiln.stdout())) {
            assertThat(output).contains("    docker.f: before", "Build 'docker.f' errored after ",
                    "==> Builds finished but no artifacts were created.");
        }
        assertThat(fromPacker.stdout()).contains("==> Some builds didn't complete successfully and had errors:",
                "--> docker.f: Script exited with non-zero exit status: 3.Allowed exit codes are: [0]");
        assertThat(fromKiln.stderr()).contains("==> Some builds didn't complete successfully and had errors:",
                "--> docker.f: Script exited with non-zero exit status: 3. Allowed exit codes are: [0]");
        assertThat(engine.imageExists("kiln-test/diff-fail:1")).isFalse(); // Kiln's containers: EngineTest checks
    }

    @Test
    void aFileProvisionersContentIsNewerThanPacker166() throws Exception {
        Files.writeString(work.resolve("content.pkr.hcl"), """
                variable "base" {
                  type = string
                }
                source "docker" "c" {
                  image   = var.base
                  pull    = false
                  discard = true
                }
                build {
                  sources = ["source.docker.c"]
                  provisioner "file" {
                    content     = "generated\\n"
                    destination = "/tmp/gen.txt"
                  }
                  provisioner "shell" {
                    inline = ["cat /tmp/gen.txt"]
                  }
                }
                """);
        String[] args = {"build", "-color=false", "-var", "base=" + base, "content.pkr.hcl"};

        Run fromPacker = runPacker(args);
        KilnProcess.Result fromKiln = KilnProcess.run(work, args);

        assertThat(fromPacker.exitCode()).as("1.6.6's file provisioner has no content (Packer 1.7 added it)")
                .isEqualTo(1);
        assertThat(fromPacker.stdout().replaceAll("\\s+", " "))
                .contains("Unsupported argument; An argument named \"content\" is not expected here.");
        assertThat(fromKiln.exitCode()).as(fromKiln.stdout() + fromKiln.stderr()).isZero();
        assertThat(fromKiln.stdout()).contains("    docker.c: generated");
    }

    /**
     * {@code kiln hcl2_upgrade template.json} in the work folder, then the JSON and the upgraded template each
     * through Packer and Kiln: four builds of the same image.
     */
    private Outcome roundTrip(List<String> tags) throws Exception {
        KilnProcess.Result upgrade = KilnProcess.run(work, "hcl2_upgrade", "template.json");
        assertThat(upgrade.exitCode()).as(upgrade.stdout() + upgrade.stderr()).isZero();
        assertThat(upgrade.stdout()).contains("Successfully created template.json.pkr.hcl");
        assertThat(Files.readString(work.resolve("template.json.pkr.hcl"))).contains("source \"docker\" \"docker\"",
                "post-processor \"docker-tag\"");

        Outcome jsonByPacker = packer(new String[] {"build", "-color=false", "template.json"}, tags);
        Outcome jsonByKiln = kiln(new String[] {"build", "-color=false", "template.json"}, tags);
        String[] hcl = {"build", "-color=false", "template.json.pkr.hcl"};
        Outcome hclByPacker = packer(hcl, tags);
        Outcome hclByKiln = kiln(hcl, tags);

        assertSameOutcome(jsonByPacker, jsonByKiln);
        assertSameOutcome(hclByPacker, hclByKiln);
        assertThat(hclByKiln.images()).as("the upgraded template builds what the JSON one builds")
                .isEqualTo(jsonByKiln.images());
        assertThat(hclByKiln.artifacts()).as("the JSON build 'docker' is the HCL2 build 'docker.docker'")
                .isEqualTo(jsonByKiln.artifacts().stream().map(l -> l.replace("--> docker:", "--> docker.docker:"))
                        .toList());
        assertThat(hclByPacker.images()).isEqualTo(jsonByPacker.images());
        return hclByKiln;
    }

    /**
     * One image as both tools leave it: every file, the text of the small ones (up to 1 KiB), the config's keys, the
     * tags.
     */
    record Image(Map<String, String> files, Map<String, String> texts, Map<String, String> config,
                 List<String> tags) {
    }

    /**
     * Each {@code manifest-COLOUR.json} in the work folder, read and removed, without what differs from run to run
     * (build time, run ids). Packer 1.6.6 writes {@code "files": null} for an image artifact, Kiln {@code []}: the
     * same empty list, told apart here only by type, so both are read as {@code []}.
     */
    private Map<String, JsonNode> manifests(String... colours) throws Exception {
        Map<String, JsonNode> manifests = new TreeMap<>();
        for (String colour : colours) {
            Path file = work.resolve("manifest-" + colour + ".json");
            JsonNode manifest = JSON.readTree(Files.readString(file));
            Files.delete(file);
            ((ObjectNode) manifest).remove("last_run_uuid");
            for (JsonNode build : manifest.path("builds")) {
                ObjectNode entry = (ObjectNode) build;
                entry.remove(List.of("build_time", "packer_run_uuid"));
                if (entry.path("files").isNull()) {
                    entry.putArray("files");
                }
            }
            manifests.put(colour, manifest);
        }
        return manifests;
    }

    /** What one run left: its exit code, the artifact lines (image IDs elided), and the images by tag. */
    record Outcome(int exitCode, List<String> artifacts, Map<String, Image> images, String output) {
    }

    /** What one {@code packer} run printed. */
    record Run(int exitCode, String stdout) {
    }

    private Outcome packer(String[] args, List<String> tags) throws Exception {
        Run run = runPacker(args);
        return outcome(run.exitCode(), run.stdout(), tags);
    }

    private Outcome kiln(String[] args, List<String> tags) throws Exception {
        KilnProcess.Result run = KilnProcess.run(work, args);
        return outcome(run.exitCode(), run.stdout() + run.stderr(), tags);
    }

    private Run runPacker(String[] args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(packer);
        command.addAll(List.of(args));
        Path out = Files.createTempFile(work, "packer", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile());
        builder.environment().remove("PACKER_LOG");
        builder.environment().put("CHECKPOINT_DISABLE", "1");
        builder.environment().put("PACKER_CONFIG_DIR", work.resolve(".packer.d").toString());
        Process process = builder.start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("packer did not finish within 2 minutes:\n" + Files.readString(out));
        }
        return new Run(process.exitValue(), Files.readString(out));
    }

    /** Reads the tagged images and removes their tags, so the other tool starts from the same engine. */
    private Outcome outcome(int exitCode, String output, List<String> tags) throws Exception {
        Map<String, Image> images = new LinkedHashMap<>();
        for (String tag : tags) {
            assertThat(engine.imageExists(tag)).as(tag + " after:\n" + output).isTrue();
            images.put(tag, image(tag));
        }
        for (String tag : tags) {
            engine.driver().removeImage(tag, true);
        }
        List<String> artifacts = output.lines().dropWhile(l -> !l.contains("The artifacts of successful builds"))
                .filter(l -> l.startsWith("--> "))
                .map(l -> l.replaceAll("sha256:[0-9a-f]{64}", "sha256:ID")).sorted().toList();
        return new Outcome(exitCode, artifacts, images, output);
    }

    private static void assertSameOutcome(Outcome packer, Outcome kiln) {
        assertThat(packer.exitCode()).as(packer.output()).isZero();
        assertThat(kiln.exitCode()).as(kiln.output()).isZero();
        // Kiln lists an artifact that a post-processor passes on once; 1.6.6 once per post-processor that kept it
        assertThat(kiln.artifacts()).as("artifact lines").isNotEmpty()
                .isEqualTo(packer.artifacts().stream().distinct().toList());
        assertThat(kiln.images().keySet()).isEqualTo(packer.images().keySet());
        for (String tag : packer.images().keySet()) {
            Image p = packer.images().get(tag);
            Image k = kiln.images().get(tag);
            assertThat(k.tags()).as(tag).isEqualTo(p.tags());
            Map<String, String> packerFiles = new TreeMap<>(p.files());
            assertThat(packerFiles.remove(PACKER_FILES)).as("1.6.6 leaves its shared folder's mount point")
                    .isEqualTo("dir 40755 0:0");
            assertThat(k.files()).as("Kiln mounts no shared folder").doesNotContainKey(PACKER_FILES);
            assertThat(differences(p.texts(), k.texts())).as(tag + ": the small files' text").isEmpty();
            assertThat(differences(packerFiles, k.files())).as(tag + ": the files").isEmpty();
            Map<String, String> packerConfig = new TreeMap<>(p.config());
            // 1.6.6 commits the config it ran the container with (docker run -i -t): Tty and OpenStdin set, and, when
            // the template's changes set no ENTRYPOINT, ENTRYPOINT ["/bin/sh"]; Kiln keeps the base image's
            assertThat(packerConfig).containsEntry("Tty", "true").containsEntry("OpenStdin", "true");
            assertThat(k.config()).containsEntry("Tty", "false").containsEntry("OpenStdin", "false");
            for (String key : List.of("Tty", "OpenStdin")) {
                packerConfig.put(key, k.config().get(key));
            }
            if (!k.config().get("Entrypoint").equals(packerConfig.get("Entrypoint"))) {
                assertThat(packerConfig).containsEntry("Entrypoint", "[\"/bin/sh\"]");
                assertThat(k.config().get("Entrypoint")).as("the base image has none").isIn("null", "[]");
                packerConfig.put("Entrypoint", k.config().get("Entrypoint"));
                if (!k.config().get("Cmd").equals(packerConfig.get("Cmd"))) {
                    // the base's CMD (alpine's ["/bin/sh"]): docker run --entrypoint drops it, so 1.6.6 commits none
                    assertThat(packerConfig).containsEntry("Cmd", "null");
                    packerConfig.put("Cmd", k.config().get("Cmd"));
                }
            }
            assertThat(differences(packerConfig, k.config())).as(tag + ": the config").isEmpty();
        }
    }

    /** Each key whose value differs, as {@code key: packer=VALUE kiln=VALUE} (a missing key is null). */
    private static List<String> differences(Map<String, String> packer, Map<String, String> kiln) {
        TreeMap<String, String> keys = new TreeMap<>(packer);
        kiln.forEach(keys::putIfAbsent);
        return keys.keySet().stream().filter(key -> !java.util.Objects.equals(packer.get(key), kiln.get(key)))
                .map(key -> key + ": packer=" + packer.get(key) + " kiln=" + kiln.get(key)).toList();
    }

    /** The image's files, as {@code docker export} of a container made from it gives them, and its config. */
    private Image image(String ref) throws Exception {
        String container = engine.driver().createContainer(ContainerSpec.builder(ref).entrypoint(List.of("/bin/true"))
                .label(TestEngine.TEST_LABEL, "true").build());
        Map<String, String> files = new TreeMap<>();
        Map<String, String> texts = new TreeMap<>();
        try {
            ByteArrayOutputStream tar = new ByteArrayOutputStream();
            engine.driver().exportContainer(container, tar);
            try (TarArchiveInputStream in = new TarArchiveInputStream(new java.io.ByteArrayInputStream(
                    tar.toByteArray()))) {
                TarArchiveEntry entry;
                while ((entry = in.getNextEntry()) != null) {
                    if (entry.isFile() && entry.getSize() <= 1024) {
                        byte[] bytes = in.readAllBytes();
                        texts.put(entry.getName(), new String(bytes, StandardCharsets.UTF_8));
                        files.put(entry.getName(), describe(entry, new java.io.ByteArrayInputStream(bytes)));
                    } else {
                        files.put(entry.getName(), describe(entry, in));
                    }
                }
            }
        } finally {
            engine.driver().removeContainer(container);
        }
        Process inspect = new ProcessBuilder("docker", "image", "inspect", ref).redirectErrorStream(true).start();
        String text = new String(inspect.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(inspect.waitFor(30, TimeUnit.SECONDS) && inspect.exitValue() == 0).as(text).isTrue();
        JsonNode image = JSON.readTree(text).get(0);
        Map<String, String> config = new TreeMap<>();
        for (String key : List.of("Env", "Cmd", "Entrypoint", "WorkingDir", "Labels", "ExposedPorts", "User",
                "Volumes", "Tty", "OpenStdin", "AttachStdin", "StdinOnce", "StopSignal", "OnBuild", "Healthcheck")) {
            JsonNode value = image.path("Config").path(key);
            config.put(key, value.isMissingNode() ? "null" : JSON.writeValueAsString(sorted(value)));
        }
        List<String> tags = new ArrayList<>();
        image.path("RepoTags").forEach(t -> tags.add(t.asText()));
        tags.sort(null);
        return new Image(files, texts, config, tags);
    }

    private static JsonNode sorted(JsonNode value) {
        if (!value.isObject()) {
            return value;
        }
        TreeMap<String, JsonNode> fields = new TreeMap<>();
        value.fields().forEachRemaining(f -> fields.put(f.getKey(), sorted(f.getValue())));
        return JSON.valueToTree(fields);
    }

    /** Type, mode, owner, and for a file its size and digest, for a link its target; no times. */
    private static String describe(TarArchiveEntry entry, InputStream in) throws Exception {
        String head = Integer.toOctalString(entry.getMode() & 07777) + " " + entry.getLongUserId() + ":"
                + entry.getLongGroupId();
        if (entry.isDirectory()) {
            return "dir " + Integer.toOctalString(040000 | entry.getMode() & 07777) + " " + entry.getLongUserId()
                    + ":" + entry.getLongGroupId();
        }
        if (entry.isSymbolicLink()) {
            return "symlink " + head + " -> " + entry.getLinkName();
        }
        if (entry.isLink()) {
            return "hardlink " + head + " -> " + entry.getLinkName();
        }
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
        }
        return "file " + head + " " + entry.getSize() + " " + HexFormat.of().formatHex(digest.digest());
    }
}
