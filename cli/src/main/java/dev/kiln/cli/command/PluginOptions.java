package dev.kiln.cli.command;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --plugin-dir}: extra plugin folders, searched before {@code KILN_PLUGIN_PATH}, ~/.kiln/plugins and the
 * installation's. Each was asked for, so one that does not exist or is a file fails the command (see
 * {@link dev.kiln.runtime.plugin.PluginFolders}).
 */
public final class PluginOptions {

    @Option(names = {"--plugin-dir", "-plugin-dir"}, paramLabel = "DIR",
            description = "Also load plugins from DIR, which must exist (repeatable; searched first, so its plugins "
                    + "win over installed copies).")
    List<Path> dirs = new ArrayList<>();
}
