package dev.kiln.api.step;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * One unit of a builder's work, with the cleanup that undoes it (Packer's multistep).
 *
 * <p>A step is created per build and may keep what {@link #cleanup} needs in fields. The runner calls {@code cleanup}
 * in reverse order for every step whose {@code run} was entered, on success, failure and cancellation, so a step
 * records what it created as soon as it exists.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface Step {

    /**
     * The name shown in events and errors.
     *
     * @return the name, by default the class's simple name
     */
    default String name() {
        return getClass().getSimpleName();
    }

    /**
     * Does the step's work.
     *
     * @param context the build's Ui and state, never null
     * @throws InterruptedException when the build is cancelled
     * @throws dev.kiln.api.KilnException when the step fails; later steps are skipped
     */
    void run(StepContext context) throws InterruptedException;

    /**
     * Undoes what {@link #run} created. Must not throw over the original failure: the runner reports what it
     * throws as a warning. Called with the interrupt flag cleared, so it can still talk to the engine.
     *
     * @param context the build's Ui and state, never null
     */
    default void cleanup(StepContext context) {
    }

    /**
     * Called instead of {@link #cleanup} when the build is aborted ({@code -on-error=abort}, or "abort" at the
     * {@code -on-error=ask} question): what {@link #run} created stays for inspection, and this says what stays and
     * how to remove it. Must not throw; what it throws is reported as a warning.
     *
     * @param context the build's Ui and state, never null
     * @since 0.1
     */
    default void abandon(StepContext context) {
    }
}
