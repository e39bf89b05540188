package dev.kiln.plugin.shelllocal;

import dev.kiln.api.ComponentContext;
import dev.kiln.api.KilnException;
import dev.kiln.api.Ui;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * What the {@code shell-local} provisioner and post-processor share: checking the config and running its scripts on
 * the host, as Packer's {@code packer-plugin-sdk/shell-local} does for both.
 */
final class LocalShell {

    /** The operating systems {@code only_on} may name, as Packer lists them. */
    static final List<String> SUPPORTED_OS = List.of("darwin", "freebsd", "linux", "openbsd", "solaris", "windows");

    /**
     * What Kiln runs instead of Packer's default {@code execute_command} (with the default {@code env_var_format}):
     * the script is {@code $0} of the shell, so a path with spaces or quotes works, and the variables travel in the
     * process environment instead of on a command line that {@code ps} shows to every user. The effect is the same.
     */
    static final List<String> DEFAULT_COMMAND = List.of("/bin/sh", "-c", "\"$0\"");

    private static final String TOO_MANY = "You may only specify one of the following options: Command, Inline, "
            + "Script or Scripts. Please consolidate these options in your config.";

    private LocalShell() {
    }

    static List<String> validate(ShellLocalConfig config) {
        List<String> problems = new ArrayList<>();
        int given = (config.command() != null ? 1 : 0) + (config.inline().isEmpty() ? 0 : 1)
                + (config.script() != null ? 1 : 0) + (config.scripts().isEmpty() ? 0 : 1);
        if (given == 0) {
            problems.add("Command, Inline, Script and Scripts options cannot all be empty.");
        } else if (given > 1) {
            problems.add(TOO_MANY);
        }
        for (String path : scriptPaths(config)) {
            String problem = checkScript(path);
            if (problem != null) {
                problems.add("Bad script '" + path + "': " + problem);
            }
        }
        for (String os : config.onlyOn()) {
            if (!SUPPORTED_OS.contains(os)) {
                problems.add("Invalid OS specified in only_on: '" + os + "'; supported OS names: "
                        + String.join(", ", SUPPORTED_OS));
            }
        }
        for (String kv : config.environmentVars()) {
            if (kv.indexOf('=') <= 0) {
                problems.add("Environment variable not in format 'key=value': " + kv);
            }
        }
        try {
            String.format(Locale.ROOT, config.envVarFormat(), "KEY", "value");
        } catch (IllegalFormatException e) {
            problems.add("env_var_format '" + config.envVarFormat() + "' is not a usable format (" + e.getMessage()
                    + "); write the key and value as two %s, e.g. \"%s='%s' \".");
        }
        if (config.executeCommand().get(0).isBlank()) {
            problems.add("execute_command: the first element is the program to run and must not be empty, e.g. "
                    + "[\"/bin/sh\", \"-c\", \"{{.Vars}} {{.Script}}\"]");
        }
        String extension = config.tempfileExtension();
        if (extension != null && (extension.contains("/") || extension.contains("\0"))) {
            problems.add("tempfile_extension '" + extension + "' must be a file name extension such as 'sh', "
                    + "without '/'.");
        }
        return List.copyOf(problems);
    }

    /**
     * Runs every script of {@code config} on the host, in order; stops at the first failing one.
     *
     * @param tempDir where the {@code inline} script is written; null for the build's temporary folder
     * @throws InterruptedException when the thread is interrupted (a provisioner's {@code timeout}) or the build is
     *     cancelled; the script's processes are killed first
     */
    static void run(ComponentContext context, ShellLocalConfig config, Path tempDir) throws InterruptedException {
        checkCancelled(context);
        Ui ui = context.ui();
        if (!config.onlyOn().isEmpty() && !config.onlyOn().contains(hostOs())) {
            ui.say("Skipping shell-local due to runtime OS");
            return;
        }
        List<String> scripts = new ArrayList<>(scriptPaths(config));
        Path inlineScript = null;
        try {
            if (config.command() != null || !config.inline().isEmpty()) {
                inlineScript = writeInlineScript(context, config, tempDir);
                scripts.add(inlineScript.toString());
            }
            SortedMap<String, String> environment = environment(context, config);
            String vars = flatten(environment, config.envVarFormat());
            for (String script : scripts) {
                checkCancelled(context);
                ui.say("Running local shell script: " + script);
                int status = HostProcess.run(context, command(context, config, script, vars), environment);
                checkExitStatus(status, config);
            }
        } finally {
            if (inlineScript != null) {
                deleteQuietly(inlineScript);
            }
        }
    }

    /** The program and arguments that run {@code script}: {@code execute_command} rendered for it. */
    static List<String> command(ComponentContext context, ShellLocalConfig config, String script, String vars) {
        if (config.executeCommand().equals(ShellLocalConfig.DEFAULT_EXECUTE_COMMAND)
                && config.envVarFormat().equals(ShellLocalConfig.DEFAULT_ENV_VAR_FORMAT)) {
            List<String> command = new ArrayList<>(DEFAULT_COMMAND);
            command.add(script);
            return List.copyOf(command);
        }
        Map<String, String> data = Map.of("Vars", vars, "Script", script, "Command", script);
        List<String> command = new ArrayList<>();
        for (String element : config.executeCommand()) {
            command.add(context.render(element, data));
        }
        if (command.get(0).isBlank()) {
            throw new KilnException("execute_command '" + config.executeCommand().get(0) + "' rendered to an empty "
                    + "program name; the first element must name the program to run.");
        }
        return List.copyOf(command);
    }

    /** The variables every script gets: Packer's, then {@code environment_vars}, sorted by key. */
    static SortedMap<String, String> environment(ComponentContext context, ShellLocalConfig config) {
        SortedMap<String, String> environment = new TreeMap<>();
        environment.put("PACKER_BUILD_NAME", context.buildName());
        environment.put("PACKER_BUILDER_TYPE", context.builderType());
        for (String kv : config.environmentVars()) {
            int eq = kv.indexOf('=');
            environment.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return environment;
    }

    /**
     * Joins the variables, in key order, in {@code format}; single quotes in values become {@code '"'"'}. The same
     * few lines exist in the shell plugin: plugins share no code, and this is Packer's quoting in both.
     */
    static String flatten(SortedMap<String, String> environment, String format) {
        StringBuilder vars = new StringBuilder();
        environment.forEach((key, value) ->
                vars.append(String.format(Locale.ROOT, format, key, value.replace("'", "'\"'\"'"))));
        return vars.toString();
    }

    /** The script files to run, in order: {@code script}, or else {@code scripts}. */
    static List<String> scriptPaths(ShellLocalConfig config) {
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
        } catch (IOException | InvalidPathException e) {
            return "stat " + path + ": " + e.getMessage();
        }
    }

    private static void checkExitStatus(int status, ShellLocalConfig config) {
        if (!config.validExitCodes().contains(status)) {
            // Packer prints "[0 3]" (Go's %v of a slice) and has no space after the period; we add the space.
            throw new KilnException("Script exited with non-zero exit status: " + status
                    + ". Allowed exit codes are: " + config.validExitCodes().stream().map(String::valueOf)
                    .collect(Collectors.joining(" ", "[", "]")));
        }
    }

    private static Path writeInlineScript(ComponentContext context, ShellLocalConfig config, Path folder)
            throws InterruptedException {
        Path tempDir = folder != null ? folder : context.temporaryDirectory();
        StringBuilder text = new StringBuilder("#!").append(config.inlineShebang()).append('\n');
        List<String> lines = config.command() != null ? List.of(config.command()) : config.inline();
        for (String line : lines) {
            // As in Packer, inline lines are rendered again when they run, with the build's generated data.
            text.append(line.contains("{{") ? context.render(line, Map.of()) : line).append('\n');
        }
        String name = "kiln-shell-local" + Integer.toUnsignedString(ThreadLocalRandom.current().nextInt())
                + (config.tempfileExtension() == null ? "" : "." + config.tempfileExtension());
        Path file = tempDir.resolve(name);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            deleteQuietly(file);
            if (e instanceof ClosedByInterruptException) {
                Thread.interrupted();
                InterruptedException interrupted = new InterruptedException("shell-local was cancelled");
                interrupted.initCause(e);
                throw interrupted;
            }
            throw new KilnException("Could not write the inline script to '" + file + "': " + e.getMessage()
                    + "; check that the temporary folder '" + tempDir + "' is writable.", e);
        }
    }

    /** The host's operating system as Go's {@code runtime.GOOS} names it. */
    static String hostOs() {
        String name = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (name.startsWith("windows")) {
            return "windows";
        }
        if (name.startsWith("mac") || name.startsWith("darwin")) {
            return "darwin";
        }
        if (name.startsWith("sunos") || name.startsWith("solaris")) {
            return "solaris";
        }
        return name.replace(" ", "");
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // nothing more to do; the original outcome matters more
        }
    }

    static void checkCancelled(ComponentContext context) throws InterruptedException {
        if (Thread.interrupted() || context.cancelled()) {
            throw new InterruptedException("shell-local was cancelled");
        }
    }
}
