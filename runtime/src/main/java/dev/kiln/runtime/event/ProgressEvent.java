package dev.kiln.runtime.event;

/**
 * Progress of a long task.
 *
 * @param build the build's name
 * @param target who reports
 * @param task what is in progress
 * @param done units done
 * @param total units in all, -1 when unknown
 */
public record ProgressEvent(String build, String target, String task, long done, long total) implements KilnEvent {
}
