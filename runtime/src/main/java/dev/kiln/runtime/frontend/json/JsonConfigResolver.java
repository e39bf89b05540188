package dev.kiln.runtime.frontend.json;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.kiln.api.ConfigException;
import dev.kiln.api.Durations;
import dev.kiln.runtime.frontend.BuildSpec;
import dev.kiln.runtime.frontend.ComponentSpec;
import dev.kiln.runtime.frontend.ConfigResolver;
import dev.kiln.runtime.frontend.Interpolation;
import dev.kiln.runtime.frontend.KeyPaths;
import dev.kiln.runtime.frontend.ResolvedConfig;
import dev.kiln.runtime.frontend.RuntimeSettings;
import dev.kiln.runtime.frontend.TemplateProblem;
import dev.kiln.runtime.frontend.ValuePositions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves Packer JSON blocks for a build: renders every string of the block's config (leniently, so
 * {@code {{.Image}}} and generated data survive for the component to render itself), map keys below the options
 * included, as Packer does. One resolver serves one plan; what all its renderings produce together is limited by
 * one {@link RenderBudget}.
 */
public final class JsonConfigResolver implements ConfigResolver {

    private static final TemplateEngine ENGINE = new TemplateEngine();

    private final LoadedTemplate template;
    private final RenderBudget budget = new RenderBudget();

    JsonConfigResolver(LoadedTemplate template) {
        this.template = template;
    }

    @Override
    public ResolvedConfig resolve(ComponentSpec component, BuildSpec build) {
        BlockNode block = JsonComponentConfig.blockOf(component).forBuild(build.name());
        return render(component, block, template.renderContext(build.name(), build.type(), true), budget);
    }

    @Override
    public RuntimeSettings settings(ComponentSpec component, BuildSpec build, List<TemplateProblem> problems) {
        BlockNode block = JsonComponentConfig.blockOf(component);
        RenderContext context = template.renderContext(build.name(), build.type(), true);
        Duration pause = duration(block, "pause_before", block.pauseBefore(), context, problems);
        Duration timeout = duration(block, "timeout", block.timeout(), context, problems);
        int retries = retries(block, context, problems);
        return new RuntimeSettings(pause, timeout, retries);
    }

    @Override
    public Interpolation interpolation(BuildSpec build) {
        return template.interpolation(build.name(), build.type());
    }

    /**
     * Renders {@code block}'s config in {@code ctx} (always leniently), taking what is rendered from {@code budget}.
     * A string that uses a variable of {@link RenderContext#unknownVariables()} is left as written and its option
     * named in {@link ResolvedConfig#unknown()}; so is every option rendered after the budget is spent (the first
     * rendering past it is a problem). An option that fails to render is a problem and is left out.
     */
    public static ResolvedConfig render(BlockNode block, RenderContext ctx, RenderBudget budget) {
        return render(JsonComponentConfig.spec(block), block, ctx, budget);
    }

    private static ResolvedConfig render(ComponentSpec component, BlockNode block, RenderContext ctx,
                                         RenderBudget budget) {
        SourceMap sourceMap = block.config() instanceof SourcedConfig sourced ? sourced.sourceMap() : null;
        ValuePositions positions = relative -> sourceMap == null ? block.position()
                : sourceMap.at(block.pointer().append(relative));
        List<TemplateProblem> problems = new ArrayList<>();
        Reporter reporter = (relative, message) ->
                problems.add(new TemplateProblem(positions.at(relative), block.path(), message));
        ObjectNode config = block.config().deepCopy();
        Set<String> failed = new LinkedHashSet<>();
        Set<String> unknown = new LinkedHashSet<>();
        render(config, JsonPointer.empty(), "", ctx.withLenient(true), reporter, failed, unknown, budget);
        failed.forEach(config::remove);
        return new ResolvedConfig(component, config, positions, unknown, problems);
    }

    /** Where a problem is (relative to the block) and what it is. */
    @FunctionalInterface
    private interface Reporter {
        void report(JsonPointer relative, String message);
    }

    private static void render(JsonNode node, JsonPointer pointer, String path, RenderContext ctx,
                               Reporter reporter, Set<String> failed, Set<String> unknown, RenderBudget budget) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(object.properties());
            boolean nested = !pointer.matches(); // below the block's own option names: keys of map options
            if (nested) {
                object.removeAll();
            }
            for (Map.Entry<String, JsonNode> entry : entries) {
                JsonPointer child = pointer.appendProperty(entry.getKey());
                String childPath = KeyPaths.member(path, entry.getKey());
                // Packer renders map keys as well as values, e.g. volumes: {"{{user `cache`}}": "/cache"}
                String key = nested && entry.getKey().contains("{{")
                        ? renderOne(entry.getKey(), child, childPath, ctx, reporter, failed, unknown, budget)
                        : entry.getKey();
                if (entry.getValue().isTextual()) {
                    String rendered = renderOne(entry.getValue().asText(), child, childPath, ctx, reporter, failed,
                            unknown, budget);
                    object.set(key, TextNode.valueOf(rendered));
                } else {
                    render(entry.getValue(), child, childPath, ctx, reporter, failed, unknown, budget);
                    object.set(key, entry.getValue());
                }
            }
        } else if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                JsonPointer child = pointer.appendIndex(i);
                String childPath = KeyPaths.index(path, i);
                if (array.get(i).isTextual()) {
                    array.set(i, TextNode.valueOf(renderOne(array.get(i).asText(), child, childPath, ctx, reporter,
                            failed, unknown, budget)));
                } else {
                    render(array.get(i), child, childPath, ctx, reporter, failed, unknown, budget);
                }
            }
        }
    }

    private static String renderOne(String text, JsonPointer pointer, String path, RenderContext ctx,
                                    Reporter reporter, Set<String> failed, Set<String> unknown,
                                    RenderBudget budget) {
        if (budget.exceeded()) {
            unknown.add(pointer.getMatchingProperty()); // reported once already; no checks on what is left out
            return text;
        }
        try {
            String rendered = ENGINE.render(text, ctx);
            if (!budget.take(rendered.length())) {
                reporter.report(pointer, "option '" + path + "': " + budget.reason());
                unknown.add(pointer.getMatchingProperty());
                return text;
            }
            return rendered;
        } catch (RenderException e) {
            if (e.unknownVariable() != null) {
                unknown.add(pointer.getMatchingProperty()); // not this option's fault; its value is checked once known
                return text;
            }
            reporter.report(pointer, "option '" + path + "': " + e.getMessage());
            failed.add(pointer.getMatchingProperty());
            return text;
        }
    }

    // ---- the runtime's own settings --------------------------------------------------------------------------------

    private static Duration duration(BlockNode block, String key, String text, RenderContext context,
                                     List<TemplateProblem> problems) {
        try {
            return text == null ? Duration.ZERO : Durations.parse(ENGINE.render(text, context), key);
        } catch (ConfigException e) {
            if (!usesUnknownVariable(e)) {
                problems.add(new TemplateProblem(block.positionOf(key), block.path() + "." + key, e.getMessage()));
            }
            return Duration.ZERO;
        }
    }

    private static int retries(BlockNode block, RenderContext context, List<TemplateProblem> problems) {
        if (block.maxRetries() == null) {
            return 0;
        }
        String text = "";
        try {
            text = ENGINE.render(block.maxRetries(), context).trim();
            return text.isEmpty() ? 0 : Integer.parseInt(text);
        } catch (NumberFormatException | ConfigException e) {
            if (!usesUnknownVariable(e)) {
                boolean digits = text.matches("[+-]?[0-9]+"); // a whole number too large for an int
                problems.add(new TemplateProblem(block.positionOf("max_retries"), block.path() + ".max_retries",
                        "max_retries: '" + block.maxRetries() + "' is "
                                + (digits ? "out of range: at most " + Integer.MAX_VALUE : "not a whole number")));
            }
            return 0;
        }
    }

    /** A value that uses a variable whose value is not known cannot be checked yet; that is no problem of its own. */
    private static boolean usesUnknownVariable(RuntimeException e) {
        return e instanceof RenderException && ((RenderException) e).unknownVariable() != null;
    }
}
