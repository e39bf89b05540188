package dev.kiln.cli.render;

import dev.kiln.runtime.event.BuildFinished;
import dev.kiln.runtime.event.EventBus;
import dev.kiln.runtime.frontend.TemplateProblem;
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

    /**
     * Template problems of a format that prints them in full (HCL2's diagnostics, each with its source line), all at
     * once; nothing was built. A problem without a {@link TemplateProblem#report() report} shows as
     * {@code Error: } and its one line. Machine-readable output keeps the one-line form of
     * {@link #problems(String, List)}.
     */
    default void reports(String heading, List<TemplateProblem> problems) {
        problems(heading, problems.stream().map(TemplateProblem::toString).toList());
    }

    /**
     * Warnings of a format that prints them in full (HCL2's), as Packer's validate does: each report, or
     * {@code Warning: } and its one line, on standard output. Machine-readable output has the heading and one line
     * per warning.
     */
    default void warningReports(String heading, List<TemplateProblem> warnings) {
        say(heading);
        warnings.forEach(w -> say("  " + w));
    }

    /**
     * Every problem's report as Packer prints it, or {@code label}, {@code ": "} and its one line, one after another.
     */
    static String reportText(List<TemplateProblem> problems, boolean color, String label) {
        StringBuilder text = new StringBuilder();
        for (TemplateProblem problem : problems) {
            text.append(problem.report() != null ? problem.report().text(color) : label + ": " + problem + "\n\n");
        }
        return text.toString();
    }

    /** The closing summary: errors, then the artifact list, as Packer prints it. */
    void summary(List<BuildFinished> outcomes, Duration wall, boolean interrupted);

    /** Ends what the renderer keeps on the screen between lines (a status area); called however the run ended. */
    @Override
    default void close() {
    }
}
