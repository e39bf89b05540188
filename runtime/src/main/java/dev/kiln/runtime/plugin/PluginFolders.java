package dev.kiln.runtime.plugin;

import dev.kiln.api.KilnException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where plugins are looked for, in order: {@code --plugin-dir}s, {@code KILN_PLUGIN_PATH}, the user's, the
 * installation's. The order is the precedence: when two folders hold the same plugin id, the earlier one wins.
 */
public final class PluginFolders {

    private PluginFolders() {
    }

    /**
     * The plugin folders to search, first match first. A {@code --plugin-dir} was asked for, so it must be a folder
     * that exists. The others are defaults: one that does not exist is skipped without a word, and one that exists
     * but is a file is kept, so that {@link PluginLoader#load} warns about it.
     *
     * @param commandLine the {@code --plugin-dir} values, in order
     * @param environment the process environment ({@code KILN_PLUGIN_PATH} holds folders separated by the path separator)
     * @param userHome the user's home ({@code ~/.kiln/plugins}), or null
     * @param kilnHome the installation, or null when running from a class path ({@code $KILN_HOME/plugins})
     * @return the folders without repeats, absolute and normalized
     * @throws KilnException naming a {@code --plugin-dir} that does not exist or is a file
     */
    public static List<Path> resolve(List<Path> commandLine, Map<String, String> environment, Path userHome,
                                     Path kilnHome) {
        Set<Path> folders = new LinkedHashSet<>();
        for (Path given : commandLine) {
            Path folder = given.toAbsolutePath().normalize();
            if (!Files.exists(folder)) {
                throw new KilnException("Plugin folder '" + folder + "' (--plugin-dir) does not exist; create it "
                        + "or fix the path.");
            }
            if (!Files.isDirectory(folder)) {
                throw new KilnException("Plugin folder '" + folder + "' (--plugin-dir) is a file, not a folder; "
                        + "pass the folder that holds it, '" + folder.getParent() + "'.");
            }
            folders.add(folder);
        }
        Set<Path> defaults = new LinkedHashSet<>();
        String path = environment.get("KILN_PLUGIN_PATH");
        if (path != null) {
            for (String part : path.split(File.pathSeparator)) {
                if (!part.isBlank()) {
                    defaults.add(Path.of(part).toAbsolutePath().normalize());
                }
            }
        }
        if (userHome != null) {
            defaults.add(userHome.resolve(".kiln").resolve("plugins").toAbsolutePath().normalize());
        }
        if (kilnHome != null) {
            defaults.add(kilnHome.resolve("plugins").toAbsolutePath().normalize());
        }
        for (Path folder : defaults) {
            if (Files.exists(folder)) {
                folders.add(folder);
            }
        }
        return new ArrayList<>(folders);
    }
}
