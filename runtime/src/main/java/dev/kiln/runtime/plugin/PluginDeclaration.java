package dev.kiln.runtime.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.pf4j.PluginDependency;

/**
 * What a plugin file says of itself before it is loaded: its id, the plugins it depends on, and the components it
 * declares ({@code Kiln-Components} in a jar's manifest, {@code plugin.components} in a plugin folder's
 * {@code plugin.properties}: {@code builder docker, communicator docker}). Reading this costs one small file, where
 * loading a plugin costs a class loader, its classes and its components; so a template's build loads only the plugins
 * that declare what it uses.
 *
 * @param id the plugin id, or null when the descriptor cannot be read (the loader reports why)
 * @param dependencies the ids of the plugins it depends on, optional ones included
 * @param components the declared components ({@code "builder docker"}), or null when the plugin declares none: then
 *                   nothing is known and it is always loaded
 */
record PluginDeclaration(String id, List<String> dependencies, Set<String> components) {

    /** The manifest attribute that lists a plugin jar's components. */
    static final String MANIFEST_ATTRIBUTE = "Kiln-Components";
    /** The {@code plugin.properties} key that lists a plugin folder's components. */
    static final String PROPERTY = "plugin.components";

    private static final PluginDeclaration UNKNOWN = new PluginDeclaration(null, List.of(), null);

    /** Reads a plugin jar's manifest or a plugin folder's {@code plugin.properties}; unknown when neither reads. */
    static PluginDeclaration of(Path plugin) {
        try {
            if (Files.isDirectory(plugin)) {
                Path properties = plugin.resolve("plugin.properties");
                if (!Files.isRegularFile(properties)) {
                    return UNKNOWN;
                }
                Properties p = new Properties();
                try (InputStream in = Files.newInputStream(properties)) {
                    p.load(in);
                }
                return of(p.getProperty("plugin.id"), p.getProperty("plugin.dependencies"), p.getProperty(PROPERTY));
            }
            try (JarFile jar = new JarFile(plugin.toFile(), false)) {
                Manifest manifest = jar.getManifest();
                if (manifest == null) {
                    return UNKNOWN;
                }
                Attributes main = manifest.getMainAttributes();
                return of(main.getValue("Plugin-Id"), main.getValue("Plugin-Dependencies"),
                        main.getValue(MANIFEST_ATTRIBUTE));
            }
        } catch (IOException | RuntimeException e) {
            return UNKNOWN; // a corrupt file: loading it reports why
        }
    }

    private static PluginDeclaration of(String id, String dependencies, String components) {
        List<String> ids = new ArrayList<>();
        for (String dependency : split(dependencies)) {
            ids.add(new PluginDependency(dependency).getPluginId()); // pf4j's reading: "id", "id@>=1.0", "id?"
        }
        return new PluginDeclaration(id == null || id.isBlank() ? null : id.trim(), List.copyOf(ids),
                components == null ? null : new LinkedHashSet<>(split(components)));
    }

    /** The comma-separated entries, trimmed, inner blanks made single ({@code "builder  docker"}). */
    private static List<String> split(String list) {
        List<String> entries = new ArrayList<>();
        if (list != null) {
            for (String entry : list.split(",")) {
                String trimmed = entry.trim().replaceAll("\\s+", " ");
                if (!trimmed.isEmpty()) {
                    entries.add(trimmed);
                }
            }
        }
        return entries;
    }

    /** Whether nothing is known of its components, so it must be loaded to find out. */
    boolean undeclared() {
        return components == null;
    }
}
