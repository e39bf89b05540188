package dev.kiln.plugin.shell;

import dev.kiln.api.Communicator;
import dev.kiln.api.CommunicatorException;
import dev.kiln.api.Durations;
import dev.kiln.api.KilnException;
import dev.kiln.api.OutputListener;
import dev.kiln.api.ProvisionContext;
import dev.kiln.api.Provisioner;
import dev.kiln.api.Ui;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@code shell} provisioner: runs {@code inline} commands, or uploads shell scripts to the machine and runs them
 * with {@code execute_command}, as Packer's {@code shell} provisioner does.
 *
 * <p>For each script it says {@code Provisioning with shell script: <local path>} (for {@code inline}, a local
 * temporary file holding the script), uploads the script to {@code remote_path} with mode 0755 (Packer runs a
 * separate {@code chmod 0755}; Kiln does so only for {@code binary} scripts, which go up as they are), runs the
 * rendered {@code execute_command} (standard output shown as details, standard error as errors), checks the exit
 * status against {@code valid_exit_codes} and, unless {@code skip_clean}, runs {@code rm -f <remote_path>}. It stops
 * at the first failing script.
 *
 * <p><b>Inline commands in one exec.</b> An {@code inline} script with Packer's defaults ({@code execute_command},
 * {@code inline_shebang} {@code /bin/sh -e}, {@code remote_path} {@code /tmp/script_<n>.sh}, no {@code skip_clean},
 * no {@code use_env_var_file}) is not uploaded: it runs as one command, {@code VARS /bin/sh -e -c 'SCRIPT'
 * '/tmp/script_<n>.sh'}, where {@code SCRIPT} is the text the file would hold. That is what the default
 * {@code execute_command} makes of the file (the kernel runs it as {@code /bin/sh -e <path>}): the same shell and
 * options, the same variables written the same way, the same exit status and output, the path as {@code $0}. It
 * costs one exec where the file costs an upload and two execs, and leaves nothing on the machine, not even a
 * touched {@code /tmp}. {@code valid_exit_codes}, {@code expect_disconnect}, {@code env_var_format},
 * {@code environment_vars}, {@code binary} and {@code pause_after} mean what they mean for a file. Whatever needs the
 * file on the machine (another {@code execute_command} or shebang, {@code skip_clean}, {@code use_env_var_file}, a
 * {@code remote_folder}, {@code remote_file} or {@code remote_path} of one's own) and scripts too long for one
 * argument (over {@link #MAX_ONE_EXEC_COMMAND_BYTES}) take the upload path; {@link #oneExecCommand} has the details.
 *
 * @since 0.1
 */
public final class ShellProvisioner implements Provisioner<ShellProvisionerConfig> {

    /** The exit status Packer's communicators report when the connection dropped while a command ran. */
    static final int CMD_DISCONNECT = 2300218;

    /**
     * The longest command, in UTF-8 bytes, that runs an inline script in one exec; a longer one goes up as a file.
     * The command reaches the machine as one argument of {@code /bin/sh -c}, and Linux refuses any single argument
     * longer than 128 KiB ({@code MAX_ARG_STRLEN}); half of that leaves room for whatever a communicator adds.
     */
    static final int MAX_ONE_EXEC_COMMAND_BYTES = 64 * 1024;

    /** Packer's default {@code remote_file}, {@code script_<n>.sh} with {@code n} from 0 to 9998. */
    private static final Pattern DEFAULT_REMOTE_FILE = Pattern.compile("script_\\d{1,4}\\.sh");

    private static final OutputListener DISCARD = new OutputListener() {
        @Override public void stdout(String line) { }
        @Override public void stderr(String line) { }
    };

    /** Creates the provisioner; it holds no state. */
    public ShellProvisioner() {
    }

    @Override
    public String type() {
        return "shell";
    }

    @Override
    public Class<ShellProvisionerConfig> configType() {
        return ShellProvisionerConfig.class;
    }

    /** The scripts, which no output of the build may overwrite. */
    @Override
    public List<String> localInputs(ShellProvisionerConfig config) {
        return scriptPaths(config);
    }

    @Override
    public List<String> validate(ShellProvisionerConfig config) {
        List<String> problems = new ArrayList<>();
        boolean hasScript = config.script() != null;
        boolean hasScripts = !config.scripts().isEmpty();
        if (hasScript && hasScripts) {
            problems.add("Only one of script or scripts can be specified.");
        }
        if (!hasScript && !hasScripts && config.inline().isEmpty()) {
            problems.add("Either a script file or inline script must be specified.");
        } else if ((hasScript || hasScripts) && !config.inline().isEmpty()) {
            problems.add("Only a script file or an inline script can be specified, not both.");
        }
        for (String path : scriptPaths(config)) {
            String problem = checkScript(path);
            if (problem != null) {
                problems.add("Bad script '" + path + "': " + problem);
            }
        }
        if (config.inlineShebang().chars().anyMatch(Character::isISOControl)) {
            problems.add("inline_shebang '" + config.inlineShebang().replaceAll("\\p{Cntrl}", "?") + "' contains a "
                    + "control character (a line break would add a line to every inline script); give the "
                    + "interpreter and its flags on one line, e.g. '/bin/sh -e'.");
        }
        for (String kv : config.environmentVars()) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                problems.add("Environment variable not in format 'key=value': " + kv);
            }
        }
        try {
            String.format(Locale.ROOT, config.envVarFormat(), "KEY", "value");
        } catch (IllegalFormatException e) {
            problems.add("env_var_format '" + config.envVarFormat() + "' is not a usable format (" + e.getMessage()
                    + "); write the key and value as two %s, e.g. \"%s='%s' \".");
        }
        if (config.pauseAfter() != null && config.pauseAfter().isNegative()) {
            problems.add("pause_after '" + Durations.format(config.pauseAfter()) + "' is negative; give a duration "
                    + "such as '5s'.");
        }
        return List.copyOf(problems);
    }

    @Override
    public void provision(ProvisionContext context, Communicator communicator, ShellProvisionerConfig config)
            throws InterruptedException {
        checkCancelled(context);
        Ui ui = context.ui();
        List<Path> scripts = new ArrayList<>();
        for (String path : scriptPaths(config)) {
            scripts.add(Path.of(path));
        }
        Path inlineScript = null;
        try {
            String vars = flatten(environment(context, config), config.envVarFormat());
            String oneExec = null;
            if (!config.inline().isEmpty()) {
                byte[] text = inlineScript(context, config);
                inlineScript = writeTemp(context, "kiln-shell", text);
                if (scripts.isEmpty()) {
                    oneExec = oneExecCommand(config, config.binary() ? text : unixLineEndings(text), vars);
                }
                if (oneExec == null) {
                    scripts.add(inlineScript);
                }
            }
            if (oneExec != null) {
                runInOneExec(context, communicator, config, inlineScript, oneExec);
            } else {
                uploadAndRun(context, communicator, config, scripts, vars);
            }
        } finally {
            if (inlineScript != null) {
                deleteQuietly(inlineScript);
            }
        }
        if (config.pauseAfter() != null) {
            Duration pause = config.pauseAfter();
            if (!pause.isZero() && !pause.isNegative()) {
                ui.say("Pausing " + Durations.format(pause) + " after this provisioner...");
                TimeUnit.NANOSECONDS.sleep(pause.toNanos());
            }
        }
    }

    /**
     * The one command that runs an inline script exactly as uploading it to {@code remote_path} and running the
     * default {@code execute_command} would, or null when the script has to go up as a file.
     *
     * <p>The default {@code execute_command} is {@code chmod +x P; VARS P}, and the kernel runs {@code P}, whose first
     * line is {@code #!/bin/sh -e}, as {@code /bin/sh -e P}. So {@code VARS /bin/sh -e -c 'SCRIPT' 'P'} does the same
     * in one exec: the same shell and options; the variables in the same text before the command (so
     * {@code env_var_format} means what it meant); the whole script text, {@code #!} line included, so that line
     * numbers in the shell's messages are those of the file (except in busybox {@code ash}, which numbers {@code -c}
     * text from 0: its messages and {@code $LINENO} are one lower there); and {@code P} as {@code $0}, so that the
     * shell names its messages after the same path. Nothing is written on the machine, so nothing is removed.
     *
     * <p>Null when anything asks for the file: a different {@code execute_command} or {@code inline_shebang} (they may
     * use the path, or an interpreter without {@code -c}), {@code skip_clean} (the script is to stay),
     * {@code use_env_var_file} (a file on the machine by design), or a {@code remote_path} other than Packer's
     * default {@code /tmp/script_<n>.sh} (whoever sets {@code remote_folder}, {@code remote_file} or
     * {@code remote_path} expects the script there while it runs). Null too when the text cannot be one argument: it
     * holds a NUL character, or the command is longer than {@link #MAX_ONE_EXEC_COMMAND_BYTES}.
     *
     * @param script the inline script's bytes, as the upload path would send them (line endings converted)
     */
    static String oneExecCommand(ShellProvisionerConfig config, byte[] script, String vars) {
        if (!runsInOneExec(config)) {
            return null;
        }
        String text = new String(script, StandardCharsets.UTF_8);
        if (text.indexOf('\0') >= 0 || vars.indexOf('\0') >= 0) {
            return null;
        }
        // "{{.Vars}} {{.Path}}" with the path replaced by the shell it names in its #! line
        String command = vars + " /bin/sh -e -c " + quote(text) + " " + quote(config.remotePath());
        return command.getBytes(StandardCharsets.UTF_8).length <= MAX_ONE_EXEC_COMMAND_BYTES ? command : null;
    }

    /** Whether nothing in {@code config} needs an inline script to be a file on the machine; see oneExecCommand. */
    static boolean runsInOneExec(ShellProvisionerConfig config) {
        return !config.inline().isEmpty()
                && config.executeCommand().equals(ShellProvisionerConfig.DEFAULT_EXECUTE_COMMAND)
                && config.inlineShebang().equals(ShellProvisionerConfig.DEFAULT_INLINE_SHEBANG)
                && !config.skipClean()
                && !config.useEnvVarFile()
                && config.remoteFolder().equals(ShellProvisionerConfig.DEFAULT_REMOTE_FOLDER)
                && DEFAULT_REMOTE_FILE.matcher(config.remoteFile()).matches()
                && config.remotePath().equals(config.remoteFolder() + "/" + config.remoteFile());
    }

    /**
     * {@code text} as one single-quoted shell word: between single quotes a POSIX shell takes every character as it
     * is (newlines, {@code $}, backslashes, double quotes), so only {@code '} needs care; it is written as
     * {@code '"'"'} (close, a double-quoted quote, reopen), as Packer writes quotes in variable values.
     */
    static String quote(String text) {
        return "'" + text.replace("'", "'\"'\"'") + "'";
    }

    /** Characters a path may have to be placed in a command line as it is. */
    private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_./:@%+=,-]+");

    /**
     * A remote path as one shell word: as it is when nothing in it means anything to a shell (every path Packer's
     * defaults make, so commands read as Packer's do), else {@link #quote quoted}. Packer places {@code remote_path}
     * in its commands as written, so {@code "/tmp/x; echo INJECTED"} runs {@code echo INJECTED}, and the build passes
     * without the script having run.
     */
    static String shellWord(String path) {
        return PLAIN_WORD.matcher(path).matches() ? path : quote(path);
    }

    private static void runInOneExec(ProvisionContext context, Communicator communicator,
                                     ShellProvisionerConfig config, Path inlineScript, String command)
            throws InterruptedException {
        checkCancelled(context);
        Ui ui = context.ui();
        ui.say("Provisioning with shell script: " + inlineScript);
        int status = communicator.execute(command, OutputListener.to(ui));
        checkExitStatus(status, config);
    }

    private static void uploadAndRun(ProvisionContext context, Communicator communicator,
                                     ShellProvisionerConfig config, List<Path> scripts, String vars)
            throws InterruptedException {
        String envVarFile = config.useEnvVarFile() ? uploadEnvVarFile(context, communicator, config, vars) : "";
        try {
            for (Path script : scripts) {
                checkCancelled(context);
                runScript(context, communicator, config, script, vars, envVarFile);
            }
        } catch (RuntimeException e) {
            if (!envVarFile.isEmpty() && !config.skipClean()) {
                removeQuietly(communicator, envVarFile, e);
            }
            throw e;
        }
        if (!envVarFile.isEmpty() && !config.skipClean()) {
            remove(communicator, envVarFile, "variable file");
        }
    }

    private static void runScript(ProvisionContext context, Communicator communicator, ShellProvisionerConfig config,
                                  Path script, String vars, String envVarFile) throws InterruptedException {
        Ui ui = context.ui();
        String remotePath = config.remotePath();
        ui.say("Provisioning with shell script: " + script);
        String command = context.render(config.executeCommand(),
                Map.of("Path", shellWord(remotePath), "Vars", vars, "EnvVarFile",
                        envVarFile.isEmpty() ? "" : shellWord(envVarFile)));
        Path upload = config.binary() ? readable(script) : unixLineEndings(context, script);
        try {
            try {
                communicator.upload(upload, remotePath);
            } catch (CommunicatorException e) {
                throw new CommunicatorException("Cannot upload script '" + script + "' to '" + remotePath + "': "
                        + e.getMessage(), e);
            } finally {
                if (!upload.equals(script)) {
                    deleteQuietly(upload);
                }
            }
            if (upload.equals(script)) {
                // a binary script goes up as it is: make sure it can run, as Packer does. Our own copies are
                // uploaded 0755 already (an upload keeps permission bits), which saves the engine a round trip.
                communicator.execute("chmod 0755 " + shellWord(remotePath), stderrTo(ui));
            }
            int status = communicator.execute(command, OutputListener.to(ui));
            checkExitStatus(status, config);
        } catch (RuntimeException e) {
            if (!config.skipClean()) {
                removeQuietly(communicator, remotePath, e);
            }
            throw e;
        }
        if (!config.skipClean()) {
            remove(communicator, remotePath, "script");
        }
    }

    private static void checkExitStatus(int status, ShellProvisionerConfig config) {
        if (status == CMD_DISCONNECT && !config.validExitCodes().contains(CMD_DISCONNECT)) {
            if (config.expectDisconnect()) {
                return;
            }
            throw new KilnException("Script disconnected unexpectedly. If you expected your script to disconnect, "
                    + "i.e. from a restart, you can try adding `\"expect_disconnect\": true` or "
                    + "`\"valid_exit_codes\": [0, 2300218]` to the shell provisioner parameters.");
        }
        if (!config.validExitCodes().contains(status)) {
            // Packer prints "[0 3]" (Go's %v of a slice) and has no space after the period; we add the space.
            throw new KilnException("Script exited with non-zero exit status: " + status
                    + ". Allowed exit codes are: " + config.validExitCodes().stream().map(String::valueOf)
                    .collect(Collectors.joining(" ", "[", "]")));
        }
    }

    /** The script files to run, in order: {@code script}, or else {@code scripts}. */
    private static List<String> scriptPaths(ShellProvisionerConfig config) {
        List<String> paths = new ArrayList<>();
        if (config.script() != null) {
            paths.add(config.script());
        }
        paths.addAll(config.scripts());
        return paths;
    }

    /** Why {@code path} cannot be used as a script, in the words of Go's {@code os.Stat}, or null when it can. */
    private static String checkScript(String path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(Path.of(path), BasicFileAttributes.class);
            return attributes.isDirectory() ? "it is a directory, not a file" : null;
        } catch (NoSuchFileException e) {
            return "stat " + path + ": no such file or directory";
        } catch (AccessDeniedException e) {
            return "stat " + path + ": permission denied";
        } catch (IOException | java.nio.file.InvalidPathException e) {
            return "stat " + path + ": " + e.getMessage();
        }
    }

    private static SortedMap<String, String> environment(ProvisionContext context, ShellProvisionerConfig config) {
        SortedMap<String, String> environment = new TreeMap<>();
        environment.put("PACKER_BUILD_NAME", context.buildName());
        environment.put("PACKER_BUILDER_TYPE", context.builderType());
        for (String kv : config.environmentVars()) {
            int eq = kv.indexOf('=');
            environment.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return environment;
    }

    /** Joins the variables, sorted by key, in {@code format}; single quotes in values become {@code '"'"'}. */
    static String flatten(SortedMap<String, String> environment, String format) {
        StringBuilder vars = new StringBuilder();
        environment.forEach((key, value) ->
                vars.append(String.format(Locale.ROOT, format, key, value.replace("'", "'\"'\"'"))));
        return vars.toString();
    }

    /** The inline script's text: the {@code #!} line, then each line, rendered again if it holds an action. */
    private static byte[] inlineScript(ProvisionContext context, ShellProvisionerConfig config) {
        StringBuilder text = new StringBuilder("#!").append(config.inlineShebang()).append('\n');
        for (String line : config.inline()) {
            // As in Packer, inline lines are rendered again when they run, with the build's generated data
            // ({{build `ID`}}); user variables were rendered before the build.
            text.append(line.contains("{{") ? context.render(line, Map.of()) : line).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String uploadEnvVarFile(ProvisionContext context, Communicator communicator,
                                           ShellProvisionerConfig config, String vars)
            throws InterruptedException {
        String remote = config.remoteFolder() + "/varfile_" + ThreadLocalRandom.current().nextInt(9999) + ".sh";
        byte[] content = vars.getBytes(StandardCharsets.UTF_8);
        Path local = writeTemp(context, "kiln-shell-vars", config.binary() ? content : unixLineEndings(content));
        try {
            communicator.upload(local, remote);
        } catch (CommunicatorException e) {
            throw new CommunicatorException("Cannot upload the variable file to '" + remote + "': "
                    + e.getMessage(), e);
        } finally {
            deleteQuietly(local);
        }
        try {
            communicator.execute("chmod 0600 " + shellWord(remote), DISCARD);
        } catch (RuntimeException e) {
            if (!config.skipClean()) {
                removeQuietly(communicator, remote, e); // it holds the variables' values
            }
            throw e;
        }
        return remote;
    }

    private static Path readable(Path script) {
        if (!Files.isRegularFile(script) || !Files.isReadable(script)) {
            throw new KilnException("Cannot read script '" + script + "'; it was there when the template was "
                    + "validated, check that nothing removed it.");
        }
        return script;
    }

    /** A temporary copy of {@code script} with Packer's UnixReader applied. */
    private static Path unixLineEndings(ProvisionContext context, Path script) throws InterruptedException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(readable(script));
        } catch (ClosedByInterruptException e) {
            throw interrupted(e);
        } catch (IOException e) {
            throw new KilnException("Cannot read script '" + script + "': " + e.getMessage(), e);
        }
        Path copy = writeTemp(context, "kiln-shell-upload", unixLineEndings(bytes));
        try {
            Files.setPosixFilePermissions(copy, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException | UnsupportedOperationException e) {
            throw new KilnException("Cannot make the script copy '" + copy + "' executable: " + e.getMessage());
        }
        return copy;
    }

    /**
     * Converts line endings as Packer's UnixReader does: every line loses one trailing CR and ends with LF, including
     * a last line that had no line ending.
     */
    static byte[] unixLineEndings(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + 1);
        int start = 0;
        while (start < in.length) {
            int end = start;
            while (end < in.length && in[end] != '\n') {
                end++;
            }
            int lineEnd = end > start && in[end - 1] == '\r' ? end - 1 : end;
            out.write(in, start, lineEnd - start);
            out.write('\n');
            start = end + 1;
        }
        return out.toByteArray();
    }

    /**
     * A file in the build's temporary folder, which the runtime deletes when the build ends (and {@code kiln cleanup}
     * after Kiln was killed).
     */
    private static Path writeTemp(ProvisionContext context, String prefix, byte[] content)
            throws InterruptedException {
        Path file = null;
        Path folder = context.temporaryDirectory();
        try {
            file = Files.createTempFile(folder, prefix, "");
            Files.write(file, content);
            return file;
        } catch (IOException e) {
            if (file != null) {
                deleteQuietly(file);
            }
            if (e instanceof ClosedByInterruptException) {
                throw interrupted(e);
            }
            throw new KilnException("Could not write a temporary script file: " + e.getMessage()
                    + "; check that the temporary folder '" + folder + "' is writable.", e);
        }
    }

    private static void remove(Communicator communicator, String remotePath, String what)
            throws InterruptedException {
        int status = communicator.execute("rm -f " + shellWord(remotePath), DISCARD);
        if (status != 0) {
            throw new KilnException("Could not remove the uploaded " + what + " '" + remotePath + "': 'rm -f "
                    + remotePath + "' exited with status " + status + "; set skip_clean to true to leave it.");
        }
    }

    /** Best-effort removal after a failure; problems are attached to {@code failure}, never thrown. */
    private static void removeQuietly(Communicator communicator, String remotePath, RuntimeException failure) {
        try {
            communicator.execute("rm -f " + shellWord(remotePath), DISCARD);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.addSuppressed(e);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover temporary file is harmless; the original outcome matters more.
        }
    }

    private static OutputListener stderrTo(Ui ui) {
        return new OutputListener() {
            @Override public void stdout(String line) { }
            @Override public void stderr(String line) { ui.error(line); }
            @Override public void stderrPart(String part) { ui.errorPart(part); }
        };
    }

    /** Turns an NIO interruption back into the InterruptedException the runtime expects. */
    private static InterruptedException interrupted(IOException cause) {
        Thread.interrupted();
        InterruptedException e = new InterruptedException("The shell provisioner was cancelled");
        e.initCause(cause);
        return e;
    }

    private static void checkCancelled(ProvisionContext context) throws InterruptedException {
        if (Thread.interrupted() || context.cancelled()) {
            throw new InterruptedException("The shell provisioner was cancelled");
        }
    }
}
