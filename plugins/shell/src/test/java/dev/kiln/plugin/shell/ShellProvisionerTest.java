package dev.kiln.plugin.shell;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.api.Communicator;
import dev.kiln.api.CommunicatorException;
import dev.kiln.api.KilnException;
import dev.kiln.api.OutputListener;
import dev.kiln.api.Provisioner;
import dev.kiln.api.testing.FakeCommunicator;
import dev.kiln.api.testing.FakeContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellProvisionerTest {

    /** Packer's default form of remote_path: inline scripts with it run in one exec. */
    private static final String P = "/tmp/script_42.sh";
    /** A remote_path of the user's own: inline scripts with it go up as a file. */
    private static final String U = "/tmp/upload_42.sh";
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

    /** Inline lines with a remote_file of the user's own, so they go up as the file {@link #U}. */
    private static ConfigBuilder uploaded(String... lines) {
        ConfigBuilder c = inline(lines);
        c.remoteFile = "upload_42.sh";
        return c;
    }

    /** The one command that runs {@code lines} as an inline script with the default options. */
    private static String oneExec(String vars, String... lines) {
        StringBuilder script = new StringBuilder("#!/bin/sh -e\n");
        for (String line : lines) {
            script.append(line).append('\n');
        }
        return "exec " + vars + " /bin/sh -e -c '" + script.toString().replace("'", "'\"'\"'") + "' '" + P + "'";
    }

    private void provision(ConfigBuilder config) throws InterruptedException {
        ShellProvisionerConfig c = config.build();
        assertThat(provisioner.validate(c)).isEmpty();
        provisioner.provision(context, communicator, c);
    }

    /** The local script file the last "Provisioning with shell script" line named. */
    private Path localScriptShown() {
        String say = context.ui().lines().stream().filter(l -> l.startsWith("say: Provisioning with shell script: "))
                .reduce((first, second) -> second).orElseThrow();
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
        provision(uploaded("echo plain", "echo {{build `ID`}}"));

        // the fake renders only {{.Key}} from data and leaves other actions as they are; the count proves render()
        // was asked for the line with an action (the runtime's render fills in the generated data)
        assertThat(fake.uploads()).containsExactly(Map.entry(U, "#!/bin/sh -e\necho plain\necho {{build `ID`}}\n"));
        assertThat(context.renderCount()).isEqualTo(2); // the one action line, then execute_command
    }

    @Test
    void inlineLinesAreRenderedTheSameWayWhenTheyRunInOneExec() throws Exception {
        provision(inline("echo plain", "echo {{build `ID`}}"));

        assertThat(communicator.log()).containsExactly(oneExec(DEFAULT_VARS, "echo plain", "echo {{build `ID`}}"));
        assertThat(context.renderCount()).isEqualTo(1); // the action line; the default execute_command is not needed
    }

    @Test
    void aDefaultInlineScriptRunsInOneExecWithNothingUploadedOrRemoved() throws Exception {
        provision(inline("echo one", "echo two"));

        assertThat(communicator.log()).containsExactly("exec PACKER_BUILDER_TYPE='docker' PACKER_BUILD_NAME='docker'  "
                + "/bin/sh -e -c '#!/bin/sh -e\necho one\necho two\n' '/tmp/script_42.sh'");
        assertThat(fake.uploads()).isEmpty();
        assertThat(context.ui().lines()).first().asString().startsWith("say: Provisioning with shell script: ");
        assertThat(localScriptShown()).doesNotExist();
    }

    @Test
    void quotesDollarsAndBackslashesInTheScriptAreOneSingleQuotedArgument() throws Exception {
        provision(inline("echo 'it'\\''s' \"$HOME\" `id -u` \\n", "printf '%s\\n' done"));

        assertThat(communicator.log()).containsExactly("exec " + DEFAULT_VARS + " /bin/sh -e -c '#!/bin/sh -e\n"
                + "echo '\"'\"'it'\"'\"'\\'\"'\"''\"'\"'s'\"'\"' \"$HOME\" `id -u` \\n\n"
                + "printf '\"'\"'%s\\n'\"'\"' done\n' '/tmp/script_42.sh'");
    }

    @Test
    void runsAnInlineScriptOfItsOwnRemotePathWithPackersCommandSequence() throws Exception {
        provision(uploaded("echo one", "echo two"));

        assertThat(communicator.log()).containsExactly(
                "upload " + U + " +x",
                "exec chmod +x " + U + "; " + DEFAULT_VARS + " " + U,
                "exec rm -f " + U);
        assertThat(fake.uploads()).containsExactly(Map.entry(U, "#!/bin/sh -e\necho one\necho two\n"));
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
        fake.exitStatus(command -> command.contains("/bin/sh -e -c") || command.startsWith("chmod +x") ? 1 : 0);

        assertThatThrownBy(() -> provision(inline("false"))).isInstanceOf(KilnException.class);
        assertThat(localScriptShown()).doesNotExist();

        assertThatThrownBy(() -> provision(uploaded("false"))).isInstanceOf(KilnException.class);
        assertThat(localScriptShown()).doesNotExist();
    }

    @Test
    void varsAreSortedQuotedAndIncludePackersBuildVariables() throws Exception {
        FakeContext named = new FakeContext("web", "docker");
        ConfigBuilder c = inline("env");
        c.environmentVars = List.of("ZED=last", "A=it's", "M=a=b", "EMPTY=", "A2=x y");

        provisioner.provision(named, communicator, c.build());
        c.remoteFile = "upload_42.sh";
        provisioner.provision(named, communicator, c.build());

        String vars = "A='it'\"'\"'s' A2='x y' EMPTY='' M='a=b' PACKER_BUILDER_TYPE='docker' PACKER_BUILD_NAME='web'"
                + " ZED='last' ";
        assertThat(communicator.log()).containsExactly(oneExec(vars, "env"),
                "upload " + U + " +x", "exec chmod +x " + U + "; " + vars + " " + U, "exec rm -f " + U);
        assertThat(named.renderData()).containsExactly(Map.of("Path", U, "Vars", vars, "EnvVarFile", ""));
    }

    @Test
    void aVariableGivenInTheTemplateWinsOverPackersOwn() throws Exception {
        ConfigBuilder c = inline("env");
        c.environmentVars = List.of("PACKER_BUILD_NAME=mine");

        provision(c);

        assertThat(communicator.log())
                .containsExactly(oneExec("PACKER_BUILDER_TYPE='docker' PACKER_BUILD_NAME='mine' ", "env"));
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
    void anEnvVarFormatOfTheUsersOwnStillRunsInOneExecWithTheVariablesWrittenItsWay() throws Exception {
        ConfigBuilder c = inline("env");
        c.environmentVars = List.of("B=2");
        c.envVarFormat = "export %s=\"%s\"; ";

        provision(c);

        assertThat(communicator.log()).containsExactly(oneExec(
                "export B=\"2\"; export PACKER_BUILDER_TYPE=\"docker\"; export PACKER_BUILD_NAME=\"docker\"; ", "env"));
    }

    @Test
    void showsStandardOutputAsDetailsAndStandardErrorAsErrors() throws Exception {
        communicator.output(command -> command.startsWith("chmod +x") || command.contains("/bin/sh -e -c"),
                List.of(new String[] {"out", "hello"}, new String[] {"err", "warning: x"}));

        provision(inline("echo hello"));
        provision(uploaded("echo hello"));

        assertThat(context.ui().lines()).filteredOn(line -> !line.startsWith("say: ")).containsExactly(
                "detail: hello", "error: warning: x", "detail: hello", "error: warning: x");
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
    void aFailingOneExecScriptFailsWithPackersMessageAndNeedsNoCleanUp() {
        fake.exitStatus(command -> command.contains("/bin/sh -e -c") ? 1 : 0);

        assertThatThrownBy(() -> provision(inline("echo before", "false", "echo never")))
                .isExactlyInstanceOf(KilnException.class)
                .hasMessage("Script exited with non-zero exit status: 1. Allowed exit codes are: [0]");
        assertThat(communicator.log()).containsExactly(oneExec(DEFAULT_VARS, "echo before", "false", "echo never"));
    }

    @Test
    void validExitCodesAreAccepted() throws Exception {
        fake.exitStatus(command -> command.startsWith("chmod +x") || command.contains("/bin/sh -e -c") ? 3 : 0);
        ConfigBuilder c = inline("exit 3");
        c.validExitCodes = List.of(0, 3);

        provision(c);
        c.remoteFile = "upload_42.sh";
        provision(c);

        assertThat(communicator.log()).hasSize(4).first().isEqualTo(oneExec(DEFAULT_VARS, "exit 3"));
        assertThat(communicator.log()).last().isEqualTo("exec rm -f " + U);
    }

    @Test
    void theMessageListsEveryValidExitCodeAsPackerDoes() {
        fake.exitStatus(command -> command.startsWith("chmod +x") || command.contains("/bin/sh -e -c") ? 2 : 0);
        ConfigBuilder c = inline("exit 2");
        c.validExitCodes = List.of(0, 3);

        assertThatThrownBy(() -> provision(c))
                .hasMessage("Script exited with non-zero exit status: 2. Allowed exit codes are: [0 3]");
        c.remoteFile = "upload_42.sh";
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

        assertThatThrownBy(() -> provision(uploaded("true")))
                .isInstanceOf(CommunicatorException.class)
                .hasMessageMatching("Cannot upload script '.*kiln-shell.*' to '" + U + "': no space left on device");
        assertThat(communicator.log()).containsExactly("upload " + U + " +x", "exec rm -f " + U);
    }

    @Test
    void aFailingCleanupAfterAFailureIsAttachedNotThrown() {
        fake.exitStatus(command -> {
            if (command.startsWith("rm")) {
                throw new CommunicatorException("container is gone", null);
            }
            return command.startsWith("chmod +x") ? 1 : 0;
        });

        assertThatThrownBy(() -> provision(uploaded("false")))
                .hasMessage("Script exited with non-zero exit status: 1. Allowed exit codes are: [0]")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage)
                        .containsExactly("container is gone"));
    }

    @Test
    void aFailingCleanupAfterSuccessIsAnError() {
        fake.exitStatus(command -> command.startsWith("rm") ? 1 : 0);

        assertThatThrownBy(() -> provision(uploaded("true")))
                .isInstanceOf(KilnException.class)
                .hasMessage("Could not remove the uploaded script '" + U + "': 'rm -f " + U
                        + "' exited with status 1; set skip_clean to true to leave it.");
    }

    @Test
    void aDisconnectIsAnErrorUnlessExpected() throws Exception {
        fake.exitStatus(command -> command.startsWith("chmod +x") || command.contains("/bin/sh -e -c")
                ? ShellProvisioner.CMD_DISCONNECT : 0);

        assertThatThrownBy(() -> provision(inline("reboot"))).hasMessageStartingWith(
                "Script disconnected unexpectedly. If you expected your script to disconnect, i.e. from a restart,");
        assertThatThrownBy(() -> provision(uploaded("reboot"))).hasMessageStartingWith(
                "Script disconnected unexpectedly. If you expected your script to disconnect, i.e. from a restart,");

        ConfigBuilder expected = inline("reboot");
        expected.expectDisconnect = true;
        provision(expected);
        expected.remoteFile = "upload_42.sh";
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
        Communicator cancelled = new Communicator() {
            @Override public int execute(String command, OutputListener output)
                    throws InterruptedException {
                interrupting.execute(command, output);
                if (command.startsWith("chmod +x") || command.contains("/bin/sh -e -c")) {
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
        assertThat(interrupting.log()).containsExactly(oneExec(DEFAULT_VARS, "sleep 60"));
        assertThat(localScriptShown()).doesNotExist();

        assertThatThrownBy(() -> provisioner.provision(context, cancelled, uploaded("sleep 60").build()))
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
        c.pauseAfter = Duration.ofMillis(10);

        provision(c);

        assertThat(context.ui().lines()).last().isEqualTo("say: Pausing 10ms after this provisioner...");
    }

    @Test
    void onlyOptionsThatNeedNoFileOnTheMachineKeepTheOneExecPath() {
        Map<String, Consumer<ConfigBuilder>> oneExec = new LinkedHashMap<>();
        oneExec.put("defaults", c -> { });
        oneExec.put("environment_vars", c -> c.environmentVars = List.of("A=1"));
        oneExec.put("env_var_format", c -> c.envVarFormat = "export %s='%s'; ");
        oneExec.put("valid_exit_codes", c -> c.validExitCodes = List.of(0, 3));
        oneExec.put("expect_disconnect", c -> c.expectDisconnect = true);
        oneExec.put("pause_after", c -> c.pauseAfter = Duration.ofSeconds(1));
        oneExec.put("binary", c -> c.binary = true);
        oneExec.put("the default remote_folder, written out", c -> c.remoteFolder = "/tmp");
        oneExec.put("the default execute_command, written out",
                c -> c.executeCommand = "chmod +x {{.Path}}; {{.Vars}} {{.Path}}");
        oneExec.put("the default inline_shebang, written out", c -> c.inlineShebang = "/bin/sh -e");
        Map<String, Consumer<ConfigBuilder>> upload = new LinkedHashMap<>();
        upload.put("execute_command", c -> c.executeCommand = "chmod +x {{.Path}}; {{.Vars}} {{.Path}} ");
        upload.put("inline_shebang", c -> c.inlineShebang = "/bin/sh -eu");
        upload.put("skip_clean", c -> c.skipClean = true);
        upload.put("use_env_var_file", c -> c.useEnvVarFile = true);
        upload.put("remote_folder", c -> c.remoteFolder = "/var/tmp");
        upload.put("remote_file", c -> c.remoteFile = "setup.sh");
        upload.put("remote_path", c -> c.remotePath = "/root/setup.sh");

        oneExec.forEach((what, option) -> {
            ConfigBuilder c = inline("true");
            option.accept(c);
            assertThat(ShellProvisioner.runsInOneExec(c.build())).as(what).isTrue();
        });
        upload.forEach((what, option) -> {
            ConfigBuilder c = inline("true");
            option.accept(c);
            assertThat(ShellProvisioner.runsInOneExec(c.build())).as(what).isFalse();
        });
        ConfigBuilder file = config();
        file.script = "setup.sh";
        assertThat(ShellProvisioner.runsInOneExec(file.build())).as("script").isFalse();
        assertThat(ShellProvisioner.runsInOneExec(ShellProvisionerConfig.ofInline("true")))
                .as("a random default remote_file").isTrue();
    }

    @Test
    void aCommandUpTo64KiBRunsInOneExecALongerOneGoesUpAsAFile() throws Exception {
        String overhead = oneExec(DEFAULT_VARS, "").substring("exec ".length());
        String fits = "#".repeat(ShellProvisioner.MAX_ONE_EXEC_COMMAND_BYTES - overhead.length());

        provision(inline(fits));
        assertThat(communicator.log()).containsExactly(oneExec(DEFAULT_VARS, fits));
        assertThat(communicator.log().get(0).length() - "exec ".length())
                .isEqualTo(ShellProvisioner.MAX_ONE_EXEC_COMMAND_BYTES);

        provision(inline(fits + "#"));
        assertThat(communicator.log()).hasSize(4).endsWith(
                "upload " + P + " +x", "exec chmod +x " + P + "; " + DEFAULT_VARS + " " + P, "exec rm -f " + P);
        assertThat(fake.uploads().get(P)).isEqualTo("#!/bin/sh -e\n" + fits + "#\n");
    }

    @Test
    void theLimitCountsBytesAndQuotesNotCharacters() {
        ShellProvisionerConfig c = inline("x").build();
        int quarter = ShellProvisioner.MAX_ONE_EXEC_COMMAND_BYTES / 4;

        // 'é' is two bytes in UTF-8, and each ' is written as five characters, '"'"'
        assertThat(ShellProvisioner.oneExecCommand(c, "é".repeat(2 * quarter).getBytes(UTF_8), DEFAULT_VARS))
                .isNull();
        assertThat(ShellProvisioner.oneExecCommand(c, "'".repeat(quarter).getBytes(UTF_8), DEFAULT_VARS)).isNull();
        assertThat(ShellProvisioner.oneExecCommand(c, "é".repeat(quarter).getBytes(UTF_8), DEFAULT_VARS))
                .isNotNull();
    }

    @Test
    void aNulCharacterCannotBeAnArgumentSoTheScriptGoesUpAsAFile() throws Exception {
        provision(inline("printf 'a\0b'"));

        assertThat(communicator.log()).first().isEqualTo("upload " + P + " +x");
        ConfigBuilder vars = inline("env");
        vars.environmentVars = List.of("A=x\0y");
        assertThat(ShellProvisioner.oneExecCommand(vars.build(), "env\n".getBytes(UTF_8),
                ShellProvisioner.flatten(new TreeMap<>(Map.of("A", "x\0y")), "%s='%s' "))).isNull();
    }

    @Test
    void windowsLineEndingsInInlineLinesAreConvertedInOneExecAsInTheFileUnlessBinary() throws Exception {
        provision(inline("echo a\r", "echo b"));
        ConfigBuilder binary = inline("echo a\r", "echo b");
        binary.binary = true;
        provision(binary);

        assertThat(communicator.log()).containsExactly(oneExec(DEFAULT_VARS, "echo a", "echo b"),
                oneExec(DEFAULT_VARS, "echo a\r", "echo b"));
    }

    @Test
    void quoteMakesOneSingleQuotedWord() {
        assertThat(ShellProvisioner.quote("")).isEqualTo("''");
        assertThat(ShellProvisioner.quote("plain")).isEqualTo("'plain'");
        assertThat(ShellProvisioner.quote("it's")).isEqualTo("'it'\"'\"'s'");
        assertThat(ShellProvisioner.quote("$HOME \\ \"x\" `id`\n")).isEqualTo("'$HOME \\ \"x\" `id`\n'");
    }

    @Test
    void quotedTextComesOutOfARealShellUnchanged() throws Exception {
        Path sh = Path.of("/bin/sh");
        assumeTrue(Files.isExecutable(sh), "no /bin/sh on this machine");
        String nasty = "it's \"quoted\" $HOME ${X:-y} `id -u` $(id -u) \\ \\n \t tab\n'' ' ; | & > < * ? ~ # !\nend'";

        Process p = new ProcessBuilder(sh.toString(), "-c", "printf '%s' " + ShellProvisioner.quote(nasty))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), UTF_8);

        assertThat(p.waitFor()).isZero();
        assertThat(out).isEqualTo(nasty);
    }
}
