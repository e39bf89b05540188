package dev.kiln.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.api.BuildOwner;
import dev.kiln.api.PartialFile;
import dev.kiln.docker.engine.ContainerSpec;
import dev.kiln.docker.engine.ContainerSummary;
import dev.kiln.plugin.docker.testing.TestEngine;
import dev.kiln.runtime.leftover.BuildFolder;
import dev.kiln.runtime.leftover.BuildFolders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code kiln cleanup} after a {@code kill -9}: what the killed build left (its container, its temporary script) is
 * listed by {@code --dry-run} and removed by {@code kiln cleanup}, while a build that still runs, and everything Kiln
 * did not make, is left alone.
 */
class KilnCleanupIT extends EngineTest {

    /** Sleeps until the test lets it go on, so it runs for as long as the test needs and then completes. */
    private static final String WAITING = """
            {
              "builders": [ { "type": "docker", "image": "BASE", "pull": false, "commit": true } ],
              "provisioners": [ { "type": "shell",
                                  "inline": ["echo sleeping", "while [ ! -e /tmp/go ]; do sleep 0.2; done"] } ]
            }
            """;

    private Map<String, String> environment() throws Exception {
        return Map.of("TMPDIR", Files.createDirectories(work.resolve("tmp")).toString());
    }

    private Path kilnTmp() throws Exception {
        return BuildFolders.of(environment()).root();
    }

    private static KilnProcess sleeping(KilnProcess kiln) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!kiln.stdoutSoFar().contains("docker: sleeping") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(kiln.stdoutSoFar()).as("the build reached its provisioner").contains("docker: sleeping");
        return kiln;
    }

    private static Optional<ContainerSummary> containerOf(long pid) {
        return engine.kilnContainers().stream().filter(c -> c.name().startsWith("kiln-" + pid + "-")).findFirst();
    }

    private static List<Path> buildFoldersOf(Path root, long pid) throws Exception {
        try (Stream<Path> folders = Files.list(root)) {
            return folders.filter(f -> f.getFileName().toString().startsWith(pid + "-")).toList();
        }
    }

    @Test
    void aKilledBuildsContainerAndScriptAreRemovedAndARunningBuildAndForeignThingsAreNot() throws Exception {
        template(WAITING);
        Map<String, String> env = environment();
        // not Kiln's: a container of the user's, one named like Kiln's but without an owner, a file, a folder
        String users = engine.startContainer(base);
        String lookalike = engine.driver().createContainer(ContainerSpec.builder(base).name("kiln-1-not-an-owner")
                .entrypoint(List.of("/bin/sh")).label(TestEngine.TEST_LABEL, "true").build());
        Path random = Files.writeString(work.resolve("tmp/kiln-shell-not-ours"), "someone's");
        Path unmarked = Files.createDirectories(kilnTmp().resolve("not-a-build"));
        KilnProcess killed = KilnProcess.start(work, env, "build", "-color=false", "template.json");
        KilnProcess running = KilnProcess.start(work, env, "build", "-color=false", "template.json");
        long killedPid = killed.jvm().pid();
        long runningPid = running.jvm().pid();
        try {
            sleeping(killed);
            sleeping(running);
            killed.kill();
            KilnProcess.Result dead = killed.await(Duration.ofSeconds(30));
            assertThat(dead.stdout()).doesNotContain("Killing the container");
            ContainerSummary left = containerOf(killedPid).orElseThrow(() ->
                    new AssertionError("the killed build's container is gone already: " + engine.kilnContainers()));
            assertThat(left.state()).isEqualTo("running");
            List<Path> folders = buildFoldersOf(kilnTmp(), killedPid);
            assertThat(folders).hasSize(1);
            Path folder = folders.get(0);
            List<Path> scripts;
            try (Stream<Path> files = Files.list(folder.resolve("files"))) {
                scripts = files.toList();
            }
            assertThat(scripts).as("the killed build's inline script").singleElement()
                    .satisfies(s -> assertThat(s.getFileName().toString()).startsWith("kiln-shell"));
            assertThat(dead.stdout()).contains("Provisioning with shell script: " + scripts.get(0));

            KilnProcess.Result dryRun = KilnProcess.start(work, env, "cleanup", "--dry-run")
                    .await(Duration.ofMinutes(1));

            assertThat(dryRun.exitCode()).as(dryRun.stdout() + dryRun.stderr()).isZero();
            assertThat(dryRun.stdout()).contains(
                    "    cleanup: Would remove container " + left.name() + " (" + left.id().substring(0, 12) + ") on ",
                    "    cleanup: Would remove build folder " + folder + " and its temporary file "
                            + scripts.get(0).getFileName() + " (its Kiln process " + killedPid + " has ended)",
                    "    cleanup: Left alone container kiln-" + runningPid + "-",
                    "its Kiln process " + runningPid + " is still running",
                    "==> cleanup: Would remove 2 leftovers of 1 build that ended; run 'kiln cleanup' to remove them.")
                    .doesNotContain(users.substring(0, 12), lookalike.substring(0, 12), "Removed");
            assertThat(containerOf(killedPid)).as("a dry run removes nothing").isPresent();
            assertThat(scripts.get(0)).exists();

            KilnProcess.Result cleanup = KilnProcess.start(work, env, "cleanup").await(Duration.ofMinutes(1));

            assertThat(cleanup.exitCode()).as(cleanup.stdout() + cleanup.stderr()).isZero();
            assertThat(cleanup.stdout()).contains(
                    "    cleanup: Removed container " + left.name(),
                    "    cleanup: Removed build folder " + folder,
                    "    cleanup: Left alone container kiln-" + runningPid + "-",
                    "==> cleanup: Removed 2 leftovers of 1 build that ended.");
            assertThat(cleanup.stderr()).isEmpty();
            assertThat(containerOf(killedPid)).isEmpty();
            assertThat(folder).doesNotExist();
            assertThat(engine.driver().inspectContainer(users)).as("the user's container").isPresent();
            assertThat(engine.driver().inspectContainer(lookalike)).as("a name without an owner").isPresent();
            assertThat(random).hasContent("someone's");
            assertThat(unmarked).as("a folder without an owner marker").isDirectory();

            // the running build never noticed: it completes, and removes its own container and folder
            ContainerSummary mine = containerOf(runningPid).orElseThrow();
            assertThat(mine.state()).isEqualTo("running");
            assertThat(buildFoldersOf(kilnTmp(), runningPid)).hasSize(1);
            assertThat(engine.exec(mine.id(), "touch", "/tmp/go").exitCode()).isZero();
            KilnProcess.Result completed = running.await(Duration.ofMinutes(1));
            assertThat(completed.exitCode()).as(completed.stdout() + completed.stderr()).isZero();
            assertThat(completed.stdout()).contains("--> docker: Imported Docker image: sha256:");
            assertThat(buildFoldersOf(kilnTmp(), runningPid)).isEmpty();

            KilnProcess.Result again = KilnProcess.start(work, env, "cleanup").await(Duration.ofMinutes(1));
            assertThat(again.exitCode()).isZero();
            assertThat(again.stdout()).contains("==> cleanup: Nothing to clean up.");
        } finally {
            killed.kill();
            running.terminate();
            running.await(Duration.ofSeconds(30));
            containerOf(killedPid).ifPresent(c -> engine.driver().killAndRemoveContainerQuietly(c.id()));
            engine.driver().killAndRemoveContainerQuietly(users);
            engine.driver().killAndRemoveContainerQuietly(lookalike);
        }
    }

    @Test
    void partialOutputsThatADeadBuildListsAreRemovedWithItsFolder() throws Exception {
        Map<String, String> env = environment();
        Process gone = new ProcessBuilder("sleep", "60").start();
        BuildOwner owner = new BuildOwner(BuildOwner.hostName(), gone.pid(),
                gone.info().startInstant().orElseThrow(), "0123abcd");
        gone.destroyForcibly().waitFor();
        Path out = Files.createDirectories(work.resolve("out"));
        BuildFolder folder = BuildFolders.of(env).forBuild(owner);
        PartialFile export = folder.partial(out.resolve("image.tar")); // as a killed export leaves it
        Files.writeString(export.path(), "half an image");
        Path notListed = Files.writeString(out.resolve(".other.tar.x.kiln-part"), "another tool's?");
        Path earlier = Files.writeString(out.resolve("image.tar"), "the last complete export");

        KilnProcess.Result cleanup = KilnProcess.start(work, env, "cleanup").await(Duration.ofMinutes(1));

        assertThat(cleanup.exitCode()).as(cleanup.stdout() + cleanup.stderr()).isZero();
        assertThat(cleanup.stdout()).contains("    cleanup: Removed partial output " + export.path()
                        + " (its Kiln process " + gone.pid() + " has ended)",
                "    cleanup: Removed build folder " + folder.path(),
                "==> cleanup: Removed 2 leftovers of 1 build that ended.");
        assertThat(export.path()).doesNotExist();
        assertThat(folder.path()).doesNotExist();
        assertThat(notListed).as("a partial no build folder lists").hasContent("another tool's?");
        assertThat(earlier).hasContent("the last complete export");
    }
}
