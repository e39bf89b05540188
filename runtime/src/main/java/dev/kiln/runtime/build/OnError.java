package dev.kiln.runtime.build;

import dev.kiln.api.ConfigException;
import java.util.Locale;

/** What happens to a build's cleanups when a step fails ({@code -on-error}). */
public enum OnError {
    /** Run every cleanup (the default). */
    CLEANUP,
    /** Skip cleanups, leaving the container for inspection; Kiln says what was left. */
    ABORT,
    /** Ask what to do: clean up, abort, or retry the step; without a person to answer, clean up. */
    ASK;

    /**
     * Parses the flag's value.
     *
     * @throws ConfigException for any other value
     */
    public static OnError parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("-on-error: '" + value + "' is not supported; use cleanup, abort or ask.");
        }
    }
}
