package dev.kiln.runtime.build;

import dev.kiln.runtime.template.RenderContext;
import dev.kiln.runtime.template.Template;
import dev.kiln.runtime.template.TemplateProblem;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed template with its user variables resolved, or as many of them as could be: the variables' problems do not
 * stop the load, so {@link BuildPlanner} can report them together with the rest of the template's.
 *
 * @param template the template
 * @param variables every user variable's value that is known
 * @param sensitiveValues the values to mask in every output
 * @param environment the process environment {@code env} reads
 * @param workingDir what {@code pwd} returns
 * @param now the instant {@code timestamp} and {@code isotime} render, fixed for the run
 * @param kilnVersion what {@code packer_version} returns
 * @param unknownVariables the variables whose value is not known (required but not set, or not resolvable); the
 *     checks of a value that uses one are skipped, as it cannot be checked yet
 * @param problems what is wrong with the variables, with file, line and column; when not empty, nothing may run
 * @param varFiles the var files read, in order (with the template, inputs no output of a build may overwrite)
 */
public record LoadedTemplate(Template template, Map<String, String> variables, Set<String> sensitiveValues,
                             Map<String, String> environment, Path workingDir, Instant now, String kilnVersion,
                             Set<String> unknownVariables, List<TemplateProblem> problems, List<Path> varFiles) {

    /** Makes the sets and the lists unmodifiable copies; null means empty. */
    public LoadedTemplate {
        unknownVariables = unknownVariables == null ? Set.of() : Set.copyOf(unknownVariables);
        problems = problems == null ? List.of() : List.copyOf(problems);
        varFiles = varFiles == null ? List.of() : List.copyOf(varFiles);
    }

    /** A template read without var files. */
    public LoadedTemplate(Template template, Map<String, String> variables, Set<String> sensitiveValues,
                          Map<String, String> environment, Path workingDir, Instant now, String kilnVersion,
                          Set<String> unknownVariables, List<TemplateProblem> problems) {
        this(template, variables, sensitiveValues, environment, workingDir, now, kilnVersion, unknownVariables,
                problems, List.of());
    }

    /** A template whose variables all resolved. */
    public LoadedTemplate(Template template, Map<String, String> variables, Set<String> sensitiveValues,
                          Map<String, String> environment, Path workingDir, Instant now, String kilnVersion) {
        this(template, variables, sensitiveValues, environment, workingDir, now, kilnVersion, Set.of(), List.of());
    }

    /** The context a build renders with; lenient keeps dot-fields and generated data for the component to fill. */
    public RenderContext renderContext(String buildName, String buildType, boolean lenient) {
        Path dir = template.file().toAbsolutePath().getParent();
        return new RenderContext(variables, false, environment, buildName, buildType, dir, workingDir, now,
                kilnVersion, Map.of(), lenient, unknownVariables);
    }
}
