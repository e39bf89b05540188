package dev.kiln.runtime.frontend.hcl.jsonsyntax;

import dev.kiln.runtime.frontend.hcl.syntax.Attribute;
import dev.kiln.runtime.frontend.hcl.syntax.Block;
import dev.kiln.runtime.frontend.hcl.syntax.Body;
import dev.kiln.runtime.frontend.hcl.syntax.Diagnostic;
import dev.kiln.runtime.frontend.hcl.syntax.Diagnostics;
import dev.kiln.runtime.frontend.hcl.syntax.Expression;
import dev.kiln.runtime.frontend.hcl.syntax.ExpressionResult;
import dev.kiln.runtime.frontend.hcl.syntax.HclFile;
import dev.kiln.runtime.frontend.hcl.syntax.HclParser;
import dev.kiln.runtime.frontend.hcl.syntax.ParseResult;
import dev.kiln.runtime.frontend.hcl.syntax.Pos;
import dev.kiln.runtime.frontend.hcl.syntax.Range;
import dev.kiln.runtime.frontend.hcl.syntax.Severity;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSON file as an HCL body under a {@link JsonSchema}, giving the native syntax tree ({@link Body}, {@link
 * Block}, {@link Attribute}, {@link Expression}) that the evaluator and the loader already walk. Never throws for
 * bad input: every problem is a diagnostic with its range.
 */
public final class JsonSyntax {
    /** The property name HCL ignores in a body, for comments. */
    public static final String COMMENT = "//";

    private JsonSyntax() {
    }

    /**
     * Parses {@code source} and reads it under {@code schema}. On a JSON syntax error the body is empty and the error
     * is the only diagnostic; otherwise the diagnostics are those of the structure (wrong JSON types, duplicate
     * arguments, missing labels) and of the templates in strings.
     */
    public static ParseResult parseFile(String filename, byte[] source, JsonSchema schema) {
        JsonParser.Result parsed = JsonParser.parse(filename, source);
        if (parsed.hasErrors()) {
            Body empty = new Body(List.of(), List.of(), Range.at(filename, Pos.START));
            return new ParseResult(new HclFile(filename, source, empty), parsed.diagnostics());
        }
        Diagnostics d = new Diagnostics();
        Body body = body(parsed.value(), schema, d);
        return new ParseResult(new HclFile(filename, source, body), d.toList());
    }

    /** Parses a file given as text. */
    public static ParseResult parseFile(String filename, String source, JsonSchema schema) {
        return parseFile(filename, source.getBytes(StandardCharsets.UTF_8), schema);
    }

    /**
     * The body {@code value} represents under {@code schema}: an object, or an array of objects whose properties are
     * taken in order. {@code "//"} properties are skipped; a property naming a block type of the schema gives zero or
     * more blocks, any other property an attribute.
     */
    public static Body body(JsonValue value, JsonSchema schema, Diagnostics d) {
        List<JsonValue.Property> props;
        if (schema.justAttributes() && !(value instanceof JsonValue.JsonObject)) {
            d.add(Diagnostic.error("Incorrect JSON value type", "A JSON object is required here, setting the"
                    + " arguments for this block.", start(value)));
            props = List.of();
        } else {
            props = properties(value, null, d);
        }
        Map<String, Attribute> attributes = new LinkedHashMap<>();
        List<Block> blocks = new ArrayList<>();
        for (JsonValue.Property p : props) {
            if (p.name().equals(COMMENT)) {
                continue;
            }
            JsonSchema.BlockType type = schema.justAttributes() ? null : schema.blockType(p.name());
            if (type != null) {
                blocks(p.value(), p.name(), p.nameRange(), type, List.of(), List.of(), blocks, d);
                continue;
            }
            Attribute existing = attributes.get(p.name());
            if (existing != null) {
                d.add(new Diagnostic(Severity.ERROR, schema.justAttributes()
                        ? "Duplicate attribute definition" : "Duplicate argument", "The argument \"" + p.name()
                        + "\" was already set at " + existing.range() + ".", p.nameRange(), p.range()));
                continue;
            }
            Expression e = expression(p.value(), schema.mode(p.name()), d);
            attributes.put(p.name(), new Attribute(p.name(), e, p.range(), p.nameRange()));
        }
        return new Body(List.copyOf(attributes.values()), blocks, value.range());
    }

    /** Unpacks one label level after another, then one body or an array of bodies. */
    private static void blocks(JsonValue v, String type, Range typeRange, JsonSchema.BlockType schema,
                               List<String> labels, List<Range> labelRanges, List<Block> out, Diagnostics d) {
        if (labels.size() < schema.labelNames().size()) {
            String labelName = schema.labelNames().get(labels.size());
            List<JsonValue.Property> props = properties(v, labelName, d);
            if (props.isEmpty()) {
                d.add(Diagnostic.error("Missing block label", "At least one object property is required, whose name"
                        + " represents the " + type + " block's " + labelName + ".", start(v)));
                return;
            }
            for (JsonValue.Property p : props) {
                List<String> moreLabels = new ArrayList<>(labels);
                moreLabels.add(p.name());
                List<Range> moreRanges = new ArrayList<>(labelRanges);
                moreRanges.add(p.nameRange());
                blocks(p.value(), type, typeRange, schema, moreLabels, moreRanges, out, d);
            }
            return;
        }
        if (v instanceof JsonValue.JsonNull) {
            return;
        }
        if (v instanceof JsonValue.JsonObject o) {
            out.add(block(o, type, typeRange, schema, labels, labelRanges, d));
        } else if (v instanceof JsonValue.JsonArray a) {
            for (JsonValue e : a.elements()) {
                if (e instanceof JsonValue.JsonObject o) {
                    out.add(block(o, type, typeRange, schema, labels, labelRanges, d));
                } else {
                    d.add(Diagnostic.error("Incorrect JSON value type", "A JSON object is required here, to define"
                            + " arguments and child blocks.", start(e)));
                }
            }
        } else {
            d.add(Diagnostic.error("Incorrect JSON value type", "Either a JSON object or a JSON array is required,"
                    + " representing the contents of one or more \"" + type + "\" blocks.", start(v)));
        }
    }

    private static Block block(JsonValue.JsonObject o, String type, Range typeRange, JsonSchema.BlockType schema,
                               List<String> labels, List<Range> labelRanges, Diagnostics d) {
        return new Block(type, labels, body(o, schema.body(), d), Range.between(typeRange, o.range()), typeRange,
                labelRanges, o.openRange());
    }

    /** The properties of an object, or of every object of an array, in order. */
    private static List<JsonValue.Property> properties(JsonValue v, String labelName, Diagnostics d) {
        if (v instanceof JsonValue.JsonNull) {
            return List.of();
        }
        if (v instanceof JsonValue.JsonObject o) {
            return o.properties();
        }
        if (v instanceof JsonValue.JsonArray a) {
            List<JsonValue.Property> out = new ArrayList<>();
            for (JsonValue e : a.elements()) {
                if (e instanceof JsonValue.JsonObject o) {
                    out.addAll(o.properties());
                } else {
                    d.add(Diagnostic.error("Incorrect JSON value type", labelName == null
                            ? "A JSON object is required here, to define arguments and child blocks."
                            : "A JSON object is required here, to specify " + labelName + " labels for this block.",
                            start(e)));
                }
            }
            return out;
        }
        d.add(Diagnostic.error("Incorrect JSON value type", labelName == null
                ? "Either a JSON object or JSON array of objects is required here, to define arguments and child"
                        + " blocks."
                : "Either a JSON object or JSON array of objects is required here, to specify " + labelName
                        + " labels for this block.", start(v)));
        return List.of();
    }

    /**
     * The expression {@code value} represents: an object is an object constructor (its property names read as
     * strings in {@code mode}, {@code "//"} included), an array a tuple, a number, bool or null that literal, and a
     * string what {@code mode} says.
     */
    public static Expression expression(JsonValue value, JsonSchema.Mode mode, Diagnostics d) {
        if (value instanceof JsonValue.JsonString s) {
            return string(s.value(), s.range(), mode, d);
        }
        if (value instanceof JsonValue.JsonNumber n) {
            return new Expression.NumberLit(n.text(), n.range());
        }
        if (value instanceof JsonValue.JsonBool b) {
            return new Expression.BoolLit(b.value(), b.range());
        }
        if (value instanceof JsonValue.JsonArray a) {
            return new Expression.TupleCons(a.elements().stream().map(e -> expression(e, inner(mode), d)).toList(),
                    a.range());
        }
        if (value instanceof JsonValue.JsonObject o) {
            List<Expression.ObjectItem> items = new ArrayList<>();
            for (JsonValue.Property p : o.properties()) {
                Expression key = string(p.name(), p.nameRange(), mode == JsonSchema.Mode.LITERAL
                        ? JsonSchema.Mode.LITERAL : JsonSchema.Mode.TEMPLATE, d);
                items.add(new Expression.ObjectItem(key, expression(p.value(), inner(mode), d), p.range()));
            }
            return new Expression.ObjectCons(items, o.range());
        }
        return new Expression.NullLit(value.range());
    }

    /** Inside a collection an expression-mode string is a template again: only the whole value is analysed. */
    private static JsonSchema.Mode inner(JsonSchema.Mode mode) {
        return mode == JsonSchema.Mode.EXPRESSION ? JsonSchema.Mode.TEMPLATE : mode;
    }

    private static Expression string(String text, Range range, JsonSchema.Mode mode, Diagnostics d) {
        if (mode == JsonSchema.Mode.LITERAL) {
            return new Expression.StringLit(text, range);
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Pos inside = new Pos(range.start().line(), range.start().column() + 1, range.start().byteOffset() + 1);
        ExpressionResult r = mode == JsonSchema.Mode.EXPRESSION
                ? HclParser.parseExpression(range.filename(), bytes, inside)
                : HclParser.parseTemplate(range.filename(), bytes, inside);
        d.addAll(r.diagnostics());
        return r.expression();
    }

    private static Range start(JsonValue v) {
        if (v instanceof JsonValue.JsonObject o) {
            return o.openRange();
        }
        return v instanceof JsonValue.JsonArray a ? a.openRange() : v.range();
    }
}
