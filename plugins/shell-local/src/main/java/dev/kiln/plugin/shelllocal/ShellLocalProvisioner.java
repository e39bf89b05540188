package dev.kiln.plugin.shelllocal;

import dev.kiln.api.Communicator;
import dev.kiln.api.ProvisionContext;
import dev.kiln.api.Provisioner;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The {@code shell-local} provisioner: runs shell scripts (or {@code inline} commands written to one) on the host that
 * runs Kiln, as Packer's {@code shell-local} provisioner does. It never uses the communicator.
 *
 * <p>For each script it says {@code Running local shell script: <path>}, runs the rendered {@code execute_command}
 * (standard output shown as details, standard error as errors, each line as it arrives) and checks the exit status
 * against {@code valid_exit_codes}. It stops at the first failing script. A {@code timeout} or a cancelled build kills
 * the script and every process it started; the temporary {@code inline} script is removed on every path.
 *
 * @since 0.1
 */
public final class ShellLocalProvisioner implements Provisioner<ShellLocalConfig> {

    private final Path tempDir;

    /** Creates the provisioner; it holds no state. */
    public ShellLocalProvisioner() {
        this(null);
    }

    /**
     * For tests: writes {@code inline} scripts to {@code tempDir}; null for the build's temporary folder, which the
     * runtime deletes when the build ends (and {@code kiln cleanup} after Kiln was killed).
     */
    ShellLocalProvisioner(Path tempDir) {
        this.tempDir = tempDir;
    }

    @Override
    public String type() {
        return "shell-local";
    }

    @Override
    public Class<ShellLocalConfig> configType() {
        return ShellLocalConfig.class;
    }

    /** The scripts, which no output of the build may overwrite. */
    @Override
    public List<String> localInputs(ShellLocalConfig config) {
        return LocalShell.scriptPaths(config);
    }

    @Override
    public List<String> validate(ShellLocalConfig config) {
        return LocalShell.validate(config);
    }

    @Override
    public Map<String, String> ignoredOptions() {
        return ShellLocalPostProcessor.IGNORED;
    }

    @Override
    public void provision(ProvisionContext context, Communicator communicator, ShellLocalConfig config)
            throws InterruptedException {
        LocalShell.run(context, config, tempDir);
    }
}
