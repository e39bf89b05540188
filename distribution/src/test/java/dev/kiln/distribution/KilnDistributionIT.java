package dev.kiln.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.docker.engine.ContainerSummary;
import dev.kiln.plugin.docker.testing.TestEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs the packaged {@code bin/kiln} against the real engine, as a user would. */
class KilnDistributionIT extends EngineTest {

    @Test
    void classicTemplateProducesTheTaggedImageWithTheProvisionersWork() throws Exception {
        template("""
                {
                  "builders": [ { "type": "docker", "image": "BASE", "pull": false, "commit": true } ],
                  "provisioners": [ { "type": "shell", "inline": ["echo 'nginx stand-in' > /srv-index.html"] } ],
                  "post-processors": [ { "type": "docker-tag", "repository": "kiln-test/e2e-classic", "tag": "0.0.1" } ]
                }
                """);

        KilnProcess.Result result = KilnProcess.run(work, "build", "-color=false", "template.json");

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        assertThat(result.stdout()).contains(
                "==> docker: Starting docker container...",
                "==> docker: Provisioning with shell script: ",
                "==> docker: Committing the container",
                "==> docker: Running post-processor: docker-tag",
                "    docker (docker-tag): Repository: kiln-test/e2e-classic:0.0.1",
                "Build 'docker' finished after ",
                "==> Builds finished. The artifacts of successful builds are:",
                "--> docker: Imported Docker image: sha256:",
                "--> docker: Imported Docker image: kiln-test/e2e-classic:0.0.1");
        TestEngine.ImageInfo image = engine.inspectImage("kiln-test/e2e-classic:0.0.1");
        assertThat(image.exists()).isTrue();
        assertThat(image.entrypoint()).isEmpty();
        assertThat(image.tty()).isFalse();
        assertThat(image.openStdin()).isFalse();
        String container = engine.startContainer("kiln-test/e2e-classic:0.0.1");
        assertThat(engine.exec(container, "cat", "/srv-index.html").stdout()).isEqualTo("nginx stand-in");
        assertThat(engine.exec(container, "test", "-e", "/packer-files").exitCode()).isNotZero();
    }

    @Test
    void commandsThatRunForSecondsSucceedWithAllTheirOutput() throws Exception {
        template("""
                {
                  "builders": [ { "type": "docker", "image": "BASE", "pull": false, "discard": true } ],
                  "provisioners": [ { "type": "shell", "inline": [
                    "for i in 1 2 3 4 5 6; do echo tick$i; echo tock$i >&2; sleep 1; done",
                    "sleep 5",
                    "echo finished"
                  ] } ]
                }
                """);

        KilnProcess.Result result = KilnProcess.run(work, "build", "-color=false", "-timestamp-ui", "template.json");

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        assertThat(result.stdout()).contains(":     docker: tick1", ":     docker: tick6", ":     docker: finished",
                "Build 'docker' finished after ");
        assertThat(result.stdout() + result.stderr()).contains("tock1", "tock6");
        // Each line is stamped when Kiln prints it: lines printed as they arrive are seconds apart.
        assertThat(Duration.between(stamp(result.stdout(), "docker: tick1"), stamp(result.stdout(), "docker: finished"))
                .toSeconds()).isGreaterThanOrEqualTo(8);
    }

    @Test
    void aProvisionerSilentForLongerThanTheEngineTimeoutSucceeds() throws Exception {
        template("""
                {
                  "builders": [ { "type": "docker", "image": "BASE", "pull": false, "commit": true } ],
                  "provisioners": [ { "type": "shell", "inline": ["echo before", "sleep 5", "echo after > /after"] } ],
                  "post-processors": [ { "type": "docker-tag", "repository": "kiln-test/e2e-silent", "tag": "1" } ]
                }
                """);

        KilnProcess.Result result = KilnProcess.start(work, Map.of("KILN_ENGINE_TIMEOUT", "2s"), "build",
                "-color=false", "template.json").await(Duration.ofMinutes(2));

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        assertThat(result.stdout()).contains("    docker: before", "==> docker: Committing the container",
                "--> docker: Imported Docker image: kiln-test/e2e-silent:1");
        assertThat(result.stdout() + result.stderr()).doesNotContain("did not answer");
        assertThat(result.wall()).isGreaterThan(Duration.ofSeconds(5));
        String container = engine.startContainer("kiln-test/e2e-silent:1");
        assertThat(engine.exec(container, "cat", "/after").stdout()).isEqualTo("after");
    }

    @Test
    void tensOfMegabytesOfOutputPassThroughASmallHeap() throws Exception {
        // 24 MiB of lines and a 5 MiB line without a newline, through a 32 MiB heap: nothing is held whole
        template("""
                {
                  "builders": [ { "type": "docker", "image": "BASE", "pull": false, "discard": true } ],
                  "provisioners": [ { "type": "shell", "inline": [
                    "yes 012345678901234567890123456789012345678901234567890123456789abc | head -c 25165824",
                    "head -c 5242880 /dev/zero | tr '\\\\0' x",
                    "echo; echo the-end"
                  ] } ]
                }
                """);

        KilnProcess.Result result = KilnProcess.start(work, Map.of("JAVA_TOOL_OPTIONS", "-Xmx32m"), "build",
                "-color=false", "template.json").await(Duration.ofMinutes(2));

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout().lines().filter(l -> l.endsWith("0123456789abc")).count())
                .isEqualTo(25165824 / 64);
        assertThat(result.stdout()).contains("    docker: the-end", "Build 'docker' finished after ");
        assertThat(result.stderr()).doesNotContain("OutOfMemoryError");
    }

    private static java.time.Instant stamp(String output, String text) {
        String line = output.lines().filter(l -> l.endsWith(text)).findFirst().orElseThrow();
        return java.time.Instant.parse(line.substring(0, line.indexOf("Z:") + 1));
    }

    @Test
    void optionsPackerAcceptsAreAcceptedWithAWarningAndMapKeysAreRendered() throws Exception {
        Files.createDirectories(work.resolve("shared dir"));
        Files.writeString(work.resolve("shared dir/hello.txt"), "from the host");
        template("""
                {
                  "variables": { "shared": "shared dir" },
                  "builders": [ { "type": "docker", "image": "BASE", "pull": false, "discard": true,
                                  "communicator": "docker", "pty": false,
                                  "ssh_username": "root", "ssh_timeout": "5m", "winrm_use_ssl": true,
                                  "volumes": { "{{template_dir}}/{{user `shared`}}": "/shared" } } ],
                  "provisioners": [ { "type": "shell", "inline": ["cat /shared/hello.txt"] } ]
                }
                """);

        KilnProcess.Result validate = KilnProcess.run(work, "validate", "template.json");
        KilnProcess.Result build = KilnProcess.run(work, "build", "-color=false", "template.json");

        assertThat(validate.exitCode()).as(validate.stdout() + validate.stderr()).isZero();
        assertThat(validate.stdout()).contains("Template validation succeeded, but there is 1 warning; Kiln builds "
                        + "the template despite it:",
                "template.json:5:19: builders[0]: options ssh_username, ssh_timeout, winrm_use_ssl are ignored: ",
                "The configuration is valid.");
        assertThat(build.exitCode()).as(build.stdout() + build.stderr()).isZero();
        assertThat(build.stdout()).contains("    docker: from the host");
        assertThat(build.stdout() + build.stderr()).containsOnlyOnce(
                "options ssh_username, ssh_timeout, winrm_use_ssl are ignored: Kiln reaches the build container "
                        + "through the engine's exec and archive API");
    }

    @Test
    void dockerPathAndPushPlatformAreAcceptedEverywhereWithAWarningOnlyWhenTheyWouldChangeSomething()
            throws Exception {
        template("""
                {
                  "builders": [ { "type": "docker", "image": "BASE", "pull": false, "commit": true,
                                  "docker_path": "/usr/bin/docker" } ],
                  "post-processors": [
                    [ { "type": "docker-tag", "repository": "kiln-test/e2e-docker-path", "tags": ["1"],
                        "docker_path": "podman" },
                      { "type": "docker-push", "platform": "linux/arm64", "docker_path": "docker" } ],
                    [ { "type": "docker-save", "path": "out/image.tar", "docker_path": "docker" } ],
                    [ { "type": "docker-import", "repository": "kiln-test/e2e-docker-path-import",
                        "docker_path": "docker" } ]
                  ]
                }
                """);

        KilnProcess.Result validate = KilnProcess.run(work, "validate", "template.json");

        assertThat(validate.exitCode()).as(validate.stdout() + validate.stderr()).isZero();
        assertThat(validate.stdout()).contains("there are 2 warnings",
                "template.json:6:9: post-processors[0][0].docker_path: 'podman' is ignored: Kiln talks to the "
                        + "engine's API directly and runs no docker command",
                "template.json:7:32: post-processors[0][1].platform: 'linux/arm64' is ignored: each name is pushed "
                        + "as the engine holds it",
                "The configuration is valid.");
        assertThat(validate.stdout()).as("no warning for docker, one per value that would change something")
                .containsOnlyOnce(".docker_path: ").containsOnlyOnce(".platform: ");
    }

    @Test
    void aTemplateMixingBuildersKilnLacksBuildsTheSelectedOneWithAWarning() throws Exception {
        template("""
                {
                  "builders": [ { "type": "docker", "image": "BASE", "pull": false, "discard": true },
                                { "type": "amazon-ebs", "name": "aws", "region": "eu-west-1" } ],
                  "provisioners": [ { "type": "shell", "inline": ["echo on docker"] } ]
                }
                """);

        KilnProcess.Result result = KilnProcess.run(work, "build", "-color=false", "-only=docker", "template.json");
        KilnProcess.Result all = KilnProcess.run(work, "validate", "template.json");

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        assertThat(result.stdout()).contains("Warning: ", "template.json:3:", "builders[1]: builder type "
                + "'amazon-ebs' is not installed; build 'aws' is not selected (-only/-except), so it is skipped",
                "    docker: on docker");
        assertThat(all.exitCode()).isEqualTo(1);
        assertThat(all.stderr()).contains("unknown builder type 'amazon-ebs'");
    }

    @Test
    void shellLocalRunsOnTheHostAsProvisionerAndPostProcessor() throws Exception {
        template("""
                {
                  "builders": [ { "type": "docker", "name": "local-e2e", "image": "BASE", "pull": false, "commit": true } ],
                  "provisioners": [
                    { "type": "shell-local", "inline": ["echo \\"provisioned $PACKER_BUILD_NAME $PACKER_BUILDER_TYPE\\" > 'out put.txt'"] },
                    { "type": "shell", "inline": ["echo in the container"] }
                  ],
                  "post-processors": [ { "type": "shell-local", "environment_vars": ["NOTE=it's=done"],
                                         "use_linux_pathing": true,
                                         "inline": ["echo \\"$NOTE by $PACKER_BUILD_NAME\\" >> 'out put.txt'",
                                                    "echo pp-shell-local ran"] } ]
                }
                """);

        KilnProcess.Result result = KilnProcess.run(work, "build", "-color=false", "template.json");

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        assertThat(Files.readString(work.resolve("out put.txt")))
                .isEqualTo("provisioned local-e2e docker\nit's=done by local-e2e\n");
        assertThat(result.stdout()).contains(
                "==> local-e2e: Running local shell script: ",
                "    local-e2e: in the container",
                "==> local-e2e: Running post-processor: shell-local",
                "==> local-e2e (shell-local): Running local shell script: ",
                "    local-e2e (shell-local): pp-shell-local ran",
                "--> local-e2e: Imported Docker image: sha256:");
        assertThat(result.stdout() + result.stderr()).contains("use_linux_pathing");
        assertThat(work.resolve("out put.txt")).exists();
    }

    @Test
    void inlineCommandsReadTheBuildsGeneratedData() throws Exception {
        template("""
                {
                  "builders": [ { "type": "docker", "image": "BASE", "pull": false, "discard": true } ],
                  "provisioners": [ { "type": "shell", "inline": ["echo id={{build `ID`}} via={{build `ConnType`}}"] } ]
                }
                """);

        KilnProcess.Result result = KilnProcess.run(work, "build", "-color=false", "template.json");

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        String id = result.stdout().lines().filter(line -> line.contains("Container ID: ")).findFirst().orElseThrow()
                .replaceFirst(".*Container ID: ", "");
        assertThat(result.stdout()).contains("    docker: id=" + id + " via=docker");
    }

    @Test
    void failingInlineCommandStopsTheBuildAndLeavesNothing() throws Exception {
        template("""
                {
                  "builders": [ { "type": "docker", "image": "BASE", "pull": false, "commit": true } ],
                  "provisioners": [
                    { "type": "shell", "inline": ["echo before", "false", "echo never-printed"] },
                    { "type": "shell", "inline": ["echo later-provisioner"] }
                  ],
                  "post-processors": [ { "type": "docker-tag", "repository": "kiln-test/e2e-failed", "tag": "x" } ]
                }
                """);

        KilnProcess.Result result = KilnProcess.run(work, "build", "-color=false", "template.json");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).contains("    docker: before", "Build 'docker' errored after ")
                .doesNotContain("never-printed", "later-provisioner", "Committing the container")
                .contains("==> Builds finished but no artifacts were created.");
        assertThat(result.stderr()).contains("--> docker: Script exited with non-zero exit status: 1.");
        assertThat(engine.imageExists("kiln-test/e2e-failed:x")).isFalse();
    }

    @Test
    void everyTemplateProblemIsReportedAtOnceBeforeAnythingStarts() throws Exception {
        template("""
                {
                  "builders": [ { "type": "docker", "imgae": "BASE", "commit": true } ],
                  "provisioners": [ { "type": "shel", "inline": ["true"] } ],
                  "post-processors": [ { "type": "docker-tag" } ]
                }
                """);

        KilnProcess.Result result = KilnProcess.run(work, "build", "template.json");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr())
                .contains("template.json:2:", "unknown option 'imgae'", "did you mean 'image'?")
                .contains("template.json:3:", "'shel'", "did you mean 'shell'?")
                .contains("repository")
                .doesNotContain("Exception");
        assertThat(result.stdout()).doesNotContain("Starting docker container");
    }

    @Test
    void sensitiveValuesAreMaskedInHumanAndMachineReadableOutput() throws Exception {
        template("""
                {
                  "variables": { "secret": "s3cr3t-value" },
                  "sensitive-variables": ["secret"],
                  "builders": [ { "type": "docker", "image": "BASE", "pull": false, "discard": true } ],
                  "provisioners": [ { "type": "shell", "inline": ["echo secret is {{user `secret`}}"] } ]
                }
                """);

        KilnProcess.Result human = KilnProcess.run(work, "build", "-color=false", "template.json");
        KilnProcess.Result machine = KilnProcess.run(work, "build", "-machine-readable", "template.json");

        assertThat(human.exitCode()).isZero();
        assertThat(human.stdout()).contains("    docker: secret is <sensitive>").doesNotContain("s3cr3t-value");
        assertThat(machine.exitCode()).isZero();
        assertThat(machine.stdout()).contains(",ui,message,    docker: secret is <sensitive>")
                .doesNotContain("s3cr3t-value");
    }

    @Test
    void sensitiveValuesStayMaskedWhenAnInlineScriptRunsInOneExecAndFails() throws Exception {
        // The default inline script runs as one command whose argument holds the script and the variables: the
        // secret is in environment_vars, an inline line, shell tracing (set -x) on stderr, and a failing exit.
        template("""
                {
                  "variables": { "secret": "s3cr3t-value" },
                  "sensitive-variables": ["secret"],
                  "builders": [ { "type": "docker", "image": "BASE", "pull": false, "discard": true } ],
                  "provisioners": [ { "type": "shell", "environment_vars": ["TOKEN=it's {{user `secret`}}"],
                                      "inline": ["echo \\"token is $TOKEN\\"", "set -x",
                                                 "echo inline {{user `secret`}} >&2", "exit 3"] } ]
                }
                """);

        KilnProcess.Result human = KilnProcess.run(work, "build", "-color=false", "template.json");
        KilnProcess.Result machine = KilnProcess.run(work, "build", "-machine-readable", "template.json");

        assertThat(human.exitCode()).isNotZero();
        assertThat(human.stdout()).contains("    docker: token is it's <sensitive>");
        assertThat(human.stdout() + human.stderr())
                .contains("inline <sensitive>", "Script exited with non-zero exit status: 3.")
                .doesNotContain("s3cr3t-value");
        assertThat(machine.exitCode()).isNotZero();
        assertThat(machine.stdout()).contains("token is it's <sensitive>", "inline <sensitive>")
                .doesNotContain("s3cr3t-value");
        assertThat(machine.stderr()).doesNotContain("s3cr3t-value");
    }

    @Test
    void sigtermDuringABuildRemovesTheContainerBeforeExiting() throws Exception {
        template("""
                {
                  "builders": [ { "type": "docker", "image": "BASE", "pull": false, "commit": true } ],
                  "provisioners": [ { "type": "shell", "inline": ["echo sleeping", "sleep 60"] } ]
                }
                """);
        KilnProcess kiln = KilnProcess.start(work, Map.of(), "build", "-color=false", "template.json");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!kiln.stdoutSoFar().contains("docker: sleeping") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(kiln.stdoutSoFar()).contains("docker: sleeping");
        assertThat(engine.countKilnContainers()).isEqualTo(1);

        kiln.terminate();
        KilnProcess.Result result = kiln.await(Duration.ofSeconds(30));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).contains("Cancelling build after receiving interrupt", "Killing the container",
                "Cleanly cancelled builds after being interrupted.");
        assertThat(result.wall()).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void onErrorAbortLeavesTheContainerForInspectionAndSaysSo() throws Exception {
        template("""
                {
                  "builders": [ { "type": "docker", "image": "BASE", "pull": false, "commit": true } ],
                  "provisioners": [ { "type": "shell", "inline": ["touch /tmp/evidence", "exit 7"] } ]
                }
                """);

        KilnProcess.Result result = KilnProcess.run(work, "build", "-color=false", "-on-error=abort", "template.json");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).contains("Step \"StepProvision\" failed, aborting...",
                "aborted: skipping cleanup of step \"StartContainerStep\"");
        List<ContainerSummary> left = engine.kilnContainers();
        assertThat(left).hasSize(1);
        String id = left.get(0).id();
        try {
            assertThat(result.stdout()).contains("Container ID: " + id, "Left the container " + id
                    + " for inspection; remove it with 'docker", " rm -f " + id + "', or with 'kiln cleanup' once this "
                    + "Kiln process has ended.");
            assertThat(engine.exec(id, "test", "-e", "/tmp/evidence").exitCode()).isZero();
        } finally {
            engine.driver().removeContainer(id);
        }
    }

    @Test
    void unreachableEngineIsOneLineNamingWhereKilnLookedWithinTwoSeconds() throws Exception {
        template("""
                { "builders": [ { "type": "docker", "image": "BASE", "pull": false, "commit": true } ] }
                """);

        KilnProcess.Result result = KilnProcess.start(work, Map.of("DOCKER_HOST", "unix:///nonexistent/docker.sock"),
                "build", "-color=false", "template.json").await(Duration.ofSeconds(30));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("--> docker: Cannot reach the Docker engine at "
                + "'unix:///nonexistent/docker.sock'");
        assertThat(result.stdout() + result.stderr()).doesNotContain("Exception", "\tat ");
        assertThat(result.wall()).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void theLauncherWorksThroughASymlinkFromAnyFolder() throws Exception {
        Path link = Files.createSymbolicLink(work.resolve("kiln"), KilnProcess.home().resolve("bin/kiln"));
        Path elsewhere = Files.createDirectories(work.resolve("elsewhere"));

        Process process = new ProcessBuilder(link.toString(), "version").directory(elsewhere.toFile())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());

        assertThat(process.waitFor()).isZero();
        assertThat(output).startsWith("Kiln v");
    }

    @Test
    void anOldJavaIsRefusedWithOneClearLine() throws Exception {
        Path oldJdk = Files.createDirectories(work.resolve("jdk-11/bin"));
        Path java = Files.writeString(oldJdk.resolve("java"), "#!/bin/sh\necho 'should not run'\n");
        java.toFile().setExecutable(true);
        Files.writeString(work.resolve("jdk-11/release"), "JAVA_VERSION=\"11.0.2\"\n");

        KilnProcess.Result result = KilnProcess.start(work, Map.of("JAVA_HOME", work.resolve("jdk-11").toString()),
                "version").await(Duration.ofSeconds(30));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("kiln: Java 11 at ", "is too old; Kiln needs Java 17 or newer");
        assertThat(result.stdout()).doesNotContain("should not run");
    }

    @Test
    void kilnLogShowsTheDiagnosticLogWithStackTracesOnStderr() throws Exception {
        template("""
                { "builders": [ { "type": "docker", "image": "BASE", "pull": false, "commit": true } ] }
                """);

        KilnProcess.Result result = KilnProcess.start(work, Map.of("DOCKER_HOST", "unix:///nonexistent/docker.sock",
                "KILN_LOG", "debug"), "build", "-color=false", "template.json").await(Duration.ofSeconds(30));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("DEBUG dev.kiln.runtime.build.BuildRun - build docker failed", "\tat ");
    }

    @Test
    void validateAndVersionWorkFromTheArchive() throws Exception {
        template("""
                { "builders": [ { "type": "docker", "image": "BASE", "pull": false, "commit": true } ] }
                """);

        KilnProcess.Result validate = KilnProcess.run(work, "validate", "template.json");
        KilnProcess.Result version = KilnProcess.run(work, "version");

        assertThat(validate.exitCode()).isZero();
        assertThat(validate.stdout()).contains("The configuration is valid.");
        assertThat(version.stdout()).startsWith("Kiln v");
    }
}
