package dev.kiln.runtime.event;

/**
 * Something that happened during a run, tagged with its build. Immutable; renderers match on the concrete type.
 */
public sealed interface KilnEvent permits LogEvent, StepStarted, StepFinished, ProgressEvent, ArtifactProduced,
        BuildFinished {

    /** The build the event belongs to; empty for run-wide events. */
    String build();
}
