package dev.kiln.cli.command;

import dev.kiln.cli.render.Renderer;
import dev.kiln.runtime.frontend.TemplateProblem;
import java.nio.file.Path;
import java.util.List;

/** Shows template problems, all at once, with one heading. */
public final class Problems {

    private Problems() {
    }

    /** Shows {@code problems} of {@code template} under one heading, on stderr. @return 1, the exit code */
    public static int show(Renderer renderer, Path template, List<TemplateProblem> problems) {
        String count = problems.size() == 1 ? "1 problem" : problems.size() + " problems";
        renderer.problems("Error: template '" + template + "' has " + count + ":",
                problems.stream().map(TemplateProblem::toString).toList());
        return 1;
    }

    /** Shows what does not stop a build (e.g. ignored options), as Packer's validate does, on standard output. */
    static void warnings(Renderer renderer, List<TemplateProblem> warnings) {
        if (warnings.isEmpty()) {
            return;
        }
        renderer.say("Template validation succeeded, but there " + (warnings.size() == 1 ? "is 1 warning"
                : "are " + warnings.size() + " warnings") + "; Kiln builds the template despite "
                + (warnings.size() == 1 ? "it" : "them") + ":");
        for (TemplateProblem warning : warnings) {
            renderer.say("  " + warning);
        }
    }
}
