package dev.kiln.shell.command;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --plugin-dir}: extra plugin folders, searched before {@code KILN_PLUGIN_PATH}, ~/.kiln/plugins and the installation's. */
public final class PluginOptions {

    @Option(names = {"--plugin-dir", "-plugin-dir"}, paramLabel = "DIR",
            description = "Also load plugins from DIR (repeatable; searched first).")
    List<Path> dirs = new ArrayList<>();
}
