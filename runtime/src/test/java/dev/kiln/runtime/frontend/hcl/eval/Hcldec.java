package dev.kiln.runtime.frontend.hcl.eval;

import dev.kiln.runtime.frontend.hcl.syntax.Attribute;
import dev.kiln.runtime.frontend.hcl.syntax.Block;
import dev.kiln.runtime.frontend.hcl.syntax.Body;
import dev.kiln.runtime.frontend.hcl.syntax.Diagnostic;
import dev.kiln.runtime.frontend.hcl.syntax.Diagnostics;
import dev.kiln.runtime.frontend.hcl.value.ConversionException;
import dev.kiln.runtime.frontend.hcl.value.HclConvert;
import dev.kiln.runtime.frontend.hcl.value.HclType;
import dev.kiln.runtime.frontend.hcl.value.HclValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part of {@code hcldec} (hcl's {@code cmd/hcldec}, its spec format in {@code spec-format.md}) that hcl's
 * {@code specsuite} uses, written anew for Kiln's tests: a spec file is an optional {@code variables} block and one
 * spec block; the spec forms are {@code object}, {@code array}, {@code attr}, {@code block}, {@code block_list},
 * {@code block_set}, {@code block_map}, {@code literal} and {@code default}. Each body a spec reads is checked against
 * the names its specs expect, so an attribute or block no spec names is an error ({@code Unsupported argument},
 * {@code Unsupported block type}) at its name, as hcl's {@code Body.Content} reports it.
 */
final class Hcldec {
    private static final Set<String> SPECS = Set.of("object", "array", "attr", "block", "block_list", "block_set",
            "block_map", "literal", "default");

    private final EvalContext context;
    private final Diagnostics diagnostics = new Diagnostics();
    private final Block root;

    /** Reads a spec file's body: its {@code variables} block (evaluated without variables) and its spec block. */
    Hcldec(Body specFile) {
        Map<String, HclValue> variables = new LinkedHashMap<>();
        Block spec = null;
        for (Block b : specFile.blocks()) {
            if (b.type().equals("variables")) {
                for (Attribute a : b.body().attributes()) {
                    variables.put(a.name(), Evaluator.evaluate(a.expression(), EvalContext.of(Map.of(), Map.of()),
                            diagnostics));
                }
            } else if (spec == null && SPECS.contains(b.type())) {
                spec = b;
            } else {
                throw new IllegalArgumentException("not a spec this harness has: " + b.header());
            }
        }
        if (spec == null) {
            throw new IllegalArgumentException("the spec file has no spec block");
        }
        this.root = spec;
        this.context = EvalContext.of(variables, Map.of());
    }

    /** Decodes {@code body} with the spec; the problems found are in {@link #diagnostics()}. */
    HclValue decode(Body body) {
        checkContent(body, List.of(root), null);
        return decode(root, body, null);
    }

    /** What went wrong: the variables', then the decode's. */
    List<Diagnostic> diagnostics() {
        return diagnostics.toList();
    }

    private HclValue decode(Block spec, Body body, String defaultName) {
        switch (spec.type()) {
            case "literal" -> {
                return Evaluator.evaluate(attribute(spec, "value").expression(), EvalContext.of(Map.of(), Map.of()),
                        diagnostics);
            }
            case "object" -> {
                Map<String, HclValue> attributes = new LinkedHashMap<>();
                for (Block child : spec.body().blocks()) {
                    attributes.put(child.labels().get(0), decode(child, body, child.labels().get(0)));
                }
                return HclValue.object(attributes);
            }
            case "array" -> {
                return HclValue.tuple(spec.body().blocks().stream().map(c -> decode(c, body, null)).toList());
            }
            case "default" -> {
                HclValue last = HclValue.NULL;
                for (Block child : spec.body().blocks()) {
                    last = decode(child, body, defaultName);
                    if (!last.isNull()) {
                        return last;
                    }
                }
                return last;
            }
            case "attr" -> {
                return attr(spec, body, defaultName);
            }
            case "block" -> {
                List<Block> blocks = body.blocks(blockType(spec, defaultName));
                Block nested = nested(spec);
                if (blocks.size() > 1) {
                    error("Duplicate " + blocks.get(0).type() + " block", "Only one block of this type is allowed.",
                            blocks.get(1));
                }
                if (blocks.isEmpty()) {
                    if (bool(spec, "required")) {
                        diagnostics.add(Diagnostic.error("Missing " + blockType(spec, defaultName) + " block", "A"
                                + " block of this type is required.", body.range()));
                    }
                    return HclValue.nullOf(impliedType(nested, null));
                }
                return nestedValue(nested, blocks.get(0));
            }
            case "block_list", "block_set" -> {
                Block nested = nested(spec);
                List<HclValue> items = new ArrayList<>();
                for (Block b : body.blocks(blockType(spec, defaultName))) {
                    items.add(nestedValue(nested, b));
                }
                boolean set = spec.type().equals("block_set");
                if (items.isEmpty()) {
                    HclType element = impliedType(nested, null);
                    return set ? HclValue.emptySet(element) : HclValue.emptyList(element);
                }
                if (new LinkedHashSet<>(items.stream().map(HclValue::type).toList()).size() > 1) {
                    return HclValue.tuple(items);
                }
                return set ? HclValue.set(items) : HclValue.list(items);
            }
            case "block_map" -> {
                Block nested = nested(spec);
                int labels = strings(spec, "labels").size();
                Map<String, Object> tree = new LinkedHashMap<>();
                for (Block b : body.blocks(blockType(spec, defaultName))) {
                    if (b.labels().size() != labels) {
                        error("Wrong number of labels", "This block needs " + labels + " labels.", b);
                        continue;
                    }
                    Map<String, Object> level = tree;
                    for (int i = 0; i < labels - 1; i++) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> next = (Map<String, Object>) level.computeIfAbsent(b.labels().get(i),
                                k -> new LinkedHashMap<String, Object>());
                        level = next;
                    }
                    level.put(b.labels().get(labels - 1), nestedValue(nested, b));
                }
                return mapOf(tree, impliedType(nested, null), labels);
            }
            default -> throw new IllegalArgumentException("not a spec this harness has: " + spec.header());
        }
    }

    private HclValue attr(Block spec, Body body, String defaultName) {
        String name = spec.body().attribute("name") != null ? string(spec, "name") : defaultName;
        HclType type = type(spec);
        Attribute a = body.attribute(name);
        if (a == null) {
            if (bool(spec, "required")) {
                diagnostics.add(Diagnostic.error("Missing required argument", "The argument \"" + name + "\" is"
                        + " required, but no definition was found.", body.range()));
            }
            return HclValue.nullOf(type);
        }
        HclValue v = Evaluator.evaluate(a.expression(), context, diagnostics);
        try {
            return HclConvert.convert(v, type);
        } catch (ConversionException e) {
            diagnostics.add(Diagnostic.error("Incorrect attribute value type", "Inappropriate value for attribute \""
                    + name + "\": " + e.getMessage() + ".", a.expression().range()));
            return HclValue.unknown(type);
        }
    }

    /** The nested spec applied to {@code block}'s body, after checking that body's content. */
    private HclValue nestedValue(Block nested, Block block) {
        checkContent(block.body(), List.of(nested), null);
        return decode(nested, block.body(), null);
    }

    private static HclValue mapOf(Map<String, Object> tree, HclType leaf, int depth) {
        Map<String, HclValue> values = new LinkedHashMap<>();
        HclType element = leaf;
        for (int i = 1; i < depth; i++) {
            element = HclType.map(element);
        }
        for (Map.Entry<String, Object> e : tree.entrySet()) {
            values.put(e.getKey(), e.getValue() instanceof HclValue v ? v
                    : mapOf(castTree(e.getValue()), leaf, depth - 1));
        }
        if (values.isEmpty()) {
            return HclValue.emptyMap(element);
        }
        boolean uniform = new LinkedHashSet<>(values.values().stream().map(HclValue::type).toList()).size() == 1;
        return uniform ? HclValue.map(values) : HclValue.object(values);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castTree(Object o) {
        return (Map<String, Object>) o;
    }

    /** Reports what in {@code body} none of {@code specs} reads, as hcl's schema check does. */
    private void checkContent(Body body, List<Block> specs, String defaultName) {
        Set<String> attributes = new LinkedHashSet<>();
        Set<String> blocks = new LinkedHashSet<>();
        for (Block spec : specs) {
            schema(spec, defaultName, attributes, blocks);
        }
        for (Attribute a : body.attributes()) {
            if (!attributes.contains(a.name())) {
                diagnostics.add(Diagnostic.error("Unsupported argument", "An argument named \"" + a.name()
                        + "\" is not expected here.", a.nameRange()));
            }
        }
        for (Block b : body.blocks()) {
            if (!blocks.contains(b.type())) {
                diagnostics.add(Diagnostic.error("Unsupported block type", "Blocks of type \"" + b.type()
                        + "\" are not expected here.", b.typeRange()));
            }
        }
    }

    private void schema(Block spec, String defaultName, Set<String> attributes, Set<String> blocks) {
        switch (spec.type()) {
            case "attr" -> attributes.add(spec.body().attribute("name") != null ? string(spec, "name") : defaultName);
            case "block", "block_list", "block_set", "block_map" -> blocks.add(blockType(spec, defaultName));
            case "object" -> spec.body().blocks().forEach(c -> schema(c, c.labels().get(0), attributes, blocks));
            case "array", "default" -> spec.body().blocks().forEach(c -> schema(c, defaultName, attributes, blocks));
            default -> {
            }
        }
    }

    /** The type a spec's result has when there is nothing to decode. */
    private HclType impliedType(Block spec, String defaultName) {
        return switch (spec.type()) {
            case "attr" -> type(spec);
            case "object" -> {
                Map<String, HclType> types = new LinkedHashMap<>();
                spec.body().blocks().forEach(c -> types.put(c.labels().get(0), impliedType(c, c.labels().get(0))));
                yield HclType.object(types);
            }
            case "array" -> HclType.tuple(spec.body().blocks().stream().map(c -> impliedType(c, null)).toList());
            case "block" -> impliedType(nested(spec), null);
            case "block_list" -> HclType.list(impliedType(nested(spec), null));
            case "block_set" -> HclType.set(impliedType(nested(spec), null));
            case "block_map" -> {
                HclType t = impliedType(nested(spec), null);
                for (int i = 0; i < strings(spec, "labels").size(); i++) {
                    t = HclType.map(t);
                }
                yield t;
            }
            case "literal" -> decode(spec, spec.body(), null).type();
            default -> HclType.DYNAMIC;
        };
    }

    private HclType type(Block spec) {
        Attribute t = spec.body().attribute("type");
        return t == null ? HclType.DYNAMIC : TypeExpressions.read(t.expression(), diagnostics).orElse(HclType.DYNAMIC);
    }

    private static String blockType(Block spec, String defaultName) {
        return spec.body().attribute("block_type") != null ? string(spec, "block_type") : defaultName;
    }

    private static Block nested(Block spec) {
        List<Block> children = spec.body().blocks();
        if (children.size() != 1) {
            throw new IllegalArgumentException(spec.header() + " needs exactly one nested spec");
        }
        return children.get(0);
    }

    private static Attribute attribute(Block spec, String name) {
        Attribute a = spec.body().attribute(name);
        if (a == null) {
            throw new IllegalArgumentException(spec.header() + " needs " + name);
        }
        return a;
    }

    private static HclValue constant(Block spec, String name) {
        EvalResult r = Evaluator.evaluate(attribute(spec, name).expression(), EvalContext.of(Map.of(), Map.of()));
        if (r.hasErrors()) {
            throw new IllegalArgumentException(spec.header() + "." + name + ": " + r.diagnostics());
        }
        return r.value();
    }

    private static String string(Block spec, String name) {
        return constant(spec, name).asString();
    }

    private static boolean bool(Block spec, String name) {
        return spec.body().attribute(name) != null && constant(spec, name).asBoolean();
    }

    private static List<String> strings(Block spec, String name) {
        return constant(spec, name).elements().stream().map(HclValue::asString).toList();
    }

    private void error(String summary, String detail, Block at) {
        diagnostics.add(Diagnostic.error(summary, detail, at.defRange()));
    }
}
