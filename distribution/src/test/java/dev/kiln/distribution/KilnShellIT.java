package dev.kiln.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The packaged {@code bin/kiln shell} in a real pseudo-terminal (tmux, driven with {@code send-keys} and read with
 * {@code capture-pane}), as a person uses it: load the offline example, build it, start a long build, press Ctrl-C,
 * and get the prompt back with no container left; let a build fail with {@code -on-error=ask} and answer "clean up".
 * And the same shell reading a script from a pipe.
 */
class KilnShellIT extends EngineTest {

    private static final String EXAMPLE_IMAGE = "terraform-workshop/busybox-www:0.0.1";

    private Path socket;

    @AfterEach
    void stopTmux() throws Exception {
        if (socket != null) {
            // 'exit' first and wait for the shell to end: killing the server leaves it writing its history into the
            // temporary home while JUnit deletes it (seen: "Failed to delete temp directory")
            if (tmuxQuiet("has-session", "-t", "kiln") == 0) {
                tmuxQuiet("send-keys", "-t", "kiln", "C-u", "exit", "Enter");
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (tmuxQuiet("has-session", "-t", "kiln") == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
            }
            run(List.of("tmux", "-S", socket.toString(), "kill-server"), Duration.ofSeconds(10));
        }
        engine.driver().removeImage(EXAMPLE_IMAGE, true);
    }

    @Test
    void atAPromptTheOfflineExampleBuildsCtrlCCancelsABuildAndAskingCleansUpLeavingNothingBehind() throws Exception {
        requireTmux();
        Path example = KilnProcess.home().resolve("examples/offline-busybox");
        assertThat(run(List.of("sh", example.resolve("make-base-image.sh").toString()), Duration.ofMinutes(1)))
                .isZero();
        Files.writeString(work.resolve("sleep.json"), """
                {
                  "builders": [ { "type": "docker", "image": "kiln-examples/busybox", "pull": false, "discard": true } ],
                  "provisioners": [ { "type": "shell", "inline": ["echo sleeping now", "sleep 300"] } ]
                }
                """);
        Files.writeString(work.resolve("fails.json"), """
                {
                  "builders": [ { "type": "docker", "image": "kiln-examples/busybox", "pull": false, "discard": true } ],
                  "provisioners": [ { "type": "shell", "inline": ["exit 3"] } ]
                }
                """);
        socket = work.resolve("tmux.sock");
        // tmux's server (without the user's tmux.conf) passes its environment, DOCKER_HOST among it, to the shell;
        // HOME is the test's own
        tmux("-f", "/dev/null", "new-session", "-d", "-s", "kiln", "-x", "160", "-y", "50", "-c", work.toString(),
                "env HOME=" + work.resolve("home") + " TERM=xterm-256color "
                        + KilnProcess.home().resolve("bin/kiln") + " shell");
        awaitPane("kiln>"); // capture-pane drops the blank at the end of a line

        keys("load " + example.resolve("template.json"), "Enter");
        awaitPane("kiln (template.json)>");
        keys("build", "Enter");
        String built = awaitPane("--> docker: Imported Docker image: " + EXAMPLE_IMAGE);
        assertThat(built).contains("==> docker: Committing the container", "==> docker: Running post-processor: "
                + "docker-tag");
        assertThat(engine.imageExists(EXAMPLE_IMAGE)).isTrue();

        keys("build sleep.json", "Enter");
        awaitPane("docker: sleeping now");
        // the status area: the build's elapsed time ticking on its last line, below the output
        String live = awaitPane("docker: sleeping now", "\ndocker  0:02  Provisioning with shell script");
        assertThat(live.lines().filter(line -> !line.isBlank()).reduce((a, b) -> b).orElseThrow())
                .startsWith("docker  0:02  Provisioning with shell script");
        keys("C-c");
        awaitPane("Cancelling build after receiving interrupt");
        keys("C-c"); // again, while the container is being killed or just after: nothing may be left either way
        String cancelled = awaitPane("Cleanly cancelled builds after being interrupted.");
        assertThat(cancelled).contains("==> docker: Killing the container");
        String prompt = awaitPane("Builds finished but no artifacts were created.\nkiln (template.json)>");
        assertThat(engine.countKilnContainers()).as("containers left after Ctrl-C; the pane shows:\n" + prompt)
                .isZero();
        assertThat(prompt).as("the status area is gone").doesNotContain("docker  0:");
        // the second Ctrl-C may land only now, at the prompt, where it clears the line: typing at once had its
        // first letter cleared with it once in CI ("b" on one prompt, "uild ..." on the next)
        Thread.sleep(1_000);

        keys("build -on-error=ask fails.json", "Enter");
        String question = awaitPane("[c] Clean up and exit, [a] abort without cleanup");
        assertThat(question).as("no status line while a question waits").doesNotContain("docker  0:");
        keys("c", "Enter");
        String failed = awaitPane("> c\n", "created.\nkiln (template.json)>");
        assertThat(failed).contains("==> docker: Killing the container", "Some builds didn't complete successfully")
                .doesNotContain("Nobody to ask");
        assertThat(engine.countKilnContainers()).as("containers left after 'clean up'").isZero();

        keys("exit", "Enter");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (tmuxQuiet("has-session", "-t", "kiln") == 0) {
            assertThat(System.nanoTime()).as("the shell ends on 'exit'").isLessThan(deadline);
            Thread.sleep(100);
        }
        assertThat(Files.readString(work.resolve("home/.kiln/history")))
                .contains("load " + example.resolve("template.json"), "build sleep.json", "exit");
    }

    @Test
    void debugPausesBeforeEachStepOpensAShellInTheContainerAndComesBack() throws Exception {
        requireTmux();
        Path example = KilnProcess.home().resolve("examples/offline-busybox");
        assertThat(run(List.of("sh", example.resolve("make-base-image.sh").toString()), Duration.ofMinutes(1)))
                .isZero();
        Files.writeString(work.resolve("debug.json"), """
                {
                  "builders": [ { "type": "docker", "image": "kiln-examples/busybox", "pull": false, "discard": true } ],
                  "provisioners": [ { "type": "shell", "inline": ["echo provisioned"] } ]
                }
                """);
        socket = work.resolve("tmux.sock");
        tmux("-f", "/dev/null", "new-session", "-d", "-s", "kiln", "-x", "160", "-y", "50", "-c", work.toString(),
                "env HOME=" + work.resolve("home") + " TERM=xterm-256color "
                        + KilnProcess.home().resolve("bin/kiln") + " shell");
        awaitPane("kiln>");

        keys("build -debug debug.json", "Enter");
        awaitPane("Pausing before step \"StartContainerStep\". [Enter] continue, or [a] abort");
        keys("Enter");
        awaitPane("Pausing before step \"ConnectDockerStep\"");
        keys("Enter");
        awaitPane("Pausing before step \"StepProvision\". [Enter] continue, [s] open a shell in the build machine");
        keys("s", "Enter");
        awaitPane("exit it to come back");
        keys("echo inside-$((40+2)) in $(hostname)", "Enter");
        awaitPane("inside-42 in");
        keys("C-c"); // the shell's, not a cancel of the build
        keys("exit", "Enter");
        String back = awaitPane("The shell ended (exit status", "Pausing before step \"StepProvision\"");
        assertThat(back).doesNotContain("Cancelling build");
        assertThat(engine.countKilnContainers()).as("the container lives on while paused").isEqualTo(1);
        keys("a", "Enter");
        awaitPane("> a\n", "kiln>");
        assertThat(capture()).doesNotContain("docker: provisioned");
        assertThat(engine.countKilnContainers()).as("aborting from -debug cleans up").isZero();
    }

    @Test
    void readingAScriptFromAPipeItRunsEachLineWithoutAPrompt() throws Exception {
        Path example = KilnProcess.home().resolve("examples/offline-busybox/template.json");
        Path script = work.resolve("steps.kiln");
        Files.writeString(script, "load " + example + "\nvalidate\nplugins docker-tag\nbiuld\nversion\n");
        Path out = work.resolve("out.txt");
        Path err = work.resolve("err.txt");
        Process process = new ProcessBuilder(KilnProcess.home().resolve("bin/kiln").toString(), "shell")
                .directory(work.toFile()).redirectInput(script.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        process.getOutputStream().close();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();

        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(Files.readString(out)).startsWith("Loaded " + example + ": 1 build (docker)")
                .contains("The configuration is valid.", "post-processor docker-tag")
                .doesNotContain("kiln>", "Kiln v");
        assertThat(Files.readString(err)).contains("Unknown command 'biuld'; did you mean 'build'?",
                "kiln shell: line 4 ('biuld') failed; stopping");
    }

    /** In CI tmux must be there (.ci/run installs it); on a developer's machine without it the test is skipped. */
    private static void requireTmux() throws Exception {
        boolean present;
        try {
            present = run(List.of("tmux", "-V"), Duration.ofSeconds(10)) == 0;
        } catch (IOException e) {
            present = false;
        }
        if (!present) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("the shell's end-to-end test needs tmux (apt-get install tmux)");
            }
            Assumptions.abort("tmux is not installed");
        }
    }

    private void keys(String... keys) throws Exception {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "kiln"));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    /** Waits until the pane (with its scroll-back, wrapped lines joined) shows {@code text}, and returns it. */
    private String awaitPane(String text) throws Exception {
        return awaitPane("", text);
    }

    /** Waits until the pane shows {@code text} after the last {@code after}, and returns the pane from there. */
    private String awaitPane(String after, String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String pane = "";
        while (System.nanoTime() < deadline) {
            pane = capture();
            int from = after.isEmpty() ? 0 : pane.lastIndexOf(after);
            if (from >= 0 && pane.substring(from).contains(text)) {
                return pane.substring(from);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the pane did not show '" + text + "' after '" + after + "' within 60 s; it shows:\n"
                + pane);
    }

    private String capture() throws Exception {
        Path file = work.resolve("pane.txt");
        ProcessBuilder capture = new ProcessBuilder("tmux", "-S", socket.toString(), "capture-pane", "-p", "-J",
                "-S", "-", "-t", "kiln").redirectOutput(file.toFile()).redirectErrorStream(true);
        Process process = capture.start();
        process.waitFor(10, TimeUnit.SECONDS);
        // trailing blanks of each line are the pane's, not the shell's
        return String.join("\n", Files.readString(file, StandardCharsets.UTF_8).lines().map(String::stripTrailing)
                .toList());
    }

    private void tmux(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("tmux", "-S", socket.toString()));
        command.addAll(List.of(args));
        assertThat(run(command, Duration.ofSeconds(10))).as(String.join(" ", command)).isZero();
    }

    private int tmuxQuiet(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("tmux", "-S", socket.toString()));
        command.addAll(List.of(args));
        return run(command, Duration.ofSeconds(10));
    }

    private static int run(List<String> command, Duration timeout) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
