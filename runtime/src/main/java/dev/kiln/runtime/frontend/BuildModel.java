package dev.kiln.runtime.frontend;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A template as every format reads into it: what {@code inspect} shows, what the planner plans and what the shell
 * offers. Made by a {@link TemplateFrontEnd}; immutable.
 *
 * @param format the format, e.g. {@code "JSON"}, as {@code inspect} names it
 * @param template the template file or folder as the user named it
 * @param templateFiles every file the template was read from (inputs no build output may overwrite)
 * @param varFiles the var files read, in order (inputs too)
 * @param workingDir the working directory relative paths start from
 * @param description the template's description, or null
 * @param variables the declared variables, in template order
 * @param sensitiveVariables the names whose values are masked: the sensitive declared ones, and any other the
 *     template marks sensitive (Packer JSON's {@code sensitive-variables} may name a variable set only by {@code -var})
 * @param variableValues every variable's value that is known, as text
 * @param sensitiveValues the values to mask in every output
 * @param builds the builds, in template order
 * @param problems what is wrong already (variables, version requirements), with positions; when not empty,
 *     nothing may run, but planning still reports the rest
 * @param warnings what is worth telling but stops nothing (a var file setting a variable the template does not
 *     declare), with positions
 * @param resolvers makes the {@link ConfigResolver} of one plan
 */
public record BuildModel(String format, Path template, List<Path> templateFiles, List<Path> varFiles,
                         Path workingDir, String description, List<VariableSpec> variables,
                         Set<String> sensitiveVariables, Map<String, String> variableValues,
                         Set<String> sensitiveValues, List<BuildSpec> builds, List<TemplateProblem> problems,
                         List<TemplateProblem> warnings, Supplier<ConfigResolver> resolvers) {

    /** Checks the required parts and copies the collections, keeping their order. */
    public BuildModel {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(workingDir, "workingDir");
        Objects.requireNonNull(resolvers, "resolvers");
        templateFiles = templateFiles == null ? List.of() : List.copyOf(templateFiles);
        varFiles = varFiles == null ? List.of() : List.copyOf(varFiles);
        variables = variables == null ? List.of() : List.copyOf(variables);
        sensitiveVariables = sensitiveVariables == null ? Set.of()
                : Collections.unmodifiableSet(new LinkedHashSet<>(sensitiveVariables));
        variableValues = variableValues == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(variableValues));
        sensitiveValues = sensitiveValues == null ? Set.of() : Set.copyOf(sensitiveValues);
        builds = builds == null ? List.of() : List.copyOf(builds);
        problems = problems == null ? List.of() : List.copyOf(problems);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** A model without warnings. */
    public BuildModel(String format, Path template, List<Path> templateFiles, List<Path> varFiles, Path workingDir,
                      String description, List<VariableSpec> variables, Set<String> sensitiveVariables,
                      Map<String, String> variableValues, Set<String> sensitiveValues, List<BuildSpec> builds,
                      List<TemplateProblem> problems, Supplier<ConfigResolver> resolvers) {
        this(format, template, templateFiles, varFiles, workingDir, description, variables, sensitiveVariables,
                variableValues, sensitiveValues, builds, problems, List.of(), resolvers);
    }

    /** A new resolver, for one plan. */
    public ConfigResolver resolver() {
        return resolvers.get();
    }

    /** The declared variable named {@code name}, if there is one. */
    public Optional<VariableSpec> variable(String name) {
        return variables.stream().filter(v -> v.name().equals(name)).findFirst();
    }

    /** Whether the value of the variable {@code name} is masked in every output. */
    public boolean sensitive(String name) {
        return sensitiveVariables.contains(name);
    }

    /** The build named {@code name}, if there is one. */
    public Optional<BuildSpec> build(String name) {
        return builds.stream().filter(b -> b.name().equals(name)).findFirst();
    }

    /** The builds' names, in template order. */
    public List<String> buildNames() {
        return builds.stream().map(BuildSpec::name).toList();
    }

    /** Every provisioner of every build, each once, in template order. */
    public List<ComponentSpec> provisioners() {
        return distinct(builds.stream().map(BuildSpec::provisioners).toList());
    }

    /** Every post-processor chain of every build, each once, in template order. */
    public List<List<ComponentSpec>> postProcessorChains() {
        Set<List<ComponentSpec>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<List<ComponentSpec>> chains = new ArrayList<>();
        for (BuildSpec build : builds) {
            for (List<ComponentSpec> chain : build.postProcessors()) {
                if (chains.stream().noneMatch(known -> sameComponents(known, chain)) && seen.add(chain)) {
                    chains.add(chain);
                }
            }
        }
        return List.copyOf(chains);
    }

    private static boolean sameComponents(List<ComponentSpec> a, List<ComponentSpec> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    private static List<ComponentSpec> distinct(List<List<ComponentSpec>> lists) {
        Set<ComponentSpec> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<ComponentSpec> result = new ArrayList<>();
        for (List<ComponentSpec> list : lists) {
            for (ComponentSpec c : list) {
                if (seen.add(c)) {
                    result.add(c);
                }
            }
        }
        return List.copyOf(result);
    }
}
