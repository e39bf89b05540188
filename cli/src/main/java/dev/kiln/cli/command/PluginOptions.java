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

    /** The option's names; the command line reads them off the line early too, to load plugins meanwhile. */
    public static final String NAME = "-plugin-dir";
    public static final String LONG_NAME = "--plugin-dir";

    @Option(names = {LONG_NAME, NAME}, paramLabel = "DIR",
            description = "Also load plugins from DIR, which must exist (repeatable; searched first, so its plugins "
                    + "win over installed copies).")
    List<Path> dirs = new ArrayList<>();
}
