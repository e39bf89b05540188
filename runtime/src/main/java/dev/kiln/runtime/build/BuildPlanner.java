package dev.kiln.runtime.build;

import dev.kiln.api.Component;
import dev.kiln.api.ConfigException;
import dev.kiln.api.ConfigProblem;
import dev.kiln.runtime.discovery.ComponentKind;
import dev.kiln.runtime.discovery.ComponentRegistry;
import dev.kiln.runtime.discovery.RegisteredComponent;
import dev.kiln.runtime.frontend.BuildModel;
import dev.kiln.runtime.frontend.BuildSpec;
import dev.kiln.runtime.frontend.ComponentSpec;
import dev.kiln.runtime.frontend.ConfigResolver;
import dev.kiln.runtime.frontend.ResolvedConfig;
import dev.kiln.runtime.frontend.RuntimeSettings;
import dev.kiln.runtime.frontend.TemplateProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a template's neutral {@link BuildModel} (from any front end) into the builds to run: selects builds with
 * {@code -only}/{@code -except}, finds every component, has the model's {@link ConfigResolver} resolve each config
 * for its build, binds and validates it, and collects every problem, so the user sees them all before any container
 * starts.
 */
public final class BuildPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(BuildPlanner.class);

    private final ComponentRegistry registry;
    private final ConfigBinder binder;

    /** Creates a planner over {@code registry}. */
    public BuildPlanner(ComponentRegistry registry, ConfigBinder binder) {
        this.registry = registry;
        this.binder = binder;
    }

    /**
     * The builds of {@code model} selected by {@code only}/{@code except} (build names), or the problems found,
     * with sensitive values masked: the model's own problems (its variables') first, then every other. A value that
     * uses a variable whose value is not known is not checked, and neither is the component it configures, so a missing
     * variable adds no problems of its own beyond the one naming it.
     */
    public Plan plan(BuildModel model, List<String> only, List<String> except) {
        Set<TemplateProblem> problems = new LinkedHashSet<>(model.problems());
        Set<TemplateProblem> warnings = new LinkedHashSet<>(model.warnings());
        Masker masker = new Masker(model.sensitiveValues()); // validate() messages quote rendered values
        List<PreparedBuild> builds = new ArrayList<>();
        ConfigResolver resolver = model.resolver(); // one per plan: what every build's options share
        for (BuildSpec build : model.builds()) {
            if (!only.isEmpty() && !only.contains(build.name()) || except.contains(build.name())) {
                warnIfNotInstalled(build, warnings); // templates mix docker with builders Kiln does not have
                continue;
            }
            PreparedBuild prepared = prepareBuild(model, resolver, build, except, problems, warnings, masker);
            if (prepared != null) {
                builds.add(prepared);
            }
        }
        return new Plan(builds, mask(reported(problems, resolver, false), masker),
                mask(reported(warnings, resolver, true), masker));
    }

    /** The problems as the template's format prints them (HCL2: with the source line). */
    private static Set<TemplateProblem> reported(Set<TemplateProblem> found, ConfigResolver resolver,
                                                 boolean warnings) {
        Set<TemplateProblem> out = new LinkedHashSet<>();
        found.forEach(p -> out.add(resolver.report(p, warnings)));
        return out;
    }

    private static List<TemplateProblem> mask(Set<TemplateProblem> found, Masker masker) {
        return found.stream().map(p -> p.withText(masker::mask)).toList();
    }

    private void warnIfNotInstalled(BuildSpec build, Set<TemplateProblem> warnings) {
        ComponentSpec block = build.builder();
        try {
            registry.lookup(ComponentKind.BUILDER, block.type());
        } catch (ConfigException e) {
            warnings.add(new TemplateProblem(block.position(), block.path(), "builder type '" + block.type()
                    + "' is not installed; build '" + build.name() + "' is not selected (-only/-except), so it is "
                    + "skipped"));
        }
    }

    private PreparedBuild prepareBuild(BuildModel model, ConfigResolver resolver, BuildSpec build,
                                       List<String> except, Set<TemplateProblem> problems,
                                       Set<TemplateProblem> allWarnings, Masker masker) {
        ComponentSpec block = build.builder();
        int before = problems.size();
        Set<TemplateProblem> warnings = new LinkedHashSet<>();
        RegisteredComponent builder = lookup(ComponentKind.BUILDER, block, problems);
        Record config = builder == null ? null
                : bindAndValidate(builder, block, build, resolver, problems, warnings);

        List<PreparedComponent> provisioners = new ArrayList<>();
        for (ComponentSpec provisioner : build.provisioners()) {
            if (provisioner.appliesTo(build.name())) {
                PreparedComponent prepared = prepare(ComponentKind.PROVISIONER, provisioner, build, resolver,
                        problems, warnings);
                if (prepared != null) {
                    provisioners.add(prepared);
                }
            }
        }
        ComponentSpec cleanupBlock = build.errorCleanupProvisioner();
        PreparedComponent errorCleanup = cleanupBlock == null || !cleanupBlock.appliesTo(build.name()) ? null
                : prepare(ComponentKind.PROVISIONER, cleanupBlock, build, resolver, problems, warnings);
        List<List<PreparedComponent>> sequences = new ArrayList<>();
        for (List<ComponentSpec> sequence : build.postProcessors()) {
            List<PreparedComponent> prepared = new ArrayList<>();
            for (ComponentSpec postProcessor : sequence) {
                if (except.contains(postProcessor.name())) {
                    break; // Packer: -except on a post-processor drops it and the rest of its sequence
                }
                if (postProcessor.appliesTo(build.name())) {
                    PreparedComponent component = prepare(ComponentKind.POST_PROCESSOR, postProcessor, build,
                            resolver, problems, warnings);
                    if (component != null) {
                        prepared.add(component);
                    }
                }
            }
            if (!prepared.isEmpty()) {
                sequences.add(List.copyOf(prepared));
            }
        }
        allWarnings.addAll(warnings);
        if (problems.size() > before || config == null) {
            return null;
        }
        List<OutputGuard.Part> parts = new ArrayList<>();
        parts.add(new OutputGuard.Part(block, builder.component(), config));
        List<PreparedComponent> others = new ArrayList<>(provisioners);
        if (errorCleanup != null) {
            others.add(errorCleanup);
        }
        sequences.forEach(others::addAll);
        others.forEach(c -> parts.add(new OutputGuard.Part(c.spec(), c.component().component(), c.config())));
        List<TemplateProblem> overwrites = OutputGuard.check(model, parts);
        if (!overwrites.isEmpty()) {
            problems.addAll(mask(new LinkedHashSet<>(overwrites), masker));
            return null;
        }
        return new PreparedBuild(build.name(), builder, config, List.copyOf(provisioners), errorCleanup,
                List.copyOf(sequences), resolver.interpolation(build), mask(warnings, masker), build.componentName());
    }

    private PreparedComponent prepare(ComponentKind kind, ComponentSpec block, BuildSpec build,
                                      ConfigResolver resolver, Set<TemplateProblem> problems,
                                      Set<TemplateProblem> warnings) {
        RegisteredComponent component = lookup(kind, block, problems);
        if (component == null) {
            return null;
        }
        Record config = bindAndValidate(component, block, build, resolver, problems, warnings);
        List<TemplateProblem> settingProblems = new ArrayList<>();
        RuntimeSettings settings = resolver.settings(block, build, settingProblems);
        problems.addAll(settingProblems);
        return config == null ? null : new PreparedComponent(block, component, config, settings.pauseBefore(),
                settings.timeout(), settings.maxRetries());
    }

    private RegisteredComponent lookup(ComponentKind kind, ComponentSpec block, Set<TemplateProblem> problems) {
        try {
            return registry.lookup(kind, block.type());
        } catch (ConfigException e) {
            problems.add(new TemplateProblem(block.position(), block.path(), e.getMessage()));
            return null;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Record bindAndValidate(RegisteredComponent registered, ComponentSpec block, BuildSpec build,
                                   ConfigResolver resolver, Set<TemplateProblem> problems,
                                   Set<TemplateProblem> warnings) {
        Component component = registered.component();
        List<TemplateProblem> found = new ArrayList<>();
        Set<String> unknown = new LinkedHashSet<>();
        ResolvedConfig resolved = resolver.resolve(withoutIgnoredOptions(registered, block, warnings), build);
        found.addAll(resolved.problems());
        Record config = binder.bind(resolved, component.configType(), found, unknown);
        if (!resolved.problems().isEmpty()) {
            config = null;
        }
        problems.addAll(found);
        if (config == null) {
            return null;
        }
        if (!unknown.isEmpty()) {
            return null; // the component's own checks would judge a config without those options
        }
        List<ConfigProblem> checked;
        try {
            checked = List.copyOf(component.check(config));
        } catch (RuntimeException | LinkageError e) { // a plugin's bug or a class it lacks, not the template's fault
            String crashed = registered.kind().word() + " '" + block.type() + "' (" + registered.origin()
                    + ") crashed while validating";
            LOG.debug("{}: {}", block.path(), crashed, e); // KILN_LOG=debug shows where it crashed
            checked = List.of(ConfigProblem.error(null, crashed + ": " + e));
        }
        boolean usable = true;
        for (ConfigProblem problem : checked) {
            String option = problem.option() == null || problem.option().isBlank() ? null : problem.option().trim();
            TemplateProblem located = option == null
                    ? new TemplateProblem(block.position(), block.path(), problem.message())
                    : new TemplateProblem(block.positionOfOption(option), block.path() + "." + option,
                            problem.message());
            if (problem.warning()) {
                warnings.add(located);
            } else {
                problems.add(located);
                usable = false;
            }
        }
        return usable ? config : null;
    }

    /**
     * The block without the options its component declares as ignored; one warning per reason names those found.
     * A component that fails to list them is treated as ignoring none: its block is then bound as written.
     */
    private static ComponentSpec withoutIgnoredOptions(RegisteredComponent registered, ComponentSpec block,
                                                   Set<TemplateProblem> warnings) {
        Map<String, String> patterns;
        try {
            patterns = registered.component().ignoredOptions();
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("{}: {} '{}' ({}) crashed listing its ignored options", block.path(), registered.kind().word(),
                    block.type(), registered.origin(), e);
            return block;
        }
        if (patterns == null || patterns.isEmpty()) {
            return block;
        }
        Set<String> keys = block.config().optionNames();
        Map<String, List<String>> byReason = new LinkedHashMap<>();
        for (String key : keys) {
            for (Map.Entry<String, String> pattern : patterns.entrySet()) {
                String p = pattern.getKey();
                boolean matches = p.endsWith("*") ? key.startsWith(p.substring(0, p.length() - 1)) : key.equals(p);
                if (matches) {
                    byReason.computeIfAbsent(pattern.getValue(), r -> new ArrayList<>()).add(key);
                    break;
                }
            }
        }
        List<String> ignored = new ArrayList<>();
        for (Map.Entry<String, List<String>> reason : byReason.entrySet()) {
            List<String> names = reason.getValue();
            ignored.addAll(names);
            warnings.add(new TemplateProblem(block.positionOf(names.get(0)), block.path(),
                    (names.size() == 1 ? "option " : "options ") + String.join(", ", names)
                            + (names.size() == 1 ? " is" : " are") + " ignored: " + reason.getKey()));
        }
        return block.withoutOptions(ignored);
    }

    /**
     * The planned builds, or why none can run.
     *
     * @param builds the builds to run, in template order
     * @param problems every problem found; when not empty, nothing should run
     * @param warnings what is worth telling but does not stop a build, such as options that are ignored
     */
    public record Plan(List<PreparedBuild> builds, List<TemplateProblem> problems, List<TemplateProblem> warnings) {

        /**
         * The warnings that no selected build reports when it starts, such as builds skipped by -only/-except
         * (compared without their reports, which only the plan's have).
         */
        public List<TemplateProblem> warningsOutsideBuilds() {
            return warnings.stream().filter(w -> builds.stream().noneMatch(b -> b.warnings().stream()
                    .anyMatch(own -> own.withReport(null).equals(w.withReport(null))))).toList();
        }
    }
}
