package dev.kiln.plugin.shell;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Configures the {@code shell} provisioner, which uploads shell scripts to the machine being built and runs them
 * there. Its Javadoc is the option reference; keys are Packer's snake_case names.
 *
 * <p>Exactly one of {@code inline}, {@code script} and {@code scripts} must be given. Every script runs with the same
 * {@code execute_command}, in order, and the provisioner stops at the first script whose exit status is not in
 * {@code valid_exit_codes}.
 *
 * <p>An {@code inline} script whose options need no file on the machine (the default {@code execute_command} and
 * {@code inline_shebang}, Packer's default {@code remote_path}, neither {@code skip_clean} nor
 * {@code use_env_var_file}) is not uploaded: it runs in one exec as {@code VARS /bin/sh -e -c '<script>'
 * '<remote_path>'}, which is what the default {@code execute_command} does with the uploaded file, with the same
 * variables, exit status and output, and nothing written to or removed from the machine. Setting any of those
 * options, or a script over 64 KiB, uploads it as Packer does.
 *
 * @param inline commands to run, one per line of a script that starts with {@code #!<inline_shebang>}; written to a
 *     local temporary file, which is deleted afterwards. With the default options it runs in one exec without being
 *     uploaded (see above). An empty list counts as not given.
 * @param inlineShebang the interpreter line for {@code inline} scripts, without {@code #!}; default
 *     {@code /bin/sh -e}, which stops at the first failing command. Ignored for {@code script} and {@code scripts}.
 * @param script the path of one local script file to upload and run; relative paths are resolved against the working
 *     directory. Cannot be combined with {@code scripts} or {@code inline}.
 * @param scripts paths of local script files to upload and run, in order. A single string is accepted.
 * @param environmentVars {@code KEY=value} pairs set for every script. The value may contain {@code =} and single
 *     quotes; the key must not be empty. {@code PACKER_BUILD_NAME} and {@code PACKER_BUILDER_TYPE} are always added
 *     (a pair given here with the same key wins).
 * @param envVarFormat how one variable is written into {@code {{.Vars}}}: a format with two {@code %s}, key then
 *     value; default {@code %s='%s' } (with {@code use_env_var_file}: {@code export %s='%s'\n}). Single quotes in
 *     values are written as {@code '"'"'}, and variables are sorted by key.
 * @param executeCommand the command that runs each uploaded script, rendered per script with {@code {{.Path}}}
 *     (= {@code remote_path}), {@code {{.Vars}}} (the formatted variables) and {@code {{.EnvVarFile}}} (the uploaded
 *     variable file, or empty); default {@code chmod +x {{.Path}}; {{.Vars}} {{.Path}}} (with
 *     {@code use_env_var_file}: {@code chmod +x {{.Path}}; . {{.EnvVarFile}} && {{.Path}}}). It is not interpolated
 *     when the template is loaded.
 * @param remoteFolder the existing folder on the machine that scripts are uploaded to; default {@code /tmp}. Setting
 *     another uploads {@code inline} scripts too.
 * @param remoteFile the file name scripts are uploaded as; default {@code script_<n>.sh} with a random
 *     {@code n} from 0 to 9998, chosen once per configuration, so every script of one provisioner reuses the name.
 * @param remotePath the full path scripts are uploaded to; default {@code <remote_folder>/<remote_file>}. An
 *     {@code inline} script that runs in one exec gets it as {@code $0}. A {@code remote_file}, {@code remote_folder}
 *     or {@code remote_path} other than the default form {@code /tmp/script_<n>.sh} uploads {@code inline} scripts,
 *     so the script is there while it runs.
 * @param validExitCodes exit statuses that count as success; default {@code [0]} (an empty list also means
 *     {@code [0]}).
 * @param expectDisconnect whether a script may end by dropping the connection (exit status 2300218, e.g. a reboot);
 *     default false. The docker communicator never reports that status.
 * @param skipClean whether to leave uploaded scripts (and the variable file) on the machine; default false, which
 *     runs {@code rm -f <remote_path>} after each script, also after a failing one. True uploads {@code inline}
 *     scripts too, so they can be left.
 * @param binary whether scripts are uploaded byte for byte; default false, which converts Windows line endings
 *     (CRLF) to LF and ends the last line with LF.
 * @param pauseAfter how long to wait after the last script, written as a Go duration such as {@code 5s},
 *     {@code 1m30s} or {@code 500ms}; default none.
 * @param useEnvVarFile whether to write the variables to {@code <remote_folder>/varfile_<n>.sh} (mode 0600) and
 *     source it from {@code execute_command} instead of putting them on the command line; default false.
 * @since 0.1
 */
public record ShellProvisionerConfig(
        List<String> inline,
        String inlineShebang,
        String script,
        List<String> scripts,
        List<String> environmentVars,
        String envVarFormat,
        String executeCommand,
        String remoteFolder,
        String remoteFile,
        String remotePath,
        List<Integer> validExitCodes,
        boolean expectDisconnect,
        boolean skipClean,
        boolean binary,
        Duration pauseAfter,
        boolean useEnvVarFile) {

    /** The default {@code inline_shebang}. */
    public static final String DEFAULT_INLINE_SHEBANG = "/bin/sh -e";
    /** The default {@code env_var_format}. */
    public static final String DEFAULT_ENV_VAR_FORMAT = "%s='%s' ";
    /** The default {@code env_var_format} with {@code use_env_var_file}. */
    public static final String DEFAULT_ENV_VAR_FILE_FORMAT = "export %s='%s'\n";
    /** The default {@code execute_command}. */
    public static final String DEFAULT_EXECUTE_COMMAND = "chmod +x {{.Path}}; {{.Vars}} {{.Path}}";
    /** The default {@code execute_command} with {@code use_env_var_file}. */
    public static final String DEFAULT_ENV_VAR_FILE_EXECUTE_COMMAND = "chmod +x {{.Path}}; . {{.EnvVarFile}} && {{.Path}}";
    /** The default {@code remote_folder}. */
    public static final String DEFAULT_REMOTE_FOLDER = "/tmp";

    /** Fills in Packer's defaults; empty strings count as absent, as in Packer. Null list elements become "" or 0. */
    public ShellProvisionerConfig {
        inline = copy(inline, "");
        inlineShebang = blank(inlineShebang) ? DEFAULT_INLINE_SHEBANG : inlineShebang;
        script = blank(script) ? null : script;
        scripts = copy(scripts, "");
        environmentVars = copy(environmentVars, "");
        envVarFormat = empty(envVarFormat)
                ? (useEnvVarFile ? DEFAULT_ENV_VAR_FILE_FORMAT : DEFAULT_ENV_VAR_FORMAT) : envVarFormat;
        executeCommand = blank(executeCommand)
                ? (useEnvVarFile ? DEFAULT_ENV_VAR_FILE_EXECUTE_COMMAND : DEFAULT_EXECUTE_COMMAND) : executeCommand;
        remoteFolder = blank(remoteFolder) ? DEFAULT_REMOTE_FOLDER : remoteFolder;
        remoteFile = blank(remoteFile) ? "script_" + ThreadLocalRandom.current().nextInt(9999) + ".sh" : remoteFile;
        remotePath = blank(remotePath) ? remoteFolder + "/" + remoteFile : remotePath;
        validExitCodes = validExitCodes == null || validExitCodes.isEmpty() ? List.of(0) : copy(validExitCodes, 0);
    }

    /**
     * A config with only {@code inline} set and every other option at its default; handy in tests and examples.
     *
     * @param lines the commands, one per line
     * @return the config
     */
    public static ShellProvisionerConfig ofInline(String... lines) {
        return new ShellProvisionerConfig(List.of(lines), null, null, null, null, null, null, null, null, null, null,
                false, false, false, null, false);
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
