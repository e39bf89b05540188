package dev.kiln.cli.render;

import dev.kiln.runtime.event.BuildFinished;
import dev.kiln.runtime.event.EventBus;
import java.time.Duration;
import java.util.List;

/** Shows a run's events and its closing summary; one instance per run, thread-safe. */
public interface Renderer extends AutoCloseable {

    /** Subscribes to the events this renderer shows. */
    void attach(EventBus bus);

    /** Called before the builds start, with their names in order. */
    void start(List<String> builds);

    /** A line from Kiln itself, not from a build (e.g. "Cancelling build after receiving interrupt"). */
    void say(String message);

    /** Template or usage errors, all at once; nothing was built. */
    void problems(String heading, List<String> lines);

    /** The closing summary: errors, then the artifact list, as Packer prints it. */
    void summary(List<BuildFinished> outcomes, Duration wall, boolean interrupted);

    /** Ends what the renderer keeps on the screen between lines (a status area); called however the run ended. */
    @Override
    default void close() {
    }
}
