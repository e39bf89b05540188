package dev.kiln.runtime.plugin;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pf4j.CompoundPluginDescriptorFinder;
import org.pf4j.CompoundPluginLoader;
import org.pf4j.DefaultPluginLoader;
import org.pf4j.DefaultPluginManager;
import org.pf4j.DefaultPluginRepository;
import org.pf4j.JarPluginLoader;
import org.pf4j.JarPluginRepository;
import org.pf4j.ManifestPluginDescriptorFinder;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginDescriptorFinder;
import org.pf4j.PluginLoader;
import org.pf4j.PluginRepository;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginWrapper;
import org.pf4j.PropertiesPluginDescriptorFinder;
import org.pf4j.util.FileUtils;

/**
 * pf4j's manager, set up for Kiln: several plugin folders, the Kiln version enforced against {@code Plugin-Requires},
 * a broken plugin ignored (and remembered with its cause) while the rest load, and class loaders that share Kiln's
 * API. Development mode is never used.
 *
 * <p>Plugins are tried folder by folder in the order given, and within a folder in name order, so that when two files
 * carry the same plugin id the first one found wins: the search order is the precedence. pf4j alone sorts the files of
 * all folders together by modification time, and lists every jar before every plugin folder.
 */
final class KilnPluginManager extends DefaultPluginManager {

    /** A plugin file whose id an earlier file already had. */
    record Duplicate(PluginDescriptor descriptor, Path winner) {
    }

    private final List<Path> tried = new ArrayList<>();
    private final Map<Path, String> loadFailures = new LinkedHashMap<>();
    private final Map<Path, Duplicate> duplicates = new LinkedHashMap<>();
    private final Map<String, String> incompatible = new LinkedHashMap<>();
    private final Map<Path, PluginWrapper> loaded = new LinkedHashMap<>();

    /** The plugin files to load, of those {@link #pluginPaths} lists for the folders. */
    private final List<Path> chosen;

    /** Loads the plugin files {@code chosen}, from {@code folders}. */
    KilnPluginManager(List<Path> folders, String systemVersion, List<Path> chosen) {
        super(List.copyOf(folders));
        this.chosen = List.copyOf(chosen);
        setSystemVersion(systemVersion);
        setResolveRecoveryStrategy(ResolveRecoveryStrategy.IGNORE_PLUGIN_AND_CONTINUE);
    }

    /** Manifest first: reading a plugin jar's manifest is cheaper than pf4j's zip file system look for plugin.properties. */
    @Override
    protected PluginDescriptorFinder createPluginDescriptorFinder() {
        return new CompoundPluginDescriptorFinder()
                .add(new ManifestPluginDescriptorFinder())
                .add(new PropertiesPluginDescriptorFinder());
    }

    /** Folder by folder, each folder's jars and plugin folders in name order; zips are expanded as pf4j does. */
    static List<Path> pluginPaths(List<Path> roots) {
        List<Path> paths = new ArrayList<>();
        for (Path root : roots) {
            List<Path> inRoot = new ArrayList<>(new JarPluginRepository(root).getPluginPaths());
            inRoot.addAll(new DefaultPluginRepository(root).getPluginPaths());
            inRoot.sort(Comparator.comparing(path -> path.getFileName().toString()));
            paths.addAll(inRoot);
        }
        return paths;
    }

    @Override
    protected PluginRepository createPluginRepository() {
        return new PluginRepository() {
            @Override
            public List<Path> getPluginPaths() {
                return chosen;
            }

            @Override
            public boolean deletePluginPath(Path pluginPath) {
                return false; // Kiln never deletes plugins
            }
        };
    }

    @Override
    protected PluginLoader createPluginLoader() {
        return new CompoundPluginLoader()
                .add(new JarPluginLoader(this) {
                    @Override
                    protected PluginClassLoader createPluginClassLoader(Path path, PluginDescriptor descriptor) {
                        return classLoaderFor(descriptor);
                    }
                })
                .add(new DefaultPluginLoader(this) {
                    @Override
                    protected PluginClassLoader createPluginClassLoader(Path path, PluginDescriptor descriptor) {
                        return classLoaderFor(descriptor);
                    }

                    @Override
                    protected void loadJars(Path pluginPath, PluginClassLoader classLoader) {
                        for (String folder : pluginClasspath.getJarsDirectories()) {
                            libraryOrder(FileUtils.getJars(pluginPath.resolve(folder)),
                                    ((KilnPluginClassLoader) classLoader).pluginId()).forEach(classLoader::addFile);
                        }
                    }
                });
    }

    /**
     * The order a plugin folder's {@code lib/} jars are searched in: the plugin's own (named after its id) first,
     * then the rest smallest first, by name among equals. A class lookup opens every jar before the one that has it,
     * and opening costs in proportion to a jar's entries (a signed Bouncy Castle jar, opened for a lookup of the
     * docker engine's tar library, cost a cold build 25 ms); pf4j takes the folder's listing order, which differs
     * from one file system to the next.
     */
    static List<File> libraryOrder(List<File> jars, String pluginId) {
        return jars.stream()
                .sorted(Comparator.comparing((File jar) -> !jar.getName().startsWith(pluginId + "-")
                                && !jar.getName().equals(pluginId + ".jar"))
                        .thenComparingLong(File::length)
                        .thenComparing(File::getName))
                .toList();
    }

    /** Every plugin, jar or folder, gets a class loader that shares Kiln's API. */
    private PluginClassLoader classLoaderFor(PluginDescriptor descriptor) {
        return new KilnPluginClassLoader(this, descriptor, KilnPluginManager.class.getClassLoader());
    }

    @Override
    protected PluginWrapper loadPluginFromPath(Path pluginPath) {
        tried.add(pluginPath);
        try {
            PluginWrapper wrapper = super.loadPluginFromPath(pluginPath);
            loaded.put(pluginPath, wrapper);
            return wrapper;
        } catch (RuntimeException e) {
            PluginDescriptor descriptor = descriptorOrNull(pluginPath);
            PluginWrapper winner = descriptor == null ? null : getPlugin(descriptor.getPluginId());
            if (winner != null) {
                duplicates.put(pluginPath, new Duplicate(descriptor, winner.getPluginPath()));
            } else {
                loadFailures.put(pluginPath, describe(e));
            }
            throw e instanceof PluginRuntimeException ? e : new PluginRuntimeException(e);
        }
    }

    private PluginDescriptor descriptorOrNull(Path pluginPath) {
        try {
            return getPluginDescriptorFinder().find(pluginPath);
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    protected boolean isPluginValid(PluginWrapper plugin) {
        if (super.isPluginValid(plugin)) {
            return true;
        }
        PluginDescriptor d = plugin.getDescriptor();
        incompatible.put(d.getPluginId(), "Plugin '" + d.getPluginId() + "' " + d.getVersion() + " ("
                + plugin.getPluginPath() + ") requires Kiln " + d.getRequires().trim() + ", but this is Kiln "
                + getSystemVersion() + "; install a version of the plugin built for Kiln " + getSystemVersion() + ".");
        return false;
    }

    /** Every plugin file found, in the order tried: the search order. */
    List<Path> tried() {
        return tried;
    }

    /** Plugin files ignored because an earlier file has the same plugin id. */
    Map<Path, Duplicate> duplicates() {
        return duplicates;
    }

    /** Plugin files that could not even be read (corrupt jar, no descriptor), with why. */
    Map<Path, String> loadFailures() {
        return loadFailures;
    }

    /** Plugins refused for their {@code Plugin-Requires}, by id, with the message. */
    Map<String, String> incompatible() {
        return incompatible;
    }

    /** Every plugin whose descriptor was read, by file, including those later dropped for missing dependencies. */
    Map<Path, PluginWrapper> loaded() {
        return loaded;
    }

    /** The innermost useful message of a pf4j failure. */
    static String describe(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = e.getMessage();
        if (cause != e && cause.getMessage() != null) {
            message = (message == null ? "" : message + ": ") + cause.getClass().getSimpleName() + ": "
                    + cause.getMessage();
        }
        return message == null ? e.toString() : message;
    }
}
