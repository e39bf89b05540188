package dev.kiln.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import org.apiguardian.api.API;

/**
 * What {@code kiln cleanup} gives each {@link LeftoverSweeper}: the places to search, and where to report what it
 * finds. Used on one thread.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface SweepContext {

    /**
     * The hosts the user asked to search besides those the environment names, as given
     * ({@code kiln cleanup --docker-host HOST}, e.g. {@code tcp://build-engine:2376}).
     *
     * @return the hosts, in the user's order; empty when none were named
     */
    List<String> dockerHosts();

    /**
     * Reports a thing that a Kiln build made. When its owner's process is gone, the runtime calls {@code removal}
     * before this method returns (unless it is a dry run) and reports the outcome; otherwise the thing is left
     * alone.
     *
     * @param owner who made it, read from its name with {@link BuildOwner#parse}
     * @param what what it is, for the user, e.g. {@code "container kiln-4242-... (3f9a0c1d2e4b) on unix:///..."}
     * @param removal removes it; a failure is a {@link KilnException} saying why; something already gone is no
     *                failure
     * @throws InterruptedException when cancelled during the removal
     */
    void found(BuildOwner owner, String what, Removal removal) throws InterruptedException;

    /**
     * Reports a place that could not be searched, e.g. an engine that does not answer: {@code kiln cleanup} says
     * so and exits with status 1.
     *
     * @param where the place, e.g. {@code "the Docker engine at tcp://build-engine:2376"}
     * @param why the reason, one sentence
     */
    void failed(String where, String why);

    /**
     * Reports a place that could not be searched but that the user did not ask for, e.g. the default engine on a
     * machine without one: shown as a warning, without failing.
     *
     * @param message what could not be done and why
     */
    void warn(String message);

    /** Removes one thing. */
    @API(status = EXPERIMENTAL, since = "0.1")
    @FunctionalInterface
    interface Removal {

        /**
         * Removes the thing.
         *
         * @throws InterruptedException when cancelled
         * @throws KilnException saying why it could not be removed
         */
        void remove() throws InterruptedException;
    }
}
