package dev.kiln.runtime.event;

/**
 * A line a component reported through its {@link dev.kiln.api.Ui}, already masked.
 *
 * @param build the build's name
 * @param target who speaks: the build name, or {@code "build (type)"} for a post-processor, as Packer prefixes lines
 * @param level how it was reported
 * @param message the text, never containing sensitive values
 */
public record LogEvent(String build, String target, Level level, String message) implements KilnEvent {

    /** The {@link dev.kiln.api.Ui} method that produced the line. */
    public enum Level { SAY, DETAIL, WARN, ERROR }
}
