package dev.kiln.runtime.event;

/**
 * A build ended with this artifact in its result list.
 *
 * @param build the build's name
 * @param artifact what was made
 */
public record ArtifactProduced(String build, ArtifactSummary artifact) implements KilnEvent {
}
