package dev.kiln.runtime.event;

import java.time.Duration;
import java.util.List;

/**
 * A build ended, successfully or not.
 *
 * @param build the build's name
 * @param duration how long it took
 * @param error the failure, masked; null when it succeeded
 * @param cancelled whether it was cancelled
 * @param artifacts the artifacts it left, in Packer's order
 */
public record BuildFinished(String build, Duration duration, String error, boolean cancelled,
                            List<ArtifactSummary> artifacts) implements KilnEvent {

    /** Copies the artifact list. */
    public BuildFinished {
        artifacts = List.copyOf(artifacts);
    }

    /** Whether the build succeeded. */
    public boolean succeeded() {
        return error == null && !cancelled;
    }
}
