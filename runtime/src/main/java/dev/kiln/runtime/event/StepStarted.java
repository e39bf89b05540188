package dev.kiln.runtime.event;

/**
 * A builder step began.
 *
 * @param build the build's name
 * @param step the step's name
 */
public record StepStarted(String build, String step) implements KilnEvent {
}
