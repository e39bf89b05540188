package dev.kiln.plugin.shell;

import static dev.kiln.plugin.shell.ConfigBuilder.inline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.api.Communicator;
import dev.kiln.api.KilnException;
import dev.kiln.api.ProvisionContext;
import dev.kiln.api.Ui;
import dev.kiln.api.testing.FakeContext;
import dev.kiln.plugin.docker.testing.TestEngine;
import dev.kiln.plugin.docker.testing.TestEngine.ExecResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the shell provisioner through the real {@code docker} communicator against a busybox container built offline.
 * Each test uses its own remote paths, so they share one container.
 */
@Tag("docker")
class ShellProvisionerIT {

    private static TestEngine engine;
    private static String containerId;
    private static Communicator communicator;

    private final ShellProvisioner provisioner = new ShellProvisioner();
    private final FakeContext context = new FakeContext("it-build", "docker");

    @TempDir
    Path dir;

    @BeforeAll
    static void startContainer() throws InterruptedException {
        engine = TestEngine.connect();
        containerId = engine.startContainer(engine.busyboxImage());
        communicator = engine.communicator(containerId);
    }

    @AfterAll
    static void removeContainer() {
        // Only what this class made: other modules' ITs may be using the engine at the same time.
        if (communicator != null) {
            communicator.close();
        }
        if (engine != null) {
            if (containerId != null) {
                engine.driver().killAndRemoveContainerQuietly(containerId);
            }
            engine.close();
        }
    }

    private void provision(ConfigBuilder config) throws InterruptedException {
        ShellProvisionerConfig c = config.build();
        assertThat(provisioner.validate(c)).isEmpty();
        provisioner.provision(context, communicator, c);
    }

    private static ExecResult exec(String... command) throws InterruptedException {
        return engine.exec(containerId, command);
    }

    @Test
    void inlineCommandsChangeTheContainer() throws Exception {
        provision(inline("mkdir -p /opt/kiln", "echo made-by-kiln > /opt/kiln/marker", "echo done"));

        assertThat(exec("cat", "/opt/kiln/marker").stdout()).isEqualTo("made-by-kiln");
        assertThat(context.ui().lines()).hasSize(2);
        assertThat(context.ui().lines().get(0)).startsWith("say: Provisioning with shell script: ");
        assertThat(context.ui().lines().get(1)).isEqualTo("detail: done");
    }

    @Test
    void aScriptThatRunsForSecondsSucceedsWithEveryLine() throws Exception {
        // What `apk add nginx` looks like to Kiln: several seconds, output now and then on both streams.
        provision(inline("echo start", "sleep 2", "echo middle >&2", "sleep 2", "echo end"));

        assertThat(context.ui().lines()).containsSubsequence("detail: start", "error: middle", "detail: end");
    }

    @Test
    void aLongScriptsFailureKeepsItsOwnExitStatus() {
        assertThatThrownBy(() -> provision(inline("sleep 3", "exit 9")))
                .isInstanceOf(KilnException.class)
                .hasMessageContaining("exit status: 9");
    }

    @Test
    void environmentVarsAndPackersBuildVariablesReachTheScript() throws Exception {
        ConfigBuilder c = inline(
                "echo \"greeting=$GREETING\"",
                "echo \"build=$PACKER_BUILD_NAME type=$PACKER_BUILDER_TYPE\"",
                "printf '%s' \"$GREETING|$EMPTY|$WITH_EQUALS\" > /tmp/env-it");
        c.environmentVars = List.of("GREETING=it's \"hi\" $HOME", "EMPTY=", "WITH_EQUALS=a=b");

        provision(c);

        assertThat(context.ui().lines()).contains(
                "detail: greeting=it's \"hi\" $HOME",
                "detail: build=it-build type=docker");
        assertThat(exec("cat", "/tmp/env-it").stdout()).isEqualTo("it's \"hi\" $HOME||a=b");
    }

    /** Packer places remote_path in its commands as written: this one would run 'echo INJECTED' and not the script. */
    @Test
    void aRemotePathWithShellSyntaxIsOnePathNotACommand() throws Exception {
        ConfigBuilder c = inline("echo \"the script ran as $0\"");
        c.remotePath = "/tmp/kiln it/x; echo INJECTED $(id -u).sh";

        provision(c);

        assertThat(context.ui().lines()).contains("detail: the script ran as /tmp/kiln it/x; echo INJECTED $(id -u).sh")
                .noneMatch(line -> line.startsWith("detail: INJECTED"));
        assertThat(exec("ls", "/tmp/kiln it").stdout()).as("cleaned up, under its own name").isEmpty();
    }

    @Test
    void standardErrorIsShownAsErrors() throws Exception {
        provision(inline("echo to-stdout", "echo to-stderr >&2"));

        assertThat(context.ui().lines()).contains("detail: to-stdout", "error: to-stderr");
    }

    @Test
    void aFailingCommandStopsTheScriptAndReportsTheExitStatus() throws Exception {
        ConfigBuilder c = inline("echo before", "false", "echo never-printed", "touch /tmp/never-created");
        c.remotePath = "/tmp/kiln-it-failing.sh";

        assertThatThrownBy(() -> provision(c))
                .isExactlyInstanceOf(KilnException.class)
                .hasMessage("Script exited with non-zero exit status: 1. Allowed exit codes are: [0]");

        assertThat(context.ui().lines()).contains("detail: before");
        assertThat(context.ui().text()).doesNotContain("never-printed");
        assertThat(exec("test", "-e", "/tmp/never-created").exitCode()).isNotZero();
        assertThat(exec("test", "-e", "/tmp/kiln-it-failing.sh").exitCode())
                .as("the script is removed after a failure too").isNotZero();
    }

    @Test
    void anExitStatusListedInValidExitCodesPasses() throws Exception {
        ConfigBuilder c = inline("echo three", "exit 3");
        c.validExitCodes = List.of(0, 3);

        provision(c);

        assertThat(context.ui().lines()).contains("detail: three");
    }

    @Test
    void anExitStatusNotListedFails() {
        ConfigBuilder c = inline("exit 4");
        c.validExitCodes = List.of(0, 3);

        assertThatThrownBy(() -> provision(c))
                .hasMessage("Script exited with non-zero exit status: 4. Allowed exit codes are: [0 3]");
    }

    @Test
    void scriptFilesRunInOrderWithWindowsLineEndingsConverted() throws Exception {
        Path first = Files.writeString(dir.resolve("first.sh"), "#!/bin/sh\r\necho first >> /tmp/order-it\r\n");
        Path second = Files.writeString(dir.resolve("second.sh"), "#!/bin/sh\necho second >> /tmp/order-it\nexit 0");
        ConfigBuilder c = new ConfigBuilder();
        c.scripts = List.of(first.toString(), second.toString());

        provision(c);

        assertThat(exec("cat", "/tmp/order-it").stdout()).isEqualTo("first\nsecond");
        assertThat(context.ui().lines()).containsExactly(
                "say: Provisioning with shell script: " + first,
                "say: Provisioning with shell script: " + second);
    }

    @Test
    void aSingleScriptFileRuns() throws Exception {
        Path script = Files.writeString(dir.resolve("one.sh"), "#!/bin/sh\necho \"args=$# name=$PACKER_BUILD_NAME\"\n");
        ConfigBuilder c = new ConfigBuilder();
        c.script = script.toString();

        provision(c);

        assertThat(context.ui().lines()).containsExactly(
                "say: Provisioning with shell script: " + script, "detail: args=0 name=it-build");
    }

    @Test
    void theUploadedScriptIsRemovedAfterwards() throws Exception {
        ConfigBuilder c = inline("echo cleaned");
        c.remotePath = "/tmp/kiln-it-cleaned.sh";

        provision(c);

        assertThat(exec("test", "-e", "/tmp/kiln-it-cleaned.sh").exitCode()).isNotZero();
    }

    @Test
    void skipCleanKeepsTheUploadedScript() throws Exception {
        ConfigBuilder c = inline("echo kept");
        c.remotePath = "/tmp/kiln-it-kept.sh";
        c.skipClean = true;

        provision(c);

        assertThat(exec("cat", "/tmp/kiln-it-kept.sh").stdout()).isEqualTo("#!/bin/sh -e\necho kept");
        assertThat(exec("stat", "-c", "%a", "/tmp/kiln-it-kept.sh").stdout()).isEqualTo("755");
    }

    // --- inline scripts with the default options run in one exec (ShellProvisioner#oneExecCommand) ---

    @Test
    void aFailingMiddleLineStopsAOneExecScriptAsSetEDoes() throws Exception {
        ConfigBuilder c = inline("echo before", "false", "echo never-printed", "touch /tmp/never-created-1x");
        assertThat(ShellProvisioner.runsInOneExec(c.build())).isTrue();

        assertThatThrownBy(() -> provision(c))
                .isExactlyInstanceOf(KilnException.class)
                .hasMessage("Script exited with non-zero exit status: 1. Allowed exit codes are: [0]");

        assertThat(context.ui().lines()).contains("detail: before");
        assertThat(context.ui().text()).doesNotContain("never-printed");
        assertThat(exec("test", "-e", "/tmp/never-created-1x").exitCode()).isNotZero();
    }

    @Test
    void aOneExecScriptEndsWithItsOwnExitStatusAndPackersMessage() {
        assertThatThrownBy(() -> provision(inline("echo going", "exit 42")))
                .isExactlyInstanceOf(KilnException.class)
                .hasMessage("Script exited with non-zero exit status: 42. Allowed exit codes are: [0]");
        assertThat(context.ui().lines()).contains("detail: going");
    }

    @Test
    void aOneExecScriptLeavesNoFileOnTheMachine() throws Exception {
        ConfigBuilder c = inline("echo \"running as $0\"", "ls /tmp > /tmp/listing-1x");
        c.remoteFile = "script_4321.sh";

        provision(c);

        assertThat(context.ui().lines()).contains("detail: running as /tmp/script_4321.sh");
        assertThat(exec("cat", "/tmp/listing-1x").stdout()).doesNotContain("script_4321.sh");
        assertThat(exec("test", "-e", "/tmp/script_4321.sh").exitCode()).isNotZero();
    }

    @Test
    void environmentVarsWithSpacesQuotesDollarsAndBackslashesReachAOneExecScriptAsTheyAre() throws Exception {
        List<String> values = List.of("two  spaces ", "it's", "\"double\"", "$HOME ${X:-y} $(id -u) `id -u`",
                "back\\slash \\n", "semi; | & > < * ?", "line1\nline2", "'", "");
        List<String> vars = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            vars.add("V" + i + "=" + values.get(i));
            lines.add("printf '%s' \"$V" + i + "\" > /tmp/var-1x-" + i);
        }
        ConfigBuilder c = inline(lines.toArray(String[]::new));
        c.environmentVars = vars;
        assertThat(ShellProvisioner.runsInOneExec(c.build())).isTrue();

        provision(c);

        for (int i = 0; i < values.size(); i++) {
            assertThat(exec("cat", "/tmp/var-1x-" + i).stdout()).as("V" + i).isEqualTo(values.get(i));
        }
    }

    @Test
    void aOneExecScriptsOutputStreamsAsItRuns() throws Exception {
        StampingContext stamping = new StampingContext(context);
        ConfigBuilder c = inline("echo tick-1", "sleep 2", "echo tock-2 >&2", "sleep 2", "echo tick-3", "sleep 2");
        assertThat(ShellProvisioner.runsInOneExec(c.build())).isTrue();

        long start = System.nanoTime();
        provisioner.provision(stamping, communicator, c.build());
        long end = System.nanoTime();

        long first = stamping.secondsAfter(start, "detail: tick-1");
        long second = stamping.secondsAfter(start, "error: tock-2");
        long third = stamping.secondsAfter(start, "detail: tick-3");
        long total = TimeUnit.NANOSECONDS.toMillis(end - start);
        // each line is shown when it is printed, seconds apart, not all together when the script ends
        assertThat(second).isGreaterThanOrEqualTo(first + 1500);
        assertThat(third).isGreaterThanOrEqualTo(second + 1500);
        assertThat(total).isGreaterThanOrEqualTo(third + 1500);
    }

    @Test
    void busyboxNumbersTheLinesOfOneExecScriptsOneLowerThanThoseOfTheFile() throws Exception {
        // A busybox ash quirk (documented on ShellProvisioner#oneExecCommand): -c text is numbered from 0, so its
        // messages name the line before the one the file would. Other shells (dash, bash) number both alike. The
        // test image's busybox is the host's (Debian's busybox-static 1.35); if this fails, a busybox without the
        // quirk is in use: update the documentation.
        ConfigBuilder oneExec = inline("echo one", "no-such-command-1x || true");
        oneExec.remoteFile = "script_55.sh";
        ConfigBuilder upload = inline("echo one", "no-such-command-1x || true");
        upload.remoteFile = "script_55.sh";
        upload.executeCommand = ShellProvisionerConfig.DEFAULT_EXECUTE_COMMAND + " "; // the same, through a file

        provision(oneExec);
        provision(upload);

        assertThat(context.ui().lines()).filteredOn(line -> line.startsWith("error: ")).containsExactly(
                "error: /tmp/script_55.sh: line 2: no-such-command-1x: not found",
                "error: /tmp/script_55.sh: line 3: no-such-command-1x: not found");
    }

    /** Stamps each Ui line with the time it arrived; everything else is the wrapped context's. */
    private static final class StampingContext implements ProvisionContext {
        private final FakeContext delegate;
        private final List<Map.Entry<Long, String>> lines =
                Collections.synchronizedList(new ArrayList<>());

        StampingContext(FakeContext delegate) {
            this.delegate = delegate;
        }

        long secondsAfter(long start, String line) {
            synchronized (lines) {
                return lines.stream().filter(e -> e.getValue().equals(line)).findFirst()
                        .map(e -> TimeUnit.NANOSECONDS.toMillis(e.getKey() - start))
                        .orElseThrow(() -> new AssertionError("no line '" + line + "' in " + lines));
            }
        }

        private void add(String kind, String message) {
            lines.add(Map.entry(System.nanoTime(), kind + ": " + message));
        }

        @Override public Ui ui() {
            return new Ui() {
                @Override public void say(String message) { add("say", message); }
                @Override public void detail(String message) { add("detail", message); }
                @Override public void warn(String message) { add("warn", message); }
                @Override public void error(String message) { add("error", message); }
            };
        }
        @Override public String buildName() { return delegate.buildName(); }
        @Override public String builderType() { return delegate.builderType(); }
        @Override public String render(String template, Map<String, ?> data) {
            return delegate.render(template, data);
        }
    }
}
