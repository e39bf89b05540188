package dev.kiln.runtime.plugin;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pf4j.CompoundPluginDescriptorFinder;
import org.pf4j.CompoundPluginLoader;
import org.pf4j.ManifestPluginDescriptorFinder;
import org.pf4j.PluginDescriptorFinder;
import org.pf4j.PropertiesPluginDescriptorFinder;
import org.pf4j.DefaultPluginLoader;
import org.pf4j.DefaultPluginManager;
import org.pf4j.JarPluginLoader;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginLoader;
import org.pf4j.PluginWrapper;

/**
 * pf4j's manager, set up for Kiln: several plugin folders, the Kiln version enforced against {@code Plugin-Requires},
 * a broken plugin ignored (and remembered with its cause) while the rest load, and class loaders that share Kiln's
 * API. Development mode is never used.
 */
final class KilnPluginManager extends DefaultPluginManager {

    private final Map<Path, String> loadFailures = new LinkedHashMap<>();
    private final Map<String, String> incompatible = new LinkedHashMap<>();
    private final List<PluginWrapper> loaded = new ArrayList<>();

    KilnPluginManager(List<Path> folders, String systemVersion) {
        super(List.copyOf(folders));
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
                });
    }

    /** Every plugin, jar or folder, gets a class loader that shares Kiln's API. */
    private PluginClassLoader classLoaderFor(PluginDescriptor descriptor) {
        return new KilnPluginClassLoader(this, descriptor, KilnPluginManager.class.getClassLoader());
    }

    @Override
    protected PluginWrapper loadPluginFromPath(Path pluginPath) {
        try {
            PluginWrapper wrapper = super.loadPluginFromPath(pluginPath);
            loaded.add(wrapper);
            return wrapper;
        } catch (RuntimeException e) {
            loadFailures.put(pluginPath, describe(e));
            throw e;
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

    /** Plugin files that could not even be read (corrupt jar, no descriptor), with why. */
    Map<Path, String> loadFailures() {
        return loadFailures;
    }

    /** Plugins refused for their {@code Plugin-Requires}, by id, with the message. */
    Map<String, String> incompatible() {
        return incompatible;
    }

    /** Every plugin whose descriptor was read, including those later dropped for missing dependencies. */
    List<PluginWrapper> loaded() {
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
