package dev.kiln.cli.command;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code --plugin-dir}: extra plugin folders, searched before {@code KILN_PLUGIN_PATH}, ~/.kiln/plugins and the
 * installation's. Each was asked for, so one that does not exist or is a file fails the command (see
 * {@link dev.kiln.runtime.plugin.PluginFolders}).
 */
public final class PluginOptions {

    /** The option's names; the command line reads them off the line early too, to load plugins meanwhile. */
    public static final String NAME = "-plugin-dir";
    public static final String LONG_NAME = "--plugin-dir";

    private PluginOptions() {
    }

    /** Adds the option to {@code spec}. */
    static void addTo(CommandSpec spec) {
        spec.addOption(Commands.repeatable(Path.class, "DIR", "Also load plugins from DIR, which must exist "
                + "(repeatable; searched first, so its plugins win over installed copies).", LONG_NAME, NAME).build());
    }

    /** The folders the last parse of {@code spec}'s command line named, in order. */
    static List<Path> dirs(CommandSpec spec) {
        return Commands.parsed(spec).values(NAME);
    }
}
