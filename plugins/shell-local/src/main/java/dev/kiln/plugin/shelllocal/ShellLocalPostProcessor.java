package dev.kiln.plugin.shelllocal;

import dev.kiln.api.Artifact;
import dev.kiln.api.PostProcessContext;
import dev.kiln.api.PostProcessResult;
import dev.kiln.api.PostProcessor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The {@code shell-local} post-processor: runs shell scripts on the host after the build, exactly as the
 * {@code shell-local} provisioner does, and passes its input artifact on unchanged.
 *
 * <p>As in Packer, the input is always kept ({@code keepInput} forced): the post-processor makes nothing of its own,
 * so dropping the input would lose the build's artifact.
 *
 * @since 0.1
 */
public final class ShellLocalPostProcessor implements PostProcessor<ShellLocalConfig> {

    /** What both components accept for Packer's sake and do not use. */
    static final Map<String, String> IGNORED = Map.of("use_linux_pathing",
            "it only changes how Packer on Windows runs scripts through WSL; Kiln runs them with /bin/sh");

    private final Path tempDir;

    /** Creates the post-processor; it holds no state. */
    public ShellLocalPostProcessor() {
        this(null);
    }

    /**
     * For tests: writes {@code inline} scripts to {@code tempDir}; null for the build's temporary folder, which the
     * runtime deletes when the build ends (and {@code kiln cleanup} after Kiln was killed).
     */
    ShellLocalPostProcessor(Path tempDir) {
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
        return IGNORED;
    }

    @Override
    public PostProcessResult process(PostProcessContext context, Artifact artifact, ShellLocalConfig config)
            throws InterruptedException {
        LocalShell.run(context, config, tempDir);
        return new PostProcessResult(artifact, true, true);
    }
}
