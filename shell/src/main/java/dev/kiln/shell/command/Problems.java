package dev.kiln.shell.command;

import dev.kiln.runtime.template.TemplateProblem;
import dev.kiln.shell.render.Renderer;
import java.nio.file.Path;
import java.util.List;

/** Shows template problems, all at once, with one heading. */
final class Problems {

    private Problems() {
    }

    static int show(Renderer renderer, Path template, List<TemplateProblem> problems) {
        String count = problems.size() == 1 ? "1 problem" : problems.size() + " problems";
        renderer.problems("Error: template '" + template + "' has " + count + ":",
                problems.stream().map(TemplateProblem::toString).toList());
        return 1;
    }
}
