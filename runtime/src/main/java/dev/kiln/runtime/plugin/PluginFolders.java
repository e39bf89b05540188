package dev.kiln.runtime.plugin;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Where plugins are looked for, in order: {@code --plugin-dir}s, {@code KILN_PLUGIN_PATH}, the user's, the installation's. */
public final class PluginFolders {

    private PluginFolders() {
    }

    /**
     * The plugin folders that exist, first match first.
     *
     * @param commandLine the {@code --plugin-dir} values, in order
     * @param environment the process environment ({@code KILN_PLUGIN_PATH} holds folders separated by the path separator)
     * @param userHome the user's home ({@code ~/.kiln/plugins})
     * @param kilnHome the installation, or null when running from a class path ({@code $KILN_HOME/plugins})
     * @return existing folders, without repeats
     */
    public static List<Path> resolve(List<Path> commandLine, Map<String, String> environment, Path userHome,
                                     Path kilnHome) {
        Set<Path> folders = new LinkedHashSet<>();
        commandLine.forEach(folder -> folders.add(folder.toAbsolutePath().normalize()));
        String path = environment.get("KILN_PLUGIN_PATH");
        if (path != null) {
            for (String part : path.split(File.pathSeparator)) {
                if (!part.isBlank()) {
                    folders.add(Path.of(part).toAbsolutePath().normalize());
                }
            }
        }
        if (userHome != null) {
            folders.add(userHome.resolve(".kiln").resolve("plugins").toAbsolutePath().normalize());
        }
        if (kilnHome != null) {
            folders.add(kilnHome.resolve("plugins").toAbsolutePath().normalize());
        }
        List<Path> existing = new ArrayList<>();
        for (Path folder : folders) {
            if (Files.isDirectory(folder)) {
                existing.add(folder);
            }
        }
        return existing;
    }
}
