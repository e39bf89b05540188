/**
 * Plugin folders loaded with pf4j: each plugin gets its own class loader that takes Kiln's API from the parent, and
 * its components are found through the same {@code META-INF/services} registrations that {@code ServiceLoader} reads
 * on a plain class path. Kiln reads each plugin's own service files itself (rather than pf4j's extension finder), so
 * it loads only the classes registered for Kiln's extension points and can report each broken component by name.
 * Folders are searched in the order {@link dev.kiln.runtime.plugin.PluginFolders} gives, which is also the precedence
 * between two files with one plugin id; each plugin ends in one {@link dev.kiln.runtime.plugin.PluginReport.State}.
 */
package dev.kiln.runtime.plugin;
