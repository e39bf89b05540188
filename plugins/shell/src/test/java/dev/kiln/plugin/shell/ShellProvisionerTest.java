package dev.kiln.plugin.shell;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.api.testing.FakeContext;
import dev.kiln.api.CommunicatorException;
import dev.kiln.api.KilnException;
import dev.kiln.api.Provisioner;
import dev.kiln.api.testing.FakeCommunicator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellProvisionerTest {

    private static final String P = "/tmp/script_42.sh";
    private static final String DEFAULT_VARS = "PACKER_BUILDER_TYPE='docker' PACKER_BUILD_NAME='docker' ";

    private final ShellProvisioner provisioner = new ShellProvisioner();
    private final FakeContext context = new FakeContext();
    private final FakeCommunicator fake = new FakeCommunicator();
    private final LoggingCommunicator communicator = new LoggingCommunicator(fake);

    @TempDir
    Path dir;

    /** A config with Packer's defaults, except a fixed remote_file so commands are predictable. */
    private static ConfigBuilder config() {
        ConfigBuilder c = new ConfigBuilder();
        c.remoteFile = "script_42.sh";
        return c;
    }

    private static ConfigBuilder inline(String... lines) {
        ConfigBuilder c = config();
        c.inline = List.of(lines);
        return c;
    }

    private void provision(ConfigBuilder config) throws InterruptedException {
        ShellProvisionerConfig c = config.build();
        assertThat(provisioner.validate(c)).isEmpty();
        provisioner.provision(context, communicator, c);
    }

    private Path localScriptShown() {
        String say = context.ui().lines().stream().filter(l -> l.startsWith("say: Provisioning with shell script: "))
                .findFirst().orElseThrow();
        return Path.of(say.substring("say: Provisioning with shell script: ".length()));
    }

    @Test
    void isTheShellTypeAndIsRegisteredAsAService() {
        assertThat(provisioner.type()).isEqualTo("shell");
        assertThat(provisioner.configType()).isEqualTo(ShellProvisionerConfig.class);
        List<Class<?>> found = new ArrayList<>();
        for (Provisioner<?> p : ServiceLoader.load(Provisioner.class)) {
            found.add(p.getClass());
        }
        assertThat(found).contains(ShellProvisioner.class);
    }

    @Test
    void inlineLinesWithTemplateActionsAreRenderedWhenTheyRun() throws Exception {
        provision(inline("echo plain", "echo {{build `ID`}}"));

        // the fake renders only {{.Key}} from data and leaves other actions as they are; the count proves render()
        // was asked for the line with an action (the runtime's render fills in the generated data)
        assertThat(fake.uploads()).containsExactly(Map.entry(P, "#!/bin/sh -e\necho plain\necho {{build `ID`}}\n"));
        assertThat(context.renderCount()).isEqualTo(2); // the one action line, then execute_command
    }

    @Test
    void runsAnInlineScriptWithPackersCommandSequence() throws Exception {
        provision(inline("echo one", "echo two"));

        assertThat(communicator.log()).containsExactly(
                "upload " + P + " +x",
                "exec chmod +x " + P + "; " + DEFAULT_VARS + " " + P,
                "exec rm -f " + P);
        assertThat(fake.uploads()).containsExactly(Map.entry(P, "#!/bin/sh -e\necho one\necho two\n"));
        assertThat(context.ui().lines()).first().asString().startsWith("say: Provisioning with shell script: ");
    }

    @Test
    void theInlineScriptUsesTheShebangAndIsDeletedLocallyAfterwards() throws Exception {
        ConfigBuilder c = inline("set -x", "echo 'quoted'");
        c.inlineShebang = "/bin/bash -eu";

        provision(c);

        assertThat(fake.uploads().get(P)).isEqualTo("#!/bin/bash -eu\nset -x\necho 'quoted'\n");
        assertThat(localScriptShown()).doesNotExist();
    }

    @Test
    void theInlineScriptIsDeletedLocallyAfterAFailureToo() {
        fake.exitStatus(command -> command.startsWith("chmod +x") ? 1 : 0);

        assertThatThrownBy(() -> provision(inline("false"))).isInstanceOf(KilnException.class);
        assertThat(localScriptShown()).doesNotExist();
    }

    @Test
    void varsAreSortedQuotedAndIncludePackersBuildVariables() throws Exception {
        FakeContext named = new FakeContext("web", "docker");
        ConfigBuilder c = inline("env");
        c.environmentVars = List.of("ZED=last", "A=it's", "M=a=b", "EMPTY=", "A2=x y");

        provisioner.provision(named, communicator, c.build());

        String vars = "A='it'\"'\"'s' A2='x y' EMPTY='' M='a=b' PACKER_BUILDER_TYPE='docker' PACKER_BUILD_NAME='web'"
                + " ZED='last' ";
        assertThat(communicator.log()).contains("exec chmod +x " + P + "; " + vars + " " + P);
        assertThat(named.renderData()).containsExactly(Map.of("Path", P, "Vars", vars, "EnvVarFile", ""));
    }

    @Test
    void aVariableGivenInTheTemplateWinsOverPackersOwn() throws Exception {
        ConfigBuilder c = inline("env");
        c.environmentVars = List.of("PACKER_BUILD_NAME=mine");

        provision(c);

        assertThat(communicator.log())
                .contains("exec chmod +x " + P + "; PACKER_BUILDER_TYPE='docker' PACKER_BUILD_NAME='mine'  " + P);
    }

    @Test
    void executeCommandAndEnvVarFormatCanBeChanged() throws Exception {
        ConfigBuilder c = inline("env");
        c.environmentVars = List.of("B=2");
        c.envVarFormat = "export %s=\"%s\"; ";
        c.executeCommand = "{{.Vars}}sudo -E sh '{{.Path}}'";
        c.remotePath = "/root/setup.sh";

        provision(c);

        assertThat(communicator.log()).containsExactly(
                "upload /root/setup.sh +x",
                "exec export B=\"2\"; export PACKER_BUILDER_TYPE=\"docker\"; export PACKER_BUILD_NAME=\"docker\"; "
                        + "sudo -E sh '/root/setup.sh'",
                "exec rm -f /root/setup.sh");
    }

    @Test
    void showsStandardOutputAsDetailsAndStandardErrorAsErrors() throws Exception {
        communicator.output(command -> command.startsWith("chmod +x"),
                List.of(new String[] {"out", "hello"}, new String[] {"err", "warning: x"}));

        provision(inline("echo hello"));

        assertThat(context.ui().lines()).endsWith("detail: hello", "error: warning: x");
    }

    @Test
    void aFailingScriptStopsTheProvisionerWithPackersMessageAndIsStillRemoved() throws Exception {
        Path first = Files.writeString(dir.resolve("first.sh"), "exit 1\n");
        Path second = Files.writeString(dir.resolve("second.sh"), "echo never\n");
        fake.exitStatus(command -> command.startsWith("chmod +x") ? 1 : 0);
        ConfigBuilder c = config();
        c.scripts = List.of(first.toString(), second.toString());

        assertThatThrownBy(() -> provision(c))
                .isExactlyInstanceOf(KilnException.class)
                .hasMessage("Script exited with non-zero exit status: 1. Allowed exit codes are: [0]");

        assertThat(communicator.log()).containsExactly(
                "upload " + P + " +x",
                "exec chmod +x " + P + "; " + DEFAULT_VARS + " " + P,
                "exec rm -f " + P);
        assertThat(context.ui().lines()).containsExactly("say: Provisioning with shell script: " + first);
    }

    @Test
    void validExitCodesAreAccepted() throws Exception {
        fake.exitStatus(command -> command.startsWith("chmod +x") ? 3 : 0);
        ConfigBuilder c = inline("exit 3");
        c.validExitCodes = List.of(0, 3);

        provision(c);

        assertThat(communicator.log()).last().isEqualTo("exec rm -f " + P);
    }

    @Test
    void theMessageListsEveryValidExitCodeAsPackerDoes() {
        fake.exitStatus(command -> command.startsWith("chmod +x") ? 2 : 0);
        ConfigBuilder c = inline("exit 2");
        c.validExitCodes = List.of(0, 3);

        assertThatThrownBy(() -> provision(c))
                .hasMessage("Script exited with non-zero exit status: 2. Allowed exit codes are: [0 3]");
    }

    @Test
    void skipCleanLeavesTheScriptOnTheMachine() throws Exception {
        ConfigBuilder c = inline("true");
        c.skipClean = true;

        provision(c);

        assertThat(communicator.log()).noneMatch(line -> line.startsWith("exec rm"));
        assertThat(communicator.log()).hasSize(2);
    }

    @Test
    void skipCleanAlsoAppliesAfterAFailure() {
        fake.exitStatus(command -> command.startsWith("chmod +x") ? 1 : 0);
        ConfigBuilder c = inline("false");
        c.skipClean = true;

        assertThatThrownBy(() -> provision(c)).isInstanceOf(KilnException.class);
        assertThat(communicator.log()).noneMatch(line -> line.startsWith("exec rm"));
    }

    @Test
    void runsEveryScriptInOrderThroughTheSameRemotePath() throws Exception {
        Path a = Files.writeString(dir.resolve("a.sh"), "echo a\n");
        Path b = Files.writeString(dir.resolve("b.sh"), "echo b\n");
        ConfigBuilder c = config();
        c.scripts = List.of(a.toString(), b.toString());

        provision(c);

        String run = "exec chmod +x " + P + "; " + DEFAULT_VARS + " " + P;
        assertThat(communicator.log()).containsExactly(
                "upload " + P + " +x", run, "exec rm -f " + P,
                "upload " + P + " +x", run, "exec rm -f " + P);
        assertThat(communicator.uploadedBytes()).extracting(bytes -> new String(bytes, UTF_8))
                .containsExactly("echo a\n", "echo b\n");
        assertThat(context.ui().lines()).containsExactly(
                "say: Provisioning with shell script: " + a, "say: Provisioning with shell script: " + b);
        assertThat(a).exists();
    }

    @Test
    void aSingleScriptFileRuns() throws Exception {
        Path a = Files.writeString(dir.resolve("a.sh"), "#!/bin/sh\necho a\n");
        ConfigBuilder c = config();
        c.script = a.toString();

        provision(c);

        assertThat(fake.uploads()).containsExactly(Map.entry(P, "#!/bin/sh\necho a\n"));
    }

    @Test
    void windowsLineEndingsAreConvertedUnlessBinary() throws Exception {
        Path crlf = Files.writeString(dir.resolve("crlf.sh"), "echo a\r\necho b\r\nlast");
        ConfigBuilder text = config();
        text.script = crlf.toString();
        ConfigBuilder binary = config();
        binary.script = crlf.toString();
        binary.binary = true;

        provision(text);
        provision(binary);

        assertThat(communicator.uploadedBytes()).extracting(bytes -> new String(bytes, UTF_8))
                .containsExactly("echo a\necho b\nlast\n", "echo a\r\necho b\r\nlast");
        // a binary script goes up as it is, so it is made executable on the machine, as Packer does
        assertThat(communicator.log()).filteredOn(line -> line.startsWith("exec chmod 0755"))
                .containsExactly("exec chmod 0755 " + P);
    }

    @Test
    void unixLineEndingsFollowPackersUnixReader() {
        assertThat(convert("")).isEqualTo("");
        assertThat(convert("a")).isEqualTo("a\n");
        assertThat(convert("a\n")).isEqualTo("a\n");
        assertThat(convert("a\r\n\r\nb\r")).isEqualTo("a\n\nb\n");
        assertThat(convert("a\rb\n")).isEqualTo("a\rb\n");
    }

    private static String convert(String text) {
        return new String(ShellProvisioner.unixLineEndings(text.getBytes(UTF_8)), UTF_8);
    }

    @Test
    void aFailedUploadSaysWhatAndStillTriesToRemoveTheFile() {
        communicator.failUploadsWith(new CommunicatorException("no space left on device", null));

        assertThatThrownBy(() -> provision(inline("true")))
                .isInstanceOf(CommunicatorException.class)
                .hasMessageMatching("Cannot upload script '.*kiln-shell.*' to '" + P + "': no space left on device");
        assertThat(communicator.log()).containsExactly("upload " + P + " +x", "exec rm -f " + P);
    }

    @Test
    void aFailingCleanupAfterAFailureIsAttachedNotThrown() {
        fake.exitStatus(command -> {
            if (command.startsWith("rm")) {
                throw new CommunicatorException("container is gone", null);
            }
            return command.startsWith("chmod +x") ? 1 : 0;
        });

        assertThatThrownBy(() -> provision(inline("false")))
                .hasMessage("Script exited with non-zero exit status: 1. Allowed exit codes are: [0]")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage)
                        .containsExactly("container is gone"));
    }

    @Test
    void aFailingCleanupAfterSuccessIsAnError() {
        fake.exitStatus(command -> command.startsWith("rm") ? 1 : 0);

        assertThatThrownBy(() -> provision(inline("true")))
                .isInstanceOf(KilnException.class)
                .hasMessage("Could not remove the uploaded script '" + P + "': 'rm -f " + P
                        + "' exited with status 1; set skip_clean to true to leave it.");
    }

    @Test
    void aDisconnectIsAnErrorUnlessExpected() throws Exception {
        fake.exitStatus(command -> command.startsWith("chmod +x") ? ShellProvisioner.CMD_DISCONNECT : 0);

        assertThatThrownBy(() -> provision(inline("reboot"))).hasMessageStartingWith(
                "Script disconnected unexpectedly. If you expected your script to disconnect, i.e. from a restart,");

        ConfigBuilder expected = inline("reboot");
        expected.expectDisconnect = true;
        provision(expected);
    }

    @Test
    void anEnvVarFileIsUploadedSourcedAndRemoved() throws Exception {
        ConfigBuilder c = inline("env");
        c.environmentVars = List.of("A=it's");
        c.useEnvVarFile = true;

        provision(c);

        List<String> log = communicator.log();
        assertThat(log).hasSize(6);
        String varFile = log.get(0).substring("upload ".length());
        assertThat(varFile).matches("/tmp/varfile_\\d{1,4}\\.sh");
        assertThat(log).containsExactly(
                "upload " + varFile,
                "exec chmod 0600 " + varFile,
                "upload " + P + " +x",
                "exec chmod +x " + P + "; . " + varFile + " && " + P,
                "exec rm -f " + P,
                "exec rm -f " + varFile);
        assertThat(fake.uploads().get(varFile)).isEqualTo(
                "export A='it'\"'\"'s'\nexport PACKER_BUILDER_TYPE='docker'\nexport PACKER_BUILD_NAME='docker'\n");
    }

    @Test
    void anEnvVarFileIsRemovedWhenProtectingItFails() {
        fake.exitStatus(command -> {
            if (command.startsWith("chmod 0600")) {
                throw new CommunicatorException("container stopped", null);
            }
            return 0;
        });
        ConfigBuilder c = inline("env");
        c.environmentVars = List.of("TOKEN=secret");
        c.useEnvVarFile = true;

        assertThatThrownBy(() -> provision(c)).hasMessage("container stopped");

        List<String> log = communicator.log();
        String varFile = log.get(0).substring("upload ".length());
        assertThat(log).containsExactly("upload " + varFile, "exec chmod 0600 " + varFile, "exec rm -f " + varFile);
    }

    @Test
    void interruptionPropagatesWithoutFurtherCommands() {
        LoggingCommunicator interrupting = new LoggingCommunicator(fake);
        dev.kiln.api.Communicator cancelled = new dev.kiln.api.Communicator() {
            @Override public int execute(String command, dev.kiln.api.OutputListener output)
                    throws InterruptedException {
                interrupting.execute(command, output);
                if (command.startsWith("chmod +x")) {
                    throw new InterruptedException();
                }
                return 0;
            }
            @Override public void upload(Path source, String destination) throws InterruptedException {
                interrupting.upload(source, destination);
            }
            @Override public void download(String source, Path destination) { }
            @Override public void close() { }
        };

        assertThatThrownBy(() -> provisioner.provision(context, cancelled, inline("sleep 60").build()))
                .isInstanceOf(InterruptedException.class);
        assertThat(interrupting.log()).last().asString().startsWith("exec chmod +x");
        assertThat(localScriptShown()).doesNotExist();
    }

    @Test
    void anInterruptedThreadStartsNothing() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> provision(inline("true"))).isInstanceOf(InterruptedException.class);
            assertThat(communicator.log()).isEmpty();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void pausesAfterTheLastScript() throws Exception {
        ConfigBuilder c = inline("true");
        c.pauseAfter = java.time.Duration.ofMillis(10);

        provision(c);

        assertThat(context.ui().lines()).last().isEqualTo("say: Pausing 10ms after this provisioner...");
    }
}
