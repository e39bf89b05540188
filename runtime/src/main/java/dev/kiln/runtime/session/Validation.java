package dev.kiln.runtime.session;

import dev.kiln.runtime.build.BuildPlanner.Plan;
import dev.kiln.runtime.frontend.BuildModel;
import dev.kiln.runtime.frontend.TemplateProblem;
import java.util.List;

/**
 * A template read, its variables resolved and its builds planned, or every reason why not.
 *
 * @param request what was asked for
 * @param model the template read into the neutral build model, or null when it could not be read
 * @param plan the builds, or null when the file could not be read
 * @param problems every error, with file, line and column; nothing may run unless empty
 * @param warnings what does not stop a build
 */
public record Validation(TemplateRequest request, BuildModel model, Plan plan, List<TemplateProblem> problems,
                         List<TemplateProblem> warnings) {

    /** Copies the lists. */
    public Validation {
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    /** Whether the builds may run. */
    public boolean ok() {
        return problems.isEmpty();
    }
}
