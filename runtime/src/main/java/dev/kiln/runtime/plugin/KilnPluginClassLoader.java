package dev.kiln.runtime.plugin;

import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

/**
 * A plugin's own class loader: plugin first, so a plugin's docker-java or Guava is its own business, except for the
 * packages it shares with Kiln. Those come from Kiln's loader, so a plugin that bundles its own {@code kiln-api}
 * still implements Kiln's interfaces, and config records annotated for Jackson bind in Kiln's runtime.
 */
final class KilnPluginClassLoader extends PluginClassLoader {

    private static final String[] SHARED = {"dev.kiln.api.", "org.slf4j.", "com.fasterxml.jackson.annotation."};

    static {
        registerAsParallelCapable();
    }

    KilnPluginClassLoader(PluginManager manager, PluginDescriptor descriptor, ClassLoader parent) {
        super(manager, descriptor, parent);
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
