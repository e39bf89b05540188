package dev.kiln.runtime.frontend.hcl.eval;

import dev.kiln.runtime.frontend.hcl.syntax.Attribute;
import dev.kiln.runtime.frontend.hcl.syntax.Block;
import dev.kiln.runtime.frontend.hcl.syntax.Body;
import dev.kiln.runtime.frontend.hcl.syntax.Diagnostic;
import dev.kiln.runtime.frontend.hcl.syntax.Diagnostics;
import dev.kiln.runtime.frontend.hcl.syntax.StaticAnalysis;
import dev.kiln.runtime.frontend.hcl.value.ConversionException;
import dev.kiln.runtime.frontend.hcl.value.HclConvert;
import dev.kiln.runtime.frontend.hcl.value.HclOperations;
import dev.kiln.runtime.frontend.hcl.value.HclType;
import dev.kiln.runtime.frontend.hcl.value.HclValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Expands {@code dynamic "TYPE" { for_each, iterator, labels, content {} }} blocks into the blocks they generate, as
 * {@code ext/dynblock} does, at any depth (dynamic blocks inside content and inside plain nested blocks). The
 * iterator ({@code TYPE} unless {@code iterator} names another) is an object with {@code key} and {@code value}.
 */
public final class DynamicBlocks {
    private static final Set<String> DYNAMIC_ATTRIBUTES = Set.of("for_each", "iterator", "labels");

    private DynamicBlocks() {
    }

    /**
     * {@code body} with every dynamic block expanded; {@code for_each} and {@code labels} are evaluated in
     * {@code ctx} (with the enclosing iterators).
     */
    public static ExpandedBody expand(Body body, EvalContext ctx, Diagnostics d) {
        return expand(body, ctx, Map.of(), d);
    }

    private static ExpandedBody expand(Body body, EvalContext ctx, Map<String, HclValue> scope, Diagnostics d) {
        List<ExpandedBody.ScopedAttribute> attrs = new ArrayList<>();
        for (Attribute a : body.attributes()) {
            attrs.add(new ExpandedBody.ScopedAttribute(a, scope));
        }
        List<ExpandedBody.ExpandedBlock> blocks = new ArrayList<>();
        for (Block b : body.blocks()) {
            if (b.type().equals("dynamic")) {
                blocks.addAll(dynamic(b, ctx, scope, d, true));
            } else {
                blocks.add(new ExpandedBody.ExpandedBlock(b.type(), b.labels(), expand(b.body(), ctx, scope, d), b,
                        scope));
            }
        }
        return new ExpandedBody(attrs, blocks, body.range());
    }

    /**
     * The blocks one {@code dynamic} block generates, without expanding anything inside them: each has its
     * iterator in {@link ExpandedBody.ExpandedBlock#scope()} and the {@code content} body as written (so dynamic
     * blocks nested in it are expanded later, e.g. per build).
     */
    public static List<ExpandedBody.ExpandedBlock> generate(Block dynamic, EvalContext ctx, Diagnostics d) {
        return dynamic(dynamic, ctx, Map.of(), d, false);
    }

    /** The {@code content} body of a {@code dynamic} block (which {@link #generate} checked has one). */
    public static Body content(Block dynamic) {
        return dynamic.body().blocks("content").get(0).body();
    }

    private static List<ExpandedBody.ExpandedBlock> dynamic(Block b, EvalContext ctx, Map<String, HclValue> scope,
                                                            Diagnostics d, boolean deep) {
        if (b.labels().size() != 1) {
            d.add(Diagnostic.error(b.labels().isEmpty() ? "Missing name for dynamic" : "Extraneous label for dynamic",
                    "A dynamic block has one label: the type of the blocks to generate.", b.defRange()));
            return List.of();
        }
        String type = b.labels().get(0);
        Body body = b.body();
        for (Attribute a : body.attributes()) {
            if (!DYNAMIC_ATTRIBUTES.contains(a.name())) {
                d.add(Diagnostic.error("Unsupported argument", "An argument named \"" + a.name() + "\" is not"
                        + " expected here.", a.nameRange()));
            }
        }
        Attribute forEach = body.attribute("for_each");
        if (forEach == null) {
            d.add(Diagnostic.error("Missing required argument", "The argument \"for_each\" is required, but no"
                    + " definition was found.", b.openBraceRange()));
            return List.of();
        }
        List<Block> contents = body.blocks("content");
        if (contents.size() != 1) {
            d.add(Diagnostic.error(contents.isEmpty() ? "Missing content block" : "Duplicate content block",
                    "A dynamic block must have exactly one nested \"content\" block.", b.defRange()));
            return List.of();
        }
        String iterator = type;
        Attribute it = body.attribute("iterator");
        if (it != null) {
            Optional<String> name = StaticAnalysis.keyword(it.expression());
            if (name.isEmpty()) {
                d.add(Diagnostic.error("Invalid dynamic iterator name", "Dynamic iterator must be a single variable"
                        + " name.", it.expression().range()));
                return List.of();
            }
            iterator = name.get();
        }
        EvalContext outer = scope.isEmpty() ? ctx : ctx.child(scope);
        HclValue coll = Evaluator.evaluate(forEach.expression(), outer, d);
        if (coll.isNull()) {
            d.add(Diagnostic.error("Invalid dynamic for_each value", "Cannot use a null value in for_each.",
                    forEach.expression().range()));
            return List.of();
        }
        if (!HclOperations.canIterate(coll.type())) {
            d.add(Diagnostic.error("Invalid dynamic for_each value", "Cannot use a " + coll.type().friendlyName()
                    + " value in for_each. An iterable collection is required.", forEach.expression().range()));
            return List.of();
        }
        if (!coll.isKnown() || coll.type() == HclType.DYNAMIC) {
            return List.of();
        }
        List<ExpandedBody.ExpandedBlock> out = new ArrayList<>();
        Attribute labelsAttr = body.attribute("labels");
        for (Map.Entry<HclValue, HclValue> item : HclOperations.iterate(coll)) {
            Map<String, HclValue> inner = new HashMap<>(scope);
            Map<String, HclValue> iter = new LinkedHashMap<>();
            iter.put("key", item.getKey());
            iter.put("value", item.getValue());
            inner.put(iterator, HclValue.object(iter));
            List<String> labels = new ArrayList<>();
            if (labelsAttr != null) {
                HclValue lv = Evaluator.evaluate(labelsAttr.expression(), ctx.child(inner), d);
                try {
                    HclValue list = HclConvert.convert(lv, HclType.list(HclType.STRING));
                    if (!list.isWhollyKnown() || list.isNull()) {
                        d.add(Diagnostic.error("Invalid dynamic block label", "The labels of a dynamic block must be"
                                + " known strings.", labelsAttr.expression().range()));
                        continue;
                    }
                    list.elements().forEach(l -> labels.add(l.asString()));
                } catch (ConversionException x) {
                    d.add(Diagnostic.error("Invalid dynamic block label", "Cannot use this value as the labels: "
                            + x.getMessage() + ".", labelsAttr.expression().range()));
                    continue;
                }
            }
            ExpandedBody content = deep ? expand(contents.get(0).body(), ctx, inner, d)
                    : ExpandedBody.plain(contents.get(0).body());
            out.add(new ExpandedBody.ExpandedBlock(type, labels, content, b, inner));
        }
        return out;
    }
}
