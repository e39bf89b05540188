package dev.kiln.cli.command;

import dev.kiln.cli.render.Renderer;
import dev.kiln.runtime.frontend.TemplateProblem;
import java.nio.file.Path;
import java.util.List;

/** Shows template problems, all at once, with one heading. */
public final class Problems {

    private Problems() {
    }

    /**
     * Shows {@code problems} of {@code template} on stderr: under one heading, one line each; or, when the format
     * prints them in full (HCL2), as Packer does, each with its source lines. Machine-readable output has the heading
     * and the lines either way. @return 1, the exit code
     */
    public static int show(Renderer renderer, Path template, List<TemplateProblem> problems) {
        String count = problems.size() == 1 ? "1 problem" : problems.size() + " problems";
        String heading = "Error: template '" + template + "' has " + count + ":";
        if (problems.stream().anyMatch(p -> p.report() != null)) {
            renderer.reports(heading, problems);
        } else {
            renderer.problems(heading, problems.stream().map(TemplateProblem::toString).toList());
        }
        return 1;
    }

    /** Shows what does not stop a build (e.g. ignored options), as Packer's validate does, on standard output. */
    static void warnings(Renderer renderer, List<TemplateProblem> warnings) {
        if (warnings.isEmpty()) {
            return;
        }
        String heading = "Template validation succeeded, but there " + (warnings.size() == 1 ? "is 1 warning"
                : "are " + warnings.size() + " warnings") + "; Kiln builds the template despite "
                + (warnings.size() == 1 ? "it" : "them") + ":";
        if (warnings.stream().anyMatch(w -> w.report() != null)) {
            renderer.warningReports(heading, warnings);
            return;
        }
        renderer.say(heading);
        for (TemplateProblem warning : warnings) {
            renderer.say("  " + warning);
        }
    }
}
