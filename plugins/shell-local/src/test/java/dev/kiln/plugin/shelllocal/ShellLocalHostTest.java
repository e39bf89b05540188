package dev.kiln.plugin.shelllocal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.api.Artifact;
import dev.kiln.api.KilnException;
import dev.kiln.api.PostProcessResult;
import dev.kiln.api.testing.FakeCommunicator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs shell-local for real on this host: no Docker needed. */
class ShellLocalHostTest {

    @TempDir Path tmp;    // where the components write inline scripts
    @TempDir Path work;   // the tests' own files

    private final FakeContext context = new FakeContext("web", "docker");
    private ShellLocalProvisioner provisioner;

    private ShellLocalProvisioner provisioner() {
        if (provisioner == null) {
            provisioner = new ShellLocalProvisioner(tmp);
        }
        return provisioner;
    }

    private void provision(ShellLocalConfig config) throws InterruptedException {
        provisioner().provision(context, new FakeCommunicator(), config);
    }

    private static ShellLocalConfig inline(List<String> lines, List<String> vars, List<String> executeCommand,
                                           List<Integer> validExitCodes) {
        return new ShellLocalConfig(null, lines, null, null, null, vars, null, executeCommand, null, null,
                validExitCodes);
    }

    private static ShellLocalConfig scripts(String script, List<String> scripts, List<String> executeCommand) {
        return new ShellLocalConfig(null, null, null, script, scripts, null, null, executeCommand, null, null, null);
    }

    private Path executable(String name, String text) throws Exception {
        Path file = work.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    @AfterEach
    void everyTemporaryFileIsGone() throws Exception {
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).as("temporary files left behind").isEmpty();
        }
    }

    @Test
    void inlineLinesRunInOrderInOneScript() throws Exception {
        provision(ShellLocalConfig.ofInline("echo one", "X=two", "echo $X", "echo three >&2"));

        assertThat(context.text()).hasSize(4);
        assertThat(context.text().get(0)).startsWith("say: Running local shell script: " + tmp.resolve("kiln-shell-local"));
        assertThat(context.details()).containsExactly("one", "two");
        assertThat(context.text()).contains("error: three");
    }

    @Test
    void theInlineShebangStopsAtTheFirstFailure() {
        assertThatThrownBy(() -> provision(ShellLocalConfig.ofInline("echo before", "false", "echo never")))
                .isInstanceOf(KilnException.class)
                .hasMessage("Script exited with non-zero exit status: 1. Allowed exit codes are: [0]");
        assertThat(context.details()).containsExactly("before");
    }

    @Test
    void aCommandIsOneInlineLineAndTheTempfileExtensionIsUsed() throws Exception {
        provision(new ShellLocalConfig("echo \"$0\"", null, null, null, null, null, null, null, null, "sh", null));

        assertThat(context.details()).hasSize(1);
        assertThat(context.details().get(0)).startsWith(tmp.toString()).endsWith(".sh");
    }

    @Test
    void scriptAndScriptsRunFromPathsWithSpaces() throws Exception {
        Path first = executable("my scripts/first one.sh", "#!/bin/sh\necho \"first from $(basename \"$0\")\"\n");
        Path second = executable("my scripts/it's second.sh", "#!/bin/sh\necho second\n");

        provision(scripts(first.toString(), null, null));
        provision(scripts(null, List.of(first.toString(), second.toString()), null));

        assertThat(context.text()).containsExactly(
                "say: Running local shell script: " + first, "detail: first from first one.sh",
                "say: Running local shell script: " + first, "detail: first from first one.sh",
                "say: Running local shell script: " + second, "detail: second");
        assertThat(first).exists();
    }

    @Test
    void environmentVarsKeepQuotesAndEqualsSignsAndPackersVariablesAreSet() throws Exception {
        List<String> vars = List.of("QUOTED=it's \"quoted\" $HOME `x`", "EQUALS=a=b==c", "EMPTY=");
        String print = "printf '%s|%s|%s|%s|%s\\n' \"$QUOTED\" \"$EQUALS\" \"[$EMPTY]\" \"$PACKER_BUILD_NAME\" "
                + "\"$PACKER_BUILDER_TYPE\"";
        String expected = "it's \"quoted\" $HOME `x`|a=b==c|[]|web|docker";

        provision(inline(List.of(print), vars, null, null));
        // the same through {{.Vars}} on a command line, as Packer passes them
        provision(inline(List.of(print), vars, List.of("/bin/sh", "-c", "{{.Vars}} exec {{.Script}}"), null));

        assertThat(context.details()).containsExactly(expected, expected);
    }

    @Test
    void packersVariablesReachScriptsRunByACustomCommand() throws Exception {
        Path notExecutable = work.resolve("plain.sh");
        Files.writeString(notExecutable, "echo \"bash ran $1 for $PACKER_BUILD_NAME/$PACKER_BUILDER_TYPE\"\n");

        provision(scripts(notExecutable.toString(), null, List.of("/bin/bash", "{{.Script}}", "{{.Command}}")));

        assertThat(context.details()).containsExactly("bash ran " + notExecutable + " for web/docker");
    }

    @Test
    void aNonZeroExitFailsWithItsStatusUnlessItIsValid() throws Exception {
        assertThatThrownBy(() -> provision(inline(List.of("echo ran", "exit 3"), null, null, null)))
                .isInstanceOf(KilnException.class)
                .hasMessage("Script exited with non-zero exit status: 3. Allowed exit codes are: [0]");

        provision(inline(List.of("exit 3"), null, null, List.of(0, 3)));

        assertThatThrownBy(() -> provision(inline(List.of("exit 0"), null, null, List.of(3))))
                .hasMessage("Script exited with non-zero exit status: 0. Allowed exit codes are: [3]");
    }

    @Test
    void theFirstFailingScriptStopsTheRest() throws Exception {
        Path fails = executable("fails.sh", "#!/bin/sh\nexit 9\n");
        Path never = executable("never.sh", "#!/bin/sh\necho never\n");

        assertThatThrownBy(() -> provision(scripts(null, List.of(fails.toString(), never.toString()), null)))
                .hasMessageContaining("exit status: 9.");
        assertThat(context.text()).containsExactly("say: Running local shell script: " + fails);
    }

    @Test
    void outputArrivesLineByLineWhileTheCommandRuns() throws Exception {
        provision(ShellLocalConfig.ofInline("for i in 1 2 3; do echo tick $i; sleep 1; done"));

        List<FakeContext.Line> ticks = context.lines().stream().filter(l -> l.kind().equals("detail")).toList();
        assertThat(ticks).extracting(FakeContext.Line::text).containsExactly("tick 1", "tick 2", "tick 3");
        assertThat(ticks.get(2).at().minus(ticks.get(0).at())).isGreaterThan(Duration.ofMillis(1500));
        assertThat(ticks.get(1).at().minus(ticks.get(0).at())).isGreaterThan(Duration.ofMillis(700));
    }

    @Test
    void anInterruptKillsTheScriptAndEverythingItStarted() throws Exception {
        Path pids = work.resolve("pids");
        ShellLocalConfig config = ShellLocalConfig.ofInline(
                "sleep 300 & echo $! > '" + pids + "'",
                "sh -c 'sleep 301 & echo $! >> \"$0\"; wait' '" + pids + "' &",
                "while [ $(wc -l < '" + pids + "') -lt 2 ]; do sleep 0.05; done",
                "echo started",
                "wait");
        AtomicReference<Thread> runner = new AtomicReference<>();
        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
            runner.set(Thread.currentThread());
            try {
                provision(config);
            } catch (InterruptedException e) {
                throw new IllegalStateException("interrupted", e);
            }
        });

        context.awaitLine("started", Duration.ofSeconds(10));
        List<ProcessHandle> started = Files.readAllLines(pids).stream()
                .map(pid -> ProcessHandle.of(Long.parseLong(pid.strip())).orElseThrow()).toList();
        long before = System.nanoTime();
        runner.get().interrupt();

        assertThatThrownBy(() -> run.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasRootCauseInstanceOf(InterruptedException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
        for (ProcessHandle process : started) {
            process.onExit().get(5, TimeUnit.SECONDS);
            assertThat(process.isAlive()).as("pid " + process.pid()).isFalse();
        }
    }

    @Test
    void aCancelledBuildKillsTheScript() throws Exception {
        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
            try {
                provision(ShellLocalConfig.ofInline("echo started", "sleep 300"));
            } catch (InterruptedException e) {
                throw new IllegalStateException("interrupted", e);
            }
        });
        context.awaitLine("started", Duration.ofSeconds(10));

        context.cancelled.set(true);

        assertThatThrownBy(() -> run.get(10, TimeUnit.SECONDS)).hasRootCauseInstanceOf(InterruptedException.class);
    }

    @Test
    void aProgramThatCannotStartIsNamedWithoutTheVariables() {
        ShellLocalConfig config = inline(List.of("true"), List.of("TOKEN=hunter2"),
                List.of(work.resolve("no-such-shell").toString(), "{{.Vars}}", "{{.Script}}"), null);

        assertThatThrownBy(() -> provision(config))
                .isInstanceOf(KilnException.class)
                .hasMessageStartingWith("Cannot run execute_command program '" + work.resolve("no-such-shell") + "'")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void noVariableValueAppearsInOutputOrErrors() {
        ShellLocalConfig config = inline(List.of("echo working", "exit 4"), List.of("TOKEN=hunter2"), null, null);

        assertThatThrownBy(() -> provision(config)).hasMessageNotContaining("hunter2");
        assertThat(String.join("\n", context.text())).doesNotContain("hunter2").contains("working");
    }

    @Test
    void onlyOnSkipsOtherSystemsAndRunsOnThisOne() throws Exception {
        String other = LocalShell.hostOs().equals("windows") ? "darwin" : "windows";
        ShellLocalConfig elsewhere = new ShellLocalConfig("echo ran", null, null, null, null, null, null, null,
                List.of(other), null, null);
        ShellLocalConfig here = new ShellLocalConfig("echo ran", null, null, null, null, null, null, null,
                List.of(other, LocalShell.hostOs()), null, null);

        provision(elsewhere);
        assertThat(context.text()).containsExactly("say: Skipping shell-local due to runtime OS");

        provision(here);
        assertThat(context.details()).containsExactly("ran");
    }

    @Test
    void thePostProcessorRunsTheSameWayAndPassesItsInputOnKeptAndForced() throws Exception {
        Path marker = work.resolve("from the post-processor");
        Artifact input = new Artifact() {
            @Override public String builderType() { return "docker"; }
            @Override public String id() { return "sha256:abc"; }
            @Override public List<String> files() { return List.of(); }
            @Override public Map<String, String> metadata() { return Map.of(); }
            @Override public String describe() { return "an image"; }
            @Override public void destroy() { throw new AssertionError("destroyed"); }
        };

        PostProcessResult result = new ShellLocalPostProcessor(tmp).process(context, input,
                ShellLocalConfig.ofInline("echo \"$PACKER_BUILD_NAME $PACKER_BUILDER_TYPE\" > '" + marker + "'"));

        assertThat(result.artifact()).isSameAs(input);
        assertThat(result.keepInput()).isTrue();
        assertThat(result.keepInputForced()).isTrue();
        assertThat(Files.readString(marker)).isEqualTo("web docker\n");
    }
}
