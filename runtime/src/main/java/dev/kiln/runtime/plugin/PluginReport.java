package dev.kiln.runtime.plugin;

import java.util.List;

/**
 * What {@code kiln plugins} shows of one plugin.
 *
 * @param id the {@code Plugin-Id}, or the file name when the descriptor could not be read
 * @param version the {@code Plugin-Version}, or empty
 * @param file where it was loaded from
 * @param state {@code started}, {@code failed}, {@code disabled} (incompatible) or {@code unresolved}
 * @param provides what it provides, e.g. {@code post-processor docker-tag}
 * @param failure why it failed, or null
 */
public record PluginReport(String id, String version, String file, String state, List<String> provides,
                           String failure) {

    /** Copies the list. */
    public PluginReport {
        provides = List.copyOf(provides);
    }

    /** Whether the plugin works. */
    public boolean ok() {
        return failure == null;
    }
}
