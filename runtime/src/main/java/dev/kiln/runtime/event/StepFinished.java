package dev.kiln.runtime.event;

import java.time.Duration;

/**
 * A builder step ended.
 *
 * @param build the build's name
 * @param step the step's name
 * @param duration how long its run took
 * @param outcome how it ended
 */
public record StepFinished(String build, String step, Duration duration, Outcome outcome) implements KilnEvent {

    /** How a step ended. */
    public enum Outcome { SUCCEEDED, FAILED, CANCELLED }
}
