package dev.kiln.runtime.frontend.hcl;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.api.ConfigException;
import dev.kiln.api.Durations;
import dev.kiln.runtime.frontend.BuildSpec;
import dev.kiln.runtime.frontend.ComponentSpec;
import dev.kiln.runtime.frontend.ConfigResolver;
import dev.kiln.runtime.frontend.Interpolation;
import dev.kiln.runtime.frontend.ResolvedConfig;
import dev.kiln.runtime.frontend.RuntimeSettings;
import dev.kiln.runtime.frontend.SourcePosition;
import dev.kiln.runtime.frontend.TemplateProblem;
import dev.kiln.runtime.frontend.hcl.eval.DynamicBlocks;
import dev.kiln.runtime.frontend.hcl.eval.EvalContext;
import dev.kiln.runtime.frontend.hcl.eval.Evaluator;
import dev.kiln.runtime.frontend.hcl.eval.ExpandedBody;
import dev.kiln.runtime.frontend.hcl.syntax.Attribute;
import dev.kiln.runtime.frontend.hcl.syntax.Body;
import dev.kiln.runtime.frontend.hcl.syntax.Diagnostics;
import dev.kiln.runtime.frontend.hcl.syntax.Severity;
import dev.kiln.runtime.frontend.hcl.value.HclException;
import dev.kiln.runtime.frontend.hcl.value.HclType;
import dev.kiln.runtime.frontend.hcl.value.HclValue;
import dev.kiln.runtime.frontend.json.RenderContext;
import dev.kiln.runtime.frontend.json.TemplateEngine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates HCL2 component bodies for a build: {@code var}, {@code local}, {@code path}, {@code packer}, the build's
 * {@code source.type}/{@code source.name}, and for provisioners and post-processors {@code build.*}, whose
 * generated-data attributes evaluate to {@code {{ build `Key` }}} so that the component fills them while the build
 * runs, as it does for Packer JSON. Dynamic blocks are expanded first; nested blocks become objects (one block) or
 * lists of objects (several).
 */
final class HclConfigResolver implements ConfigResolver {
    /** Packer's generated data: what {@code build.*} offers besides {@code name}. */
    static final List<String> BUILD_DATA = List.of("ID", "Host", "Port", "User", "Password", "ConnType",
            "PackerRunUUID", "PackerHTTPAddr", "PackerHTTPIP", "PackerHTTPPort", "SSHPublicKey", "SSHPrivateKey",
            "WinRMPassword", "SourceImageName");
    private static final TemplateEngine ENGINE = new TemplateEngine();

    private final HclTemplate template;

    HclConfigResolver(HclTemplate template) {
        this.template = template;
    }

    /** {@code build.*} as a build's provisioners see it: placeholders rendered while the build runs. */
    static HclValue buildObject(String buildBlockName) {
        Map<String, HclValue> attrs = new LinkedHashMap<>();
        attrs.put("name", HclValue.string(buildBlockName == null ? "" : buildBlockName));
        for (String key : BUILD_DATA) {
            attrs.put(key, HclValue.string("{{ build `" + key + "` }}"));
        }
        return HclValue.object(attrs);
    }

    EvalContext context(ComponentSpec component, BuildSpec build) {
        HclTemplate.BuildInfo info = template.buildInfo(build.name());
        Map<String, HclValue> vars = new LinkedHashMap<>();
        Map<String, HclValue> source = new LinkedHashMap<>();
        source.put("type", HclValue.string(info == null ? build.type() : info.sourceType()));
        source.put("name", HclValue.string(info == null ? build.name() : info.sourceName()));
        vars.put("source", HclValue.object(source));
        if (!component.kind().equals(ComponentSpec.BUILDER)) {
            vars.put("build", buildObject(info == null ? null : info.buildBlockName()));
        }
        EvalContext ctx = template.context().child(vars);
        Map<String, HclValue> scope = HclComponentConfig.of(component).scope();
        return scope.isEmpty() ? ctx : ctx.child(scope);
    }

    @Override
    public ResolvedConfig resolve(ComponentSpec component, BuildSpec build) {
        HclComponentConfig config = HclComponentConfig.of(component);
        EvalContext ctx = context(component, build);
        ObjectNode tree = JsonNodeFactory.instance.objectNode();
        Map<String, SourcePosition> positions = new LinkedHashMap<>();
        Set<String> unknown = new LinkedHashSet<>();
        List<TemplateProblem> problems = new ArrayList<>();
        for (Body layer : config.layers()) {
            Diagnostics d = new Diagnostics();
            ExpandedBody body = DynamicBlocks.expand(layer, ctx, d);
            ObjectNode evaluated = evaluate(body, ctx, config.excluded(), "", positions, unknown, d, true);
            evaluated.properties().forEach(e -> tree.set(e.getKey(), e.getValue()));
            problems.addAll(template.problems().errors(d.toList(), component.path()));
        }
        Attribute override = lastAttribute(config, "override");
        if (override != null && component.kind().equals(ComponentSpec.PROVISIONER)) {
            applyOverride(override, ctx, component, build, tree, problems, unknown);
        }
        SourcePosition blockPosition = component.position();
        return new ResolvedConfig(component, tree, pointer -> at(positions, pointer, blockPosition), unknown,
                problems);
    }

    private void applyOverride(Attribute override, EvalContext ctx, ComponentSpec component, BuildSpec build,
                               ObjectNode tree, List<TemplateProblem> problems, Set<String> unknown) {
        Diagnostics d = new Diagnostics();
        HclValue v = Evaluator.evaluate(override.expression(), ctx, d);
        problems.addAll(template.problems().errors(d.toList(), component.path()));
        if (d.hasErrors() || v.isNull() || !(v.type().isObject() || v.type().isMap())) {
            return;
        }
        if (!v.isWhollyKnown()) {
            unknown.add("override");
            return;
        }
        HclTemplate.BuildInfo info = template.buildInfo(build.name());
        for (Map.Entry<String, HclValue> e : v.entries().entrySet()) {
            String key = e.getKey();
            boolean matches = key.equals(build.name()) || info != null && (key.equals(info.sourceType() + "."
                    + info.sourceName()) || key.equals("source." + info.sourceType() + "." + info.sourceName())
                    || key.equals(info.sourceName()));
            if (matches && e.getValue().isWhollyKnown() && !e.getValue().isNull()) {
                JsonNode node = e.getValue().toJsonNode();
                if (node.isObject()) {
                    node.properties().forEach(p -> tree.set(p.getKey(), p.getValue()));
                }
            }
        }
    }

    private ObjectNode evaluate(ExpandedBody body, EvalContext ctx, Set<String> excluded, String pointer,
                                Map<String, SourcePosition> positions, Set<String> unknown, Diagnostics d,
                                boolean top) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (ExpandedBody.ScopedAttribute sa : body.attributes()) {
            String name = sa.attribute().name();
            if (top && excluded.contains(name)) {
                continue;
            }
            positions.put(pointer + "/" + escape(name), HclProblems.position(sa.attribute().nameRange()));
            Diagnostics local = new Diagnostics();
            HclValue v = Evaluator.evaluate(sa.attribute().expression(), sa.context(ctx), local);
            d.addAll(local.toList());
            if (local.hasErrors()) {
                continue;
            }
            if (!v.isWhollyKnown()) {
                unknown.add(top ? name : pointer.substring(1).split("/")[0]);
                continue;
            }
            if (v.isNull()) {
                continue;
            }
            try {
                out.set(name, v.toJsonNode());
            } catch (HclException e) {
                unknown.add(top ? name : pointer.substring(1).split("/")[0]);
            }
        }
        Map<String, List<ExpandedBody.ExpandedBlock>> byType = new LinkedHashMap<>();
        for (ExpandedBody.ExpandedBlock b : body.blocks()) {
            if (top && excluded.contains(b.type())) {
                continue;
            }
            byType.computeIfAbsent(b.type(), k -> new ArrayList<>()).add(b);
        }
        for (Map.Entry<String, List<ExpandedBody.ExpandedBlock>> e : byType.entrySet()) {
            String base = pointer + "/" + escape(e.getKey());
            positions.put(base, HclProblems.position(e.getValue().get(0).source().typeRange()));
            if (e.getValue().size() == 1) {
                out.set(e.getKey(), evaluate(e.getValue().get(0).body(), ctx, excluded, base, positions, unknown, d,
                        false));
            } else {
                ArrayNode list = out.putArray(e.getKey());
                for (int i = 0; i < e.getValue().size(); i++) {
                    ExpandedBody.ExpandedBlock b = e.getValue().get(i);
                    positions.put(base + "/" + i, HclProblems.position(b.source().typeRange()));
                    list.add(evaluate(b.body(), ctx, excluded, base + "/" + i, positions, unknown, d, false));
                }
            }
        }
        return out;
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static SourcePosition at(Map<String, SourcePosition> positions, JsonPointer pointer,
                                     SourcePosition fallback) {
        String p = pointer.toString();
        while (!p.isEmpty()) {
            SourcePosition found = positions.get(p);
            if (found != null) {
                return found;
            }
            p = p.substring(0, p.lastIndexOf('/'));
        }
        return fallback;
    }

    private static Attribute lastAttribute(HclComponentConfig config, String name) {
        Attribute found = null;
        for (Body b : config.layers()) {
            Attribute a = b.attribute(name);
            if (a != null) {
                found = a;
            }
        }
        return found;
    }

    @Override
    public RuntimeSettings settings(ComponentSpec component, BuildSpec build, List<TemplateProblem> problems) {
        HclComponentConfig config = HclComponentConfig.of(component);
        EvalContext ctx = context(component, build);
        Duration pause = duration(config, "pause_before", ctx, component, problems);
        Duration timeout = duration(config, "timeout", ctx, component, problems);
        int retries = 0;
        Attribute a = lastAttribute(config, "max_retries");
        if (a != null) {
            HclValue v = value(a, ctx, component, problems);
            if (v != null) {
                try {
                    retries = v.type() == HclType.NUMBER ? v.asBigDecimal().intValueExact()
                            : Integer.parseInt(v.asString().trim());
                } catch (ArithmeticException | NumberFormatException | IllegalStateException e) {
                    problems.add(new TemplateProblem(HclProblems.position(a.expression().range()),
                            component.path() + ".max_retries", "max_retries: " + v + " is not a whole number"));
                }
            }
        }
        return new RuntimeSettings(pause, timeout, retries);
    }

    private Duration duration(HclComponentConfig config, String key, EvalContext ctx, ComponentSpec component,
                              List<TemplateProblem> problems) {
        Attribute a = lastAttribute(config, key);
        if (a == null) {
            return Duration.ZERO;
        }
        HclValue v = value(a, ctx, component, problems);
        if (v == null) {
            return Duration.ZERO;
        }
        try {
            String text = v.type() == HclType.NUMBER ? v.asBigDecimal().toPlainString() + "s" : v.asString();
            return Durations.parse(text, key);
        } catch (ConfigException | IllegalStateException e) {
            problems.add(new TemplateProblem(HclProblems.position(a.expression().range()), component.path() + "."
                    + key, e.getMessage()));
            return Duration.ZERO;
        }
    }

    /** The known, non-null value of a settings attribute, or null (problems added). */
    private HclValue value(Attribute a, EvalContext ctx, ComponentSpec component,
                                  List<TemplateProblem> problems) {
        Diagnostics d = new Diagnostics();
        HclValue v = Evaluator.evaluate(a.expression(), ctx, d);
        problems.addAll(template.problems().errors(d.toList(), component.path()));
        if (d.hasErrors() || !v.isKnown() || v.isNull()) {
            return null;
        }
        if (v.type() != HclType.NUMBER && v.type() != HclType.STRING) {
            problems.add(new TemplateProblem(HclProblems.position(a.expression().range()), component.path() + "."
                    + a.name(), a.name() + ": a string or a number is required, got " + v.type().friendlyName()));
            return null;
        }
        return v;
    }

    /** A problem without a report gets one at its line and column, with the template's source line. */
    @Override
    public TemplateProblem report(TemplateProblem problem, boolean warning) {
        return problem.report() != null ? problem : template.problems().at(problem,
                warning ? Severity.WARNING : Severity.ERROR);
    }

    @Override
    public Interpolation interpolation(BuildSpec build) {
        RenderContext context = new RenderContext(Map.of(), false, template.input().environment(), build.name(),
                build.type(), template.rootDir(), template.input().workingDir(), template.input().now(),
                template.input().kilnVersion(), Map.of(), false);
        return (text, data) -> ENGINE.render(text, context.withData(data));
    }

}
