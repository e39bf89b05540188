package dev.kiln.runtime.plugin;

import java.util.List;

/**
 * What {@code kiln plugins} shows of one plugin.
 *
 * @param id the {@code Plugin-Id}, or the file name when the descriptor could not be read
 * @param version the {@code Plugin-Version}, or empty
 * @param file where it was loaded from
 * @param state how far it got
 * @param provides what it provides, e.g. {@code post-processor docker-tag}
 * @param failure one line saying why it is not {@link State#STARTED started}, or null when it is
 */
public record PluginReport(String id, String version, String file, State state, List<String> provides,
                           String failure) {

    /** The states {@code kiln plugins} shows; the README's table of plugin states uses the same words. */
    public enum State {
        /** Loaded and started; it provides the components listed under it. */
        STARTED("started"),
        /** Started, but its {@code META-INF/services} files register no component, so it provides nothing. */
        NO_COMPONENTS("no components"),
        /**
         * Broken: the file cannot be read or has no descriptor, a plugin it needs is missing, it does not start, or a
         * component it registers does not load (those that do load still work).
         */
        FAILED("failed"),
        /** Intact but not used: built for another Kiln version, or an earlier folder has a plugin with the same id. */
        REFUSED("refused");

        private final String word;

        State(String word) {
            this.word = word;
        }

        /** The word {@code kiln plugins} prints, e.g. {@code "no components"}. */
        @Override
        public String toString() {
            return word;
        }
    }

    /** Copies the list. */
    public PluginReport {
        provides = List.copyOf(provides);
    }

    /** Whether the plugin works. */
    public boolean ok() {
        return failure == null;
    }
}
