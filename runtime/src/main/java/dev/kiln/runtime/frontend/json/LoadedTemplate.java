package dev.kiln.runtime.frontend.json;

import com.fasterxml.jackson.core.JsonPointer;
import dev.kiln.runtime.frontend.BuildModel;
import dev.kiln.runtime.frontend.BuildSpec;
import dev.kiln.runtime.frontend.ComponentSpec;
import dev.kiln.runtime.frontend.Interpolation;
import dev.kiln.runtime.frontend.PackerVersions;
import dev.kiln.runtime.frontend.TemplateProblem;
import dev.kiln.runtime.frontend.VariableSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed template with its user variables resolved, or as many of them as could be: the variables' problems do not
 * stop the load, so the planner can report them together with the rest of the template's.
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

    /** How the components of the build {@code buildName} render their own fields while it runs. */
    public Interpolation interpolation(String buildName, String buildType) {
        RenderContext context = renderContext(buildName, buildType, false);
        TemplateEngine engine = new TemplateEngine();
        return (text, data) -> engine.render(text, context.withData(data));
    }

    /** Kiln implements the template format of this Packer version. */
    static final String PACKER_COMPATIBILITY = "1.6.6";

    /**
     * This template in the neutral build model: one build per builder, each with every provisioner and
     * post-processor chain of the template (their {@code only}/{@code except} still to apply), the same
     * {@link ComponentSpec} in every build. The problems are the variables' and then {@code min_packer_version}'s.
     */
    public BuildModel model() {
        List<ComponentSpec> provisioners = template.provisioners().stream().map(JsonComponentConfig::spec).toList();
        ComponentSpec errorCleanup = template.errorCleanupProvisioner() == null ? null
                : JsonComponentConfig.spec(template.errorCleanupProvisioner());
        List<List<ComponentSpec>> chains = template.postProcessors().stream()
                .map(chain -> chain.stream().map(JsonComponentConfig::spec).toList()).toList();
        List<BuildSpec> builds = template.builders().stream()
                .map(b -> new BuildSpec(b.name(), JsonComponentConfig.spec(b), provisioners, errorCleanup, chains))
                .toList();
        List<VariableSpec> declared = template.variables().values().stream()
                .map(v -> new VariableSpec(v.name(), v.defaultValue(), v.required(),
                        template.sensitiveVariables().contains(v.name()), null, v.position()))
                .toList();
        List<TemplateProblem> all = new ArrayList<>(problems);
        checkMinPackerVersion(all);
        return new BuildModel("JSON", template.file(), List.of(template.file()), varFiles, workingDir,
                template.description(), declared, new LinkedHashSet<>(template.sensitiveVariables()), variables,
                sensitiveValues, builds, all,
                () -> new JsonConfigResolver(this));
    }

    private void checkMinPackerVersion(List<TemplateProblem> found) {
        String wanted = template.minPackerVersion();
        if (wanted == null || wanted.isBlank()) {
            return;
        }
        var position = template.sourceMap().at(JsonPointer.compile("/min_packer_version"));
        if (!wanted.trim().matches("v?\\d+(\\.\\d+)*")) {
            found.add(new TemplateProblem(position, "min_packer_version",
                    "min_packer_version '" + wanted + "' is not a version like '1.6.0'"));
        } else if (PackerVersions.compare(wanted.trim().replaceFirst("^v", ""), PACKER_COMPATIBILITY) > 0) {
            found.add(new TemplateProblem(position, "min_packer_version", "This template requires Packer version "
                    + wanted + " or higher; Kiln implements Packer " + PACKER_COMPATIBILITY + "'s template format."));
        }
    }
}
