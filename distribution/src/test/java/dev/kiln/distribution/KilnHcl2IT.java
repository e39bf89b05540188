package dev.kiln.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.plugin.docker.testing.TestEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HCL2 twin of the offline example builds, through the packaged {@code bin/kiln}, what the JSON one builds. */
class KilnHcl2IT extends EngineTest {
    private static final String EXAMPLE_IMAGE = "terraform-workshop/busybox-www:0.0.1";

    @AfterEach
    void removeExampleImage() {
        engine.driver().removeImage(EXAMPLE_IMAGE, true);
    }

    @Test
    void theHcl2TwinOfTheOfflineExampleBuildsTheSameImageAsTheJsonTemplate() throws Exception {
        Path example = KilnProcess.home().resolve("examples/offline-busybox");
        Process base = new ProcessBuilder("sh", example.resolve("make-base-image.sh").toString())
                .redirectErrorStream(true).start();
        assertThat(base.waitFor(2, TimeUnit.MINUTES) && base.exitValue() == 0)
                .as(new String(base.getInputStream().readAllBytes())).isTrue();
        Files.copy(example.resolve("template.json"), work.resolve("template.json"));
        Files.copy(example.resolve("template.pkr.hcl"), work.resolve("template.pkr.hcl"));

        KilnProcess.Result validate = KilnProcess.run(work, "validate", "template.pkr.hcl");
        assertThat(validate.exitCode()).as(validate.stdout() + validate.stderr()).isZero();
        assertThat(validate.stdout()).contains("The configuration is valid.");
        KilnProcess.Result inspect = KilnProcess.run(work, "inspect", "template.pkr.hcl");
        assertThat(inspect.stdout()).contains("HCL2 mode", "docker.busybox (docker)", "shell", "docker-tag");

        KilnProcess.Result json = KilnProcess.run(work, "build", "-color=false", "template.json");
        assertThat(json.exitCode()).as(json.stdout() + json.stderr()).isZero();
        TestEngine.ImageInfo fromJson = engine.inspectImage(EXAMPLE_IMAGE);
        String jsonPage = page();
        engine.driver().removeImage(EXAMPLE_IMAGE, true);
        assertThat(engine.imageExists(EXAMPLE_IMAGE)).isFalse();

        KilnProcess.Result hcl = KilnProcess.run(work, "build", "-color=false", "template.pkr.hcl");

        assertThat(hcl.exitCode()).as(hcl.stdout() + hcl.stderr()).isZero();
        assertThat(hcl.stdout()).contains("==> docker.busybox: Provisioning with shell script: ",
                "    docker.busybox (docker-tag): Repository: " + EXAMPLE_IMAGE,
                "Build 'docker.busybox' finished after ",
                "--> docker.busybox: Imported Docker image: " + EXAMPLE_IMAGE);
        TestEngine.ImageInfo fromHcl = engine.inspectImage(EXAMPLE_IMAGE);
        assertThat(fromHcl.exists()).isTrue();
        assertThat(fromHcl.repoTags()).isEqualTo(fromJson.repoTags()).contains(EXAMPLE_IMAGE);
        assertThat(page()).isEqualTo(jsonPage).isEqualTo("hello from kiln");
        assertThat(fromHcl.entrypoint()).isEqualTo(fromJson.entrypoint());
        assertThat(fromHcl.cmd()).isEqualTo(fromJson.cmd());
        assertThat(fromHcl.env()).isEqualTo(fromJson.env());
        assertThat(fromHcl.user()).isEqualTo(fromJson.user());
        assertThat(fromHcl.workingDir()).isEqualTo(fromJson.workingDir());
        assertThat(fromHcl.labels()).isEqualTo(fromJson.labels());
    }

    @Test
    void provisionersReadTheBuildsGeneratedDataThroughBuildVariables() throws Exception {
        Files.writeString(work.resolve("data.pkr.hcl"), """
                variable "greeting" { default = "hi" }
                locals { words = [var.greeting, "there"] }
                source "docker" "gen" {
                  image   = "BASE"
                  pull    = false
                  discard = true
                }
                build {
                  name    = "b"
                  sources = ["source.docker.gen"]
                  provisioner "shell" {
                    inline = [
                      "echo id=${build.ID} via=${build.ConnType}",
                      "echo src=${source.type}.${source.name} ${join(" ", local.words)}"
                    ]
                  }
                }
                """.replace("BASE", base));

        KilnProcess.Result result = KilnProcess.run(work, "build", "-color=false", "data.pkr.hcl");

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        String id = result.stdout().lines().filter(line -> line.contains("Container ID: ")).findFirst().orElseThrow()
                .replaceFirst(".*Container ID: ", "");
        assertThat(result.stdout()).contains("    b.docker.gen: id=" + id + " via=docker",
                "    b.docker.gen: src=docker.gen hi there");
    }

    private String page() throws Exception {
        String container = engine.startContainer(EXAMPLE_IMAGE);
        return engine.exec(container, "cat", "/var/www/index.html").stdout();
    }
}
