package dev.kiln.plugin.shelllocal;

import java.util.ArrayList;
import java.util.List;

/**
 * Configures {@code shell-local}, as a provisioner and as a post-processor: both run commands on the host that runs
 * Kiln, never in the machine being built. Its Javadoc is the option reference; keys are Packer's snake_case names,
 * and the two components take the same keys, as in Packer.
 *
 * <p>Exactly one of {@code command}, {@code inline}, {@code script} and {@code scripts} must be given. Every script runs
 * with the same {@code execute_command}, in order, in Kiln's working directory, and the component stops at the first
 * script whose exit status is not in {@code valid_exit_codes}. Packer's {@code use_linux_pathing} is accepted and
 * ignored: it only matters to Packer on Windows.
 *
 * @param command one command to run; the same as {@code inline} with a single line.
 * @param inline commands to run, one per line of a script that starts with {@code #!<inline_shebang>}; written to a
 *     temporary file (mode 0700) that is deleted afterwards, also when the script fails or is cancelled. Lines are
 *     rendered when they run, as in Packer. An empty list counts as not given.
 * @param inlineShebang the interpreter line for {@code command} and {@code inline}, without {@code #!}; default
 *     {@code /bin/sh -e}, which stops at the first failing command.
 * @param script the path of one script file to run; relative paths are resolved against the working directory. As in
 *     Packer the default {@code execute_command} runs the file itself, so it must be executable.
 * @param scripts paths of script files to run, in order. A single string is accepted.
 * @param environmentVars {@code KEY=value} pairs set for every script. The value may contain {@code =} and quotes;
 *     the key must not be empty. {@code PACKER_BUILD_NAME} and {@code PACKER_BUILDER_TYPE} are always added (a pair
 *     given here with the same key wins).
 * @param envVarFormat how one variable is written into {@code {{.Vars}}}: a format with two {@code %s}, key then
 *     value; default {@code %s='%s' }. Single quotes in values are written as {@code '"'"'}, and variables are sorted
 *     by key.
 * @param executeCommand the program and arguments that run each script, each element rendered with
 *     {@code {{.Script}}} (the script's path; {@code {{.Command}}} is the same), {@code {{.Vars}}} (the formatted
 *     variables) and the build's generated data; default {@code ["/bin/sh", "-c", "{{.Vars}} {{.Script}}"]}. A single
 *     string is a list of one element: the program, run without a shell. It is not interpolated when the template is
 *     loaded.
 * @param onlyOn the operating systems to run on, as Go names them ({@code linux}, {@code darwin}, {@code freebsd},
 *     {@code openbsd}, {@code solaris}, {@code windows}); on any other host the component says so and does nothing.
 *     Empty (the default) means every system.
 * @param tempfileExtension the extension, without a dot, of the temporary file {@code inline} is written to; default
 *     none.
 * @param validExitCodes exit statuses that count as success; default {@code [0]} (an empty list also means
 *     {@code [0]}).
 * @since 0.1
 */
public record ShellLocalConfig(
        String command,
        List<String> inline,
        String inlineShebang,
        String script,
        List<String> scripts,
        List<String> environmentVars,
        String envVarFormat,
        List<String> executeCommand,
        List<String> onlyOn,
        String tempfileExtension,
        List<Integer> validExitCodes) {

    /** The default {@code inline_shebang}. */
    public static final String DEFAULT_INLINE_SHEBANG = "/bin/sh -e";
    /** The default {@code env_var_format}. */
    public static final String DEFAULT_ENV_VAR_FORMAT = "%s='%s' ";
    /** The default {@code execute_command}, as Packer has it on every system but Windows. */
    public static final List<String> DEFAULT_EXECUTE_COMMAND = List.of("/bin/sh", "-c", "{{.Vars}} {{.Script}}");

    /** Fills in Packer's defaults; empty strings count as absent, as in Packer. Null list elements become "" or 0. */
    public ShellLocalConfig {
        command = empty(command) ? null : command;
        inline = copy(inline, "");
        inlineShebang = blank(inlineShebang) ? DEFAULT_INLINE_SHEBANG : inlineShebang;
        script = empty(script) ? null : script;
        scripts = copy(scripts, "");
        environmentVars = copy(environmentVars, "");
        envVarFormat = empty(envVarFormat) ? DEFAULT_ENV_VAR_FORMAT : envVarFormat;
        executeCommand = executeCommand == null || executeCommand.isEmpty()
                ? DEFAULT_EXECUTE_COMMAND : copy(executeCommand, "");
        onlyOn = copy(onlyOn, "");
        tempfileExtension = empty(tempfileExtension) ? null : tempfileExtension;
        validExitCodes = validExitCodes == null || validExitCodes.isEmpty() ? List.of(0) : copy(validExitCodes, 0);
    }

    /**
     * A config with only {@code inline} set and every other option at its default; handy in tests and examples.
     *
     * @param lines the commands, one per line
     * @return the config
     */
    public static ShellLocalConfig ofInline(String... lines) {
        return new ShellLocalConfig(null, List.of(lines), null, null, null, null, null, null, null, null, null);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }

    private static <T> List<T> copy(List<T> list, T zero) {
        if (list == null) {
            return List.of();
        }
        List<T> copy = new ArrayList<>(list.size());
        for (T element : list) {
            copy.add(element == null ? zero : element);
        }
        return List.copyOf(copy);
    }
}
