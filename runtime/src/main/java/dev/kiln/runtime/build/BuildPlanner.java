package dev.kiln.runtime.build;

import com.fasterxml.jackson.core.JsonPointer;
import dev.kiln.api.Component;
import dev.kiln.api.ConfigProblem;
import dev.kiln.api.ConfigException;
import dev.kiln.runtime.discovery.ComponentKind;
import dev.kiln.runtime.discovery.ComponentRegistry;
import dev.kiln.runtime.discovery.RegisteredComponent;
import dev.kiln.runtime.template.BlockNode;
import dev.kiln.runtime.template.ConfigBinder;
import dev.kiln.api.Durations;
import dev.kiln.runtime.template.RenderBudget;
import dev.kiln.runtime.template.RenderContext;
import dev.kiln.runtime.template.RenderException;
import dev.kiln.runtime.template.TemplateEngine;
import dev.kiln.runtime.template.TemplateProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a loaded template into the builds to run: selects builds with {@code -only}/{@code -except}, finds every
 * component, binds and validates every config, and collects every problem, so the user sees them all before any
 * container starts.
 */
public final class BuildPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(BuildPlanner.class);

    private final ComponentRegistry registry;
    private final ConfigBinder binder;
    private final TemplateEngine engine = new TemplateEngine();

    /** Creates a planner over {@code registry}. */
    public BuildPlanner(ComponentRegistry registry, ConfigBinder binder) {
        this.registry = registry;
        this.binder = binder;
    }

    /**
     * The builds of {@code template} selected by {@code only}/{@code except} (build names), or the problems found,
     * with sensitive values masked: the template's variable problems first, then every other. A value that uses a
     * variable whose value is not known is not checked, and neither is the component it configures, so a missing
     * variable adds no problems of its own beyond the one naming it.
     */
    public Plan plan(LoadedTemplate template, List<String> only, List<String> except) {
        Set<TemplateProblem> problems = new LinkedHashSet<>(template.problems());
        Set<TemplateProblem> warnings = new LinkedHashSet<>();
        checkMinPackerVersion(template, problems);
        Masker masker = new Masker(template.sensitiveValues()); // validate() messages quote rendered values
        List<PreparedBuild> builds = new ArrayList<>();
        RenderBudget budget = new RenderBudget(); // every build's options together
        for (BlockNode block : template.template().builders()) {
            if (!only.isEmpty() && !only.contains(block.name()) || except.contains(block.name())) {
                warnIfNotInstalled(block, warnings); // templates mix docker with builders Kiln does not have
                continue;
            }
            PreparedBuild build = prepareBuild(template, block, except, problems, warnings, masker, budget);
            if (build != null) {
                builds.add(build);
            }
        }
        return new Plan(builds, mask(problems, masker), mask(warnings, masker));
    }

    private static List<TemplateProblem> mask(Set<TemplateProblem> found, Masker masker) {
        return found.stream().map(p -> new TemplateProblem(p.position(), p.path(), masker.mask(p.message()))).toList();
    }

    private void warnIfNotInstalled(BlockNode block, Set<TemplateProblem> warnings) {
        try {
            registry.lookup(ComponentKind.BUILDER, block.type());
        } catch (ConfigException e) {
            warnings.add(new TemplateProblem(block.position(), block.path(), "builder type '" + block.type()
                    + "' is not installed; build '" + block.name() + "' is not selected (-only/-except), so it is "
                    + "skipped"));
        }
    }

    /** Kiln implements the template format of this Packer version. */
    static final String PACKER_COMPATIBILITY = "1.6.6";

    private static void checkMinPackerVersion(LoadedTemplate template, Set<TemplateProblem> problems) {
        String wanted = template.template().minPackerVersion();
        if (wanted == null || wanted.isBlank()) {
            return;
        }
        var position = template.template().sourceMap().at(JsonPointer.compile("/min_packer_version"));
        if (!wanted.trim().matches("v?\\d+(\\.\\d+)*")) {
            problems.add(new TemplateProblem(position, "min_packer_version",
                    "min_packer_version '" + wanted + "' is not a version like '1.6.0'"));
        } else if (compareVersions(wanted.trim().replaceFirst("^v", ""), PACKER_COMPATIBILITY) > 0) {
            problems.add(new TemplateProblem(position, "min_packer_version", "This template requires Packer version "
                    + wanted + " or higher; Kiln implements Packer " + PACKER_COMPATIBILITY + "'s template format."));
        }
    }

    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int left = i < x.length ? Integer.parseInt(x[i]) : 0;
            int right = i < y.length ? Integer.parseInt(y[i]) : 0;
            if (left != right) {
                return Integer.compare(left, right);
            }
        }
        return 0;
    }

    private PreparedBuild prepareBuild(LoadedTemplate template, BlockNode block, List<String> except,
                                       Set<TemplateProblem> problems, Set<TemplateProblem> allWarnings,
                                       Masker masker, RenderBudget budget) {
        RenderContext lenient = template.renderContext(block.name(), block.type(), true);
        int before = problems.size();
        Set<TemplateProblem> warnings = new LinkedHashSet<>();
        RegisteredComponent builder = lookup(ComponentKind.BUILDER, block, problems);
        Record config = builder == null ? null
                : bindAndValidate(builder, block, lenient, problems, warnings, budget);

        List<PreparedComponent> provisioners = new ArrayList<>();
        for (BlockNode provisioner : template.template().provisioners()) {
            if (provisioner.appliesTo(block.name())) {
                BlockNode effective = provisioner.forBuild(block.name());
                PreparedComponent prepared = prepare(ComponentKind.PROVISIONER, effective, lenient, problems,
                        warnings, budget);
                if (prepared != null) {
                    provisioners.add(prepared);
                }
            }
        }
        BlockNode cleanupBlock = template.template().errorCleanupProvisioner();
        PreparedComponent errorCleanup = cleanupBlock == null || !cleanupBlock.appliesTo(block.name()) ? null
                : prepare(ComponentKind.PROVISIONER, cleanupBlock.forBuild(block.name()), lenient, problems,
                        warnings, budget);
        List<List<PreparedComponent>> sequences = new ArrayList<>();
        for (List<BlockNode> sequence : template.template().postProcessors()) {
            List<PreparedComponent> prepared = new ArrayList<>();
            for (BlockNode postProcessor : sequence) {
                if (except.contains(postProcessor.name())) {
                    break; // Packer: -except on a post-processor drops it and the rest of its sequence
                }
                if (postProcessor.appliesTo(block.name())) {
                    PreparedComponent component = prepare(ComponentKind.POST_PROCESSOR, postProcessor, lenient,
                            problems, warnings, budget);
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
        others.forEach(c -> parts.add(new OutputGuard.Part(c.block(), c.component().component(), c.config())));
        List<TemplateProblem> overwrites = OutputGuard.check(template, parts);
        if (!overwrites.isEmpty()) {
            problems.addAll(mask(new LinkedHashSet<>(overwrites), masker));
            return null;
        }
        return new PreparedBuild(block.name(), builder, config, List.copyOf(provisioners), errorCleanup,
                List.copyOf(sequences),
                template.renderContext(block.name(), block.type(), false),
                mask(warnings, masker));
    }

    private PreparedComponent prepare(ComponentKind kind, BlockNode block, RenderContext context,
                                      Set<TemplateProblem> problems, Set<TemplateProblem> warnings,
                                      RenderBudget budget) {
        RegisteredComponent component = lookup(kind, block, problems);
        if (component == null) {
            return null;
        }
        Record config = bindAndValidate(component, block, context, problems, warnings, budget);
        Duration pause = duration(block, "pause_before", block.pauseBefore(), context, problems);
        Duration timeout = duration(block, "timeout", block.timeout(), context, problems);
        int retries = retries(block, context, problems);
        return config == null ? null : new PreparedComponent(block, component, config, pause, timeout, retries);
    }

    private RegisteredComponent lookup(ComponentKind kind, BlockNode block, Set<TemplateProblem> problems) {
        try {
            return registry.lookup(kind, block.type());
        } catch (ConfigException e) {
            problems.add(new TemplateProblem(block.position(), block.path(), e.getMessage()));
            return null;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Record bindAndValidate(RegisteredComponent registered, BlockNode block, RenderContext context,
                                   Set<TemplateProblem> problems, Set<TemplateProblem> warnings,
                                   RenderBudget budget) {
        Component component = registered.component();
        List<TemplateProblem> found = new ArrayList<>();
        Set<String> unknown = new LinkedHashSet<>();
        Record config = binder.bind(withoutIgnoredOptions(registered, block, warnings), component.configType(),
                context, found, unknown, budget);
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
    private static BlockNode withoutIgnoredOptions(RegisteredComponent registered, BlockNode block,
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
        Set<String> keys = new LinkedHashSet<>();
        block.config().fieldNames().forEachRemaining(keys::add);
        if (block.override() != null) {
            block.override().values().forEach(o -> o.fieldNames().forEachRemaining(keys::add));
        }
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

    private Duration duration(BlockNode block, String key, String text, RenderContext context,
                              Set<TemplateProblem> problems) {
        try {
            return text == null ? Duration.ZERO : Durations.parse(engine.render(text, context), key);
        } catch (ConfigException e) {
            if (!usesUnknownVariable(e)) {
                problems.add(new TemplateProblem(block.positionOf(key), block.path() + "." + key, e.getMessage()));
            }
            return Duration.ZERO;
        }
    }

    private int retries(BlockNode block, RenderContext context, Set<TemplateProblem> problems) {
        if (block.maxRetries() == null) {
            return 0;
        }
        try {
            String text = engine.render(block.maxRetries(), context).trim();
            return text.isEmpty() ? 0 : Integer.parseInt(text);
        } catch (NumberFormatException | ConfigException e) {
            if (!usesUnknownVariable(e)) {
                problems.add(new TemplateProblem(block.positionOf("max_retries"), block.path() + ".max_retries",
                        "max_retries: '" + block.maxRetries() + "' is not a whole number"));
            }
            return 0;
        }
    }

    /** A value that uses a variable whose value is not known cannot be checked yet; that is no problem of its own. */
    private static boolean usesUnknownVariable(RuntimeException e) {
        return e instanceof RenderException && ((RenderException) e).unknownVariable() != null;
    }

    /**
     * The planned builds, or why none can run.
     *
     * @param builds the builds to run, in template order
     * @param problems every problem found; when not empty, nothing should run
     * @param warnings what is worth telling but does not stop a build, such as options that are ignored
     */
    public record Plan(List<PreparedBuild> builds, List<TemplateProblem> problems, List<TemplateProblem> warnings) {

        /** The warnings that no selected build reports when it starts, such as builds skipped by -only/-except. */
        public List<TemplateProblem> warningsOutsideBuilds() {
            return warnings.stream().filter(w -> builds.stream().noneMatch(b -> b.warnings().contains(w))).toList();
        }
    }
}
