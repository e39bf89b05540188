package dev.kiln.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One finding of {@link Component#check}: something wrong with a component's settings (an error: nothing is built) or
 * worth telling its author (a warning: the build goes on), and the option it is about, so the runtime can point at
 * the option's line and column.
 *
 * @param option the option's path in the component's block, as the template writes it, e.g. {@code "image"},
 *     {@code "changes[0]"} or {@code "auth.user"}; null when the problem is about the block as a whole
 * @param message what is wrong and what to do, without the option's name in front (the runtime adds where it is)
 * @param warning true for a warning, false for an error
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record ConfigProblem(String option, String message, boolean warning) {

    /** Checks that a message is given. */
    public ConfigProblem {
        Objects.requireNonNull(message, "message");
    }

    /**
     * An error: the build cannot run with these settings.
     *
     * @param option the option's path, or null for the block
     * @param message what is wrong and what to do
     * @return the problem
     */
    public static ConfigProblem error(String option, String message) {
        return new ConfigProblem(option, message, false);
    }

    /**
     * A warning: the build runs, but the author should know (a deprecated option, one that has no effect).
     *
     * @param option the option's path, or null for the block
     * @param message what to know and what to do
     * @return the warning
     */
    public static ConfigProblem warning(String option, String message) {
        return new ConfigProblem(option, message, true);
    }
}
