package dev.kiln.runtime.plugin;

import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

/**
 * A plugin's own class loader: plugin first, so a plugin's docker-java or Guava is its own business, except for the
 * packages it shares with Kiln. Those come from Kiln's loader: {@code kiln-api}, so a plugin that bundles its own
 * still implements Kiln's interfaces; SLF4J; and Jackson, whose {@code JsonNode} a config record may hold and the
 * runtime makes. Asking Kiln first also spares a lookup of a Jackson class the search of every jar of the plugin
 * (and of the plugins it depends on) that it would otherwise fail.
 */
final class KilnPluginClassLoader extends PluginClassLoader {

    private static final String[] SHARED = {"dev.kiln.api.", "org.slf4j.", "com.fasterxml.jackson."};

    static {
        registerAsParallelCapable();
    }

    private final String pluginId;

    KilnPluginClassLoader(PluginManager manager, PluginDescriptor descriptor, ClassLoader parent) {
        super(manager, descriptor, parent);
        this.pluginId = descriptor.getPluginId();
    }

    /** The id of the plugin whose classes this loader loads. */
    String pluginId() {
        return pluginId;
    }

    @Override
    protected boolean shouldDelegateToParent(String className) {
        for (String prefix : SHARED) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return super.shouldDelegateToParent(className);
    }
}
