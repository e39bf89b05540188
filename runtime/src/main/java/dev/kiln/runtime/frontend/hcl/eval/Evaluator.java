package dev.kiln.runtime.frontend.hcl.eval;

import dev.kiln.runtime.frontend.hcl.function.HclFunction;
import dev.kiln.runtime.frontend.hcl.function.HclFunctions;
import dev.kiln.runtime.frontend.hcl.syntax.Diagnostic;
import dev.kiln.runtime.frontend.hcl.syntax.Diagnostics;
import dev.kiln.runtime.frontend.hcl.syntax.Expression;
import dev.kiln.runtime.frontend.hcl.syntax.ExpressionResult;
import dev.kiln.runtime.frontend.hcl.syntax.HclParser;
import dev.kiln.runtime.frontend.hcl.syntax.Range;
import dev.kiln.runtime.frontend.hcl.syntax.TemplatePart;
import dev.kiln.runtime.frontend.hcl.syntax.Traverser;
import dev.kiln.runtime.frontend.hcl.value.ConversionException;
import dev.kiln.runtime.frontend.hcl.value.HclConvert;
import dev.kiln.runtime.frontend.hcl.value.HclException;
import dev.kiln.runtime.frontend.hcl.value.HclOperations;
import dev.kiln.runtime.frontend.hcl.value.HclType;
import dev.kiln.runtime.frontend.hcl.value.HclValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluates HCL native-syntax expressions to values, as {@code hclsyntax} does: every error becomes a {@link
 * Diagnostic} with the range of the expression (or traversal step, or argument) concerned, and the value there is an
 * unknown of any type, so one evaluation reports every problem it meets. Unknown values flow through everything.
 * Besides the context's function table, {@code try}, {@code can} (lazy arguments), {@code convert} (a type
 * expression) and {@code templatefile} (when the context has a base directory) are provided here.
 *
 * <pre>{@code
 * EvalResult r = Evaluator.evaluate(expression, EvalContext.of(Map.of("var", vars), functions));
 * }</pre>
 */
public final class Evaluator {
    private static final Set<String> BUILT_IN = Set.of("try", "can", "convert", "templatefile");

    private final Map<Expression.SplatItem, HclValue> splatItems = new IdentityHashMap<>();
    private final int depth;

    private Evaluator(int depth) {
        this.depth = depth;
    }

    /** Evaluates {@code e} in {@code ctx}. */
    public static EvalResult evaluate(Expression e, EvalContext ctx) {
        Diagnostics d = new Diagnostics();
        HclValue v = new Evaluator(0).eval(e, ctx, d);
        return new EvalResult(v, d.toList());
    }

    /** Evaluates {@code e} in {@code ctx}, adding its diagnostics to {@code diagnostics}. */
    public static HclValue evaluate(Expression e, EvalContext ctx, Diagnostics diagnostics) {
        return new Evaluator(0).eval(e, ctx, diagnostics);
    }

    /** Parses and evaluates {@code text} as one expression (for tests, {@code -var} values and the console). */
    public static EvalResult evaluate(String filename, String text, EvalContext ctx) {
        ExpressionResult parsed = HclParser.parseExpression(filename, text);
        if (parsed.hasErrors()) {
            return new EvalResult(HclValue.DYNAMIC_UNKNOWN, parsed.diagnostics());
        }
        return evaluate(parsed.expression(), ctx);
    }

    HclValue eval(Expression e, EvalContext ctx, Diagnostics d) {
        if (e instanceof Expression.NumberLit n) {
            return HclValue.number(n.value());
        } else if (e instanceof Expression.BoolLit b) {
            return HclValue.bool(b.value());
        } else if (e instanceof Expression.NullLit) {
            return HclValue.NULL;
        } else if (e instanceof Expression.StringLit s) {
            return HclValue.string(s.value());
        } else if (e instanceof Expression.Template t) {
            return template(t, ctx, d);
        } else if (e instanceof Expression.TemplateWrap w) {
            return eval(w.wrapped(), ctx, d);
        } else if (e instanceof Expression.Parens p) {
            return eval(p.inner(), ctx, d);
        } else if (e instanceof Expression.TupleCons t) {
            List<HclValue> out = new ArrayList<>(t.elements().size());
            for (Expression el : t.elements()) {
                out.add(eval(el, ctx, d));
            }
            return HclValue.tuple(out);
        } else if (e instanceof Expression.ObjectCons o) {
            return object(o, ctx, d);
        } else if (e instanceof Expression.ScopeTraversal st) {
            HclValue root = ctx.lookup(st.root());
            if (root == null) {
                String suggestion = HclFunctions.suggest(st.root(), ctx.variableNames());
                d.add(Diagnostic.error("Unknown variable", "There is no variable named \"" + st.root() + "\"."
                        + (suggestion == null ? "" : " Did you mean \"" + suggestion + "\"?"), st.rootRange()));
                return HclValue.DYNAMIC_UNKNOWN;
            }
            return traverse(root, st.steps(), ctx, d);
        } else if (e instanceof Expression.RelativeTraversal rt) {
            return traverse(eval(rt.source(), ctx, d), rt.steps(), ctx, d);
        } else if (e instanceof Expression.IndexExpr ix) {
            HclValue coll = eval(ix.collection(), ctx, d);
            HclValue key = eval(ix.key(), ctx, d);
            try {
                return HclOperations.index(coll, key);
            } catch (HclException x) {
                return fail(d, x, ix.key().range(), ix.range());
            }
        } else if (e instanceof Expression.Splat s) {
            return splat(s, ctx, d);
        } else if (e instanceof Expression.SplatItem item) {
            HclValue v = splatItems.get(item);
            return v == null ? HclValue.DYNAMIC_UNKNOWN : v;
        } else if (e instanceof Expression.FunctionCall call) {
            return call(call, ctx, d);
        } else if (e instanceof Expression.Conditional c) {
            return conditional(c, ctx, d);
        } else if (e instanceof Expression.Unary u) {
            HclValue v = eval(u.operand(), ctx, d);
            try {
                return switch (u.op()) {
                    case NEGATE -> HclOperations.negate(v);
                    case NOT -> HclOperations.not(v);
                };
            } catch (HclException x) {
                return fail(d, x, u.operand().range(), u.range());
            }
        } else if (e instanceof Expression.Binary b) {
            return binary(b, ctx, d);
        } else if (e instanceof Expression.ForExpr f) {
            return forExpr(f, ctx, d);
        } else if (e instanceof Expression.Invalid) {
            return HclValue.DYNAMIC_UNKNOWN;
        }
        throw new IllegalStateException("unknown expression " + e.getClass().getSimpleName());
    }

    // ---- templates ----------------------------------------------------------------------------------------------

    private HclValue template(Expression.Template t, EvalContext ctx, Diagnostics d) {
        StringBuilder sb = new StringBuilder();
        boolean known = appendParts(t, ctx, d, sb);
        return known ? HclValue.string(sb.toString()) : HclValue.unknown(HclType.STRING);
    }

    /** Appends the template's text; false when some part is unknown (or failed). */
    private boolean appendParts(Expression.Template t, EvalContext ctx, Diagnostics d, StringBuilder sb) {
        boolean known = true;
        for (TemplatePart p : t.parts()) {
            if (p instanceof TemplatePart.Literal l) {
                sb.append(l.value());
            } else if (p instanceof TemplatePart.Interpolation i) {
                HclValue v = eval(i.expression(), ctx, d);
                try {
                    HclValue s = HclOperations.templateString(v);
                    if (s.isKnown()) {
                        sb.append(s.asString());
                    } else {
                        known = false;
                    }
                } catch (HclException x) {
                    fail(d, x, i.expression().range(), i.range());
                    known = false;
                }
            } else if (p instanceof TemplatePart.If f) {
                HclValue c = eval(f.condition(), ctx, d);
                Boolean chosen = condition(c, f.condition().range(), d, "Invalid 'if' condition");
                if (chosen == null) {
                    known = false;
                } else if (chosen) {
                    known &= appendParts(f.then(), ctx, d, sb);
                } else if (f.otherwise() != null) {
                    known &= appendParts(f.otherwise(), ctx, d, sb);
                }
            } else if (p instanceof TemplatePart.For f) {
                HclValue coll = eval(f.collection(), ctx, d);
                if (!coll.isKnown()) {
                    known = false;
                    continue;
                }
                List<Map.Entry<HclValue, HclValue>> items;
                try {
                    items = HclOperations.iterate(coll);
                } catch (HclException x) {
                    fail(d, x, f.collection().range(), f.range());
                    known = false;
                    continue;
                }
                for (Map.Entry<HclValue, HclValue> item : items) {
                    known &= appendParts(f.body(), ctx.child(scope(f.keyVariable(), f.valueVariable(), item)), d, sb);
                }
            }
        }
        return known;
    }

    private static Map<String, HclValue> scope(String keyVar, String valueVar, Map.Entry<HclValue, HclValue> item) {
        Map<String, HclValue> vars = new LinkedHashMap<>();
        if (keyVar != null) {
            vars.put(keyVar, item.getKey());
        }
        vars.put(valueVar, item.getValue());
        return vars;
    }

    /** A condition's truth: null when unknown or wrong (then reported unless unknown). */
    private static Boolean condition(HclValue c, Range range, Diagnostics d, String summary) {
        if (c.isNull()) {
            d.add(Diagnostic.error(summary, "The condition value is null. Conditions must either be true or false.",
                    range));
            return null;
        }
        if (!c.isKnown()) {
            return null;
        }
        try {
            HclValue b = HclConvert.convert(c, HclType.BOOL);
            return b.isKnown() ? b.asBoolean() : null;
        } catch (ConversionException x) {
            d.add(Diagnostic.error(summary, "The condition must be of type bool: " + x.getMessage() + ".", range));
            return null;
        }
    }

    // ---- collections --------------------------------------------------------------------------------------------

    private HclValue object(Expression.ObjectCons o, EvalContext ctx, Diagnostics d) {
        Map<String, HclValue> attrs = new LinkedHashMap<>();
        boolean known = true;
        for (Expression.ObjectItem item : o.items()) {
            HclValue key = eval(item.key(), ctx, d);
            HclValue value = eval(item.value(), ctx, d);
            if (key.isNull()) {
                d.add(Diagnostic.error("Null value as key", "Can't use a null value as a key.", item.key().range()));
                known = false;
                continue;
            }
            HclValue k;
            try {
                k = HclConvert.convert(key, HclType.STRING);
            } catch (ConversionException x) {
                d.add(Diagnostic.error("Incorrect key type", "Can't use this value as a key: " + x.getMessage()
                        + ".", item.key().range()));
                known = false;
                continue;
            }
            if (!k.isKnown()) {
                known = false;
                continue;
            }
            attrs.put(k.asString(), value);
        }
        return known ? HclValue.object(attrs) : HclValue.DYNAMIC_UNKNOWN;
    }

    private HclValue forExpr(Expression.ForExpr f, EvalContext ctx, Diagnostics d) {
        HclValue coll = eval(f.collection(), ctx, d);
        if (coll.isNull()) {
            d.add(new Diagnostic(dev.kiln.runtime.frontend.hcl.syntax.Severity.ERROR, "Iteration over null value",
                    "A null value cannot be used as the collection in a 'for' expression.", f.collection().range(),
                    f.range()));
            return HclValue.DYNAMIC_UNKNOWN;
        }
        if (!HclOperations.canIterate(coll.type())) {
            d.add(new Diagnostic(dev.kiln.runtime.frontend.hcl.syntax.Severity.ERROR, "Iteration over non-iterable"
                    + " value", "A value of type " + coll.type().friendlyName() + " cannot be used as the collection"
                    + " in a 'for' expression.", f.collection().range(), f.range()));
            return HclValue.DYNAMIC_UNKNOWN;
        }
        if (!coll.isKnown() || coll.type() == HclType.DYNAMIC) {
            return HclValue.DYNAMIC_UNKNOWN;
        }
        List<HclValue> tuple = new ArrayList<>();
        Map<String, HclValue> single = new LinkedHashMap<>();
        Map<String, List<HclValue>> groups = new LinkedHashMap<>();
        boolean known = true;
        int errorsBefore = d.size();
        for (Map.Entry<HclValue, HclValue> item : HclOperations.iterate(coll)) {
            EvalContext inner = ctx.child(scope(f.keyVariable(), f.valueVariable(), item));
            if (f.condition() != null) {
                HclValue c = eval(f.condition(), inner, d);
                if (c.isNull()) {
                    d.add(Diagnostic.error("Condition is null", "The value of the 'if' clause must not be null.",
                            f.condition().range()));
                    known = false;
                    continue;
                }
                if (!c.isKnown()) {
                    known = false;
                    continue;
                }
                try {
                    if (!HclConvert.convert(c, HclType.BOOL).asBoolean()) {
                        continue;
                    }
                } catch (ConversionException x) {
                    d.add(Diagnostic.error("Invalid 'for' condition", "The 'if' clause value is invalid: "
                            + x.getMessage() + ".", f.condition().range()));
                    known = false;
                    continue;
                }
            }
            if (!f.isObject()) {
                tuple.add(eval(f.valueExpr(), inner, d));
                continue;
            }
            HclValue key = eval(f.keyExpr(), inner, d);
            HclValue value = eval(f.valueExpr(), inner, d);
            if (key.isNull()) {
                d.add(Diagnostic.error("Invalid object key", "Key expression in 'for' expression must not produce a"
                        + " null value.", f.keyExpr().range()));
                known = false;
                continue;
            }
            HclValue k;
            try {
                k = HclConvert.convert(key, HclType.STRING);
            } catch (ConversionException x) {
                d.add(Diagnostic.error("Invalid object key", "The key expression produced an invalid result: "
                        + x.getMessage() + ".", f.keyExpr().range()));
                known = false;
                continue;
            }
            if (!k.isKnown()) {
                known = false;
                continue;
            }
            String ks = k.asString();
            if (f.grouping()) {
                groups.computeIfAbsent(ks, x -> new ArrayList<>()).add(value);
            } else if (single.containsKey(ks)) {
                d.add(new Diagnostic(dev.kiln.runtime.frontend.hcl.syntax.Severity.ERROR, "Duplicate object key",
                        "Two different items produced the key \"" + ks + "\" in this 'for' expression. If duplicates"
                                + " are expected, use the ellipsis (...) after the value expression to enable"
                                + " grouping by key.", f.keyExpr().range(), f.range()));
                known = false;
            } else {
                single.put(ks, value);
            }
        }
        if (!known || d.size() > errorsBefore && d.hasErrors()) {
            return HclValue.DYNAMIC_UNKNOWN;
        }
        if (!f.isObject()) {
            return HclValue.tuple(tuple);
        }
        if (f.grouping()) {
            Map<String, HclValue> out = new LinkedHashMap<>();
            groups.forEach((k, v) -> out.put(k, HclValue.tuple(v)));
            return HclValue.object(out);
        }
        return HclValue.object(single);
    }

    private HclValue splat(Expression.Splat s, EvalContext ctx, Diagnostics d) {
        HclValue source = eval(s.source(), ctx, d);
        if (!source.isKnown()) {
            return HclValue.DYNAMIC_UNKNOWN;
        }
        List<HclValue> results = new ArrayList<>();
        HclValue previous = splatItems.get(s.item());
        for (HclValue element : HclOperations.splatElements(source)) {
            splatItems.put(s.item(), element);
            results.add(eval(s.each(), ctx, d));
        }
        if (previous == null) {
            splatItems.remove(s.item());
        } else {
            splatItems.put(s.item(), previous);
        }
        if (!source.type().isList() && !source.type().isSet() && !source.type().isTuple() && !source.isNull()) {
            return HclValue.tuple(results);
        }
        return HclOperations.splatResult(source, results);
    }

    private HclValue traverse(HclValue v, List<Traverser> steps, EvalContext ctx, Diagnostics d) {
        HclValue cur = v;
        for (Traverser step : steps) {
            try {
                if (step instanceof Traverser.GetAttr g) {
                    cur = HclOperations.getAttr(cur, g.name());
                } else {
                    Traverser.Index ix = (Traverser.Index) step;
                    cur = HclOperations.index(cur, eval(ix.key(), ctx, d));
                }
            } catch (HclException x) {
                d.add(Diagnostic.error(x.summary(), x.detail(), step.range()));
                return HclValue.DYNAMIC_UNKNOWN;
            }
        }
        return cur;
    }

    // ---- operators ----------------------------------------------------------------------------------------------

    private HclValue binary(Expression.Binary b, EvalContext ctx, Diagnostics d) {
        HclValue l = eval(b.lhs(), ctx, d);
        HclValue r = eval(b.rhs(), ctx, d);
        try {
            return switch (b.op()) {
                case ADD -> HclOperations.add(l, r);
                case SUBTRACT -> HclOperations.subtract(l, r);
                case MULTIPLY -> HclOperations.multiply(l, r);
                case DIVIDE -> HclOperations.divide(l, r);
                case MODULO -> HclOperations.modulo(l, r);
                case LESS_THAN -> HclOperations.compare(HclOperations.Comparison.LESS, l, r);
                case LESS_THAN_OR_EQUAL -> HclOperations.compare(HclOperations.Comparison.LESS_OR_EQUAL, l, r);
                case GREATER_THAN -> HclOperations.compare(HclOperations.Comparison.GREATER, l, r);
                case GREATER_THAN_OR_EQUAL -> HclOperations.compare(HclOperations.Comparison.GREATER_OR_EQUAL, l, r);
                case EQUAL -> HclOperations.equal(l, r);
                case NOT_EQUAL -> HclOperations.notEqual(l, r);
                case AND -> HclOperations.and(l, r);
                case OR -> HclOperations.or(l, r);
            };
        } catch (HclException x) {
            Range subject = x.argumentIndex() == 1 ? b.rhs().range()
                    : x.argumentIndex() == 0 && "Invalid operand".equals(x.summary()) ? b.lhs().range() : b.range();
            return fail(d, x, subject, b.range());
        }
    }

    private HclValue conditional(Expression.Conditional c, EvalContext ctx, Diagnostics d) {
        Diagnostics trueDiags = new Diagnostics();
        Diagnostics falseDiags = new Diagnostics();
        HclValue a = eval(c.trueResult(), ctx, trueDiags);
        HclValue b = eval(c.falseResult(), ctx, falseDiags);
        HclValue cond = eval(c.condition(), ctx, d);
        if (cond.isKnown() && !cond.isNull() && cond.type() == HclType.BOOL) {
            d.addAll((cond.asBoolean() ? trueDiags : falseDiags).toList());
        } else {
            d.addAll(trueDiags.toList());
            d.addAll(falseDiags.toList());
        }
        // a literal null in one branch takes the other branch's type
        if (a.isNull() && a.type() == HclType.DYNAMIC && b.type() != HclType.DYNAMIC) {
            a = HclValue.nullOf(b.type());
        } else if (b.isNull() && b.type() == HclType.DYNAMIC && a.type() != HclType.DYNAMIC) {
            b = HclValue.nullOf(a.type());
        }
        try {
            return HclOperations.conditional(cond, a, b);
        } catch (HclException x) {
            Range subject = x.summary().startsWith("Inconsistent") ? Range.between(c.trueResult().range(),
                    c.falseResult().range()) : c.condition().range();
            return fail(d, x, subject, c.range());
        }
    }

    // ---- function calls -----------------------------------------------------------------------------------------

    private HclValue call(Expression.FunctionCall call, EvalContext ctx, Diagnostics d) {
        HclFunction f = ctx.functions().get(call.name());
        if (f == null && BUILT_IN.contains(call.name())
                && !(call.name().equals("templatefile") && ctx.baseDir() == null)) {
            return builtIn(call, ctx, d);
        }
        if (f == null) {
            String suggestion = HclFunctions.suggest(call.name(), ctx.functions().keySet());
            d.add(new Diagnostic(dev.kiln.runtime.frontend.hcl.syntax.Severity.ERROR, "Call to unknown function",
                    "There is no function named \"" + call.name() + "\"."
                            + (suggestion == null ? "" : " Did you mean \"" + suggestion + "\"?"),
                    call.nameRange(), call.range()));
            for (Expression arg : call.args()) {
                eval(arg, ctx, new Diagnostics());
            }
            return HclValue.DYNAMIC_UNKNOWN;
        }
        List<HclValue> args = new ArrayList<>(call.args().size());
        int before = d.size();
        for (Expression arg : call.args()) {
            args.add(eval(arg, ctx, d));
        }
        if (d.size() > before && d.hasErrors()) {
            return HclValue.DYNAMIC_UNKNOWN;
        }
        if (call.expandFinal()) {
            try {
                Optional<List<HclValue>> expanded = HclFunctions.expandFinalArgument(args);
                if (expanded.isEmpty()) {
                    return HclValue.DYNAMIC_UNKNOWN;
                }
                args = expanded.get();
            } catch (HclException x) {
                return fail(d, x, call.args().get(call.args().size() - 1).range(), call.range());
            }
        }
        try {
            return f.call(args);
        } catch (HclException x) {
            Range subject = call.range();
            int i = x.argumentIndex();
            if (i >= 0 && !call.args().isEmpty()) {
                subject = call.args().get(Math.min(i, call.args().size() - 1)).range();
            }
            return fail(d, x, subject, call.range());
        }
    }

    private HclValue builtIn(Expression.FunctionCall call, EvalContext ctx, Diagnostics d) {
        String name = call.name();
        List<Expression> args = call.args();
        if (call.expandFinal()) {
            d.add(Diagnostic.error("Invalid expanding argument value", "The " + name + " function does not accept"
                    + " an expanding argument (indicated by ...).", call.range()));
            return HclValue.DYNAMIC_UNKNOWN;
        }
        switch (name) {
            case "try": {
                if (args.isEmpty()) {
                    d.add(Diagnostic.error("Not enough function arguments", "Function \"try\" expects at least one"
                            + " argument.", call.range()));
                    return HclValue.DYNAMIC_UNKNOWN;
                }
                for (Expression arg : args) {
                    Diagnostics local = new Diagnostics();
                    HclValue v = eval(arg, ctx, local);
                    if (!local.hasErrors()) {
                        return v.isWhollyKnown() ? v : HclValue.DYNAMIC_UNKNOWN;
                    }
                }
                d.add(Diagnostic.error("Error in function call", "Call to function \"try\" failed: no expression"
                        + " succeeded:\n" + "all of the given expressions produced errors.", call.range()));
                return HclValue.DYNAMIC_UNKNOWN;
            }
            case "can": {
                if (args.size() != 1) {
                    return arity(call, d, 1, "expression");
                }
                Diagnostics local = new Diagnostics();
                HclValue v = eval(args.get(0), ctx, local);
                if (local.hasErrors()) {
                    return HclValue.FALSE;
                }
                return v.isWhollyKnown() ? HclValue.TRUE : HclValue.unknown(HclType.BOOL);
            }
            case "convert": {
                if (args.size() != 2) {
                    return arity(call, d, 2, args.isEmpty() ? "value" : "type");
                }
                HclValue v = eval(args.get(0), ctx, d);
                Optional<HclType> type = TypeExpressions.read(args.get(1), d);
                if (type.isEmpty()) {
                    return HclValue.DYNAMIC_UNKNOWN;
                }
                try {
                    return HclConvert.convert(v, type.get());
                } catch (ConversionException x) {
                    d.add(new Diagnostic(dev.kiln.runtime.frontend.hcl.syntax.Severity.ERROR,
                            "Invalid function argument", "Invalid value for \"value\" parameter: "
                            + x.getMessage() + ".", args.get(0).range(), call.range()));
                    return HclValue.DYNAMIC_UNKNOWN;
                }
            }
            default:
                return templateFile(call, ctx, d);
        }
    }

    private HclValue templateFile(Expression.FunctionCall call, EvalContext ctx, Diagnostics d) {
        List<Expression> args = call.args();
        if (args.size() != 2) {
            return arity(call, d, 2, args.isEmpty() ? "path" : "vars");
        }
        HclValue path = eval(args.get(0), ctx, d);
        HclValue vars = eval(args.get(1), ctx, d);
        if (!path.isKnown() || !vars.isWhollyKnown()) {
            return HclValue.DYNAMIC_UNKNOWN;
        }
        if (path.isNull() || path.type() != HclType.STRING) {
            return argError(d, args.get(0), call, "path", "string required");
        }
        if (vars.isNull() || !(vars.type().isObject() || vars.type().isMap())) {
            return argError(d, args.get(1), call, "vars", "object or map required");
        }
        if (depth > 32) {
            d.add(Diagnostic.error("Error in function call", "Call to function \"templatefile\" failed: cannot"
                    + " recursively call templatefile from inside templatefile call.", call.range()));
            return HclValue.DYNAMIC_UNKNOWN;
        }
        Path file = ctx.baseDir().resolve(path.asString());
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException | RuntimeException x) {
            return argError(d, args.get(0), call, "path", "no file exists at " + path.asString()
                    + "; this function works only with files that are distributed as part of the configuration source"
                    + " code, so if this file will be created by a resource in this configuration you must instead"
                    + " obtain this result from an attribute of that resource");
        }
        ExpressionResult parsed = HclParser.parseTemplate(path.asString(), text);
        if (parsed.hasErrors()) {
            d.addAll(parsed.diagnostics());
            return HclValue.DYNAMIC_UNKNOWN;
        }
        Map<String, HclValue> scope = new LinkedHashMap<>();
        for (Map.Entry<String, HclValue> e : vars.entries().entrySet()) {
            scope.put(e.getKey(), e.getValue());
        }
        Diagnostics local = new Diagnostics();
        HclValue result = new Evaluator(depth + 1).eval(parsed.expression(), ctx.withOnly(scope), local);
        d.addAll(local.toList());
        if (local.hasErrors()) {
            return HclValue.DYNAMIC_UNKNOWN;
        }
        return result;
    }

    private static HclValue argError(Diagnostics d, Expression arg, Expression.FunctionCall call, String param,
                                     String message) {
        d.add(new Diagnostic(dev.kiln.runtime.frontend.hcl.syntax.Severity.ERROR, "Invalid function argument",
                "Invalid value for \"" + param + "\" parameter: " + message + ".", arg.range(), call.range()));
        return HclValue.DYNAMIC_UNKNOWN;
    }

    private static HclValue arity(Expression.FunctionCall call, Diagnostics d, int want, String missing) {
        if (call.args().size() < want) {
            d.add(Diagnostic.error("Not enough function arguments", "Function \"" + call.name() + "\" expects " + want
                    + " argument(s). Missing value for \"" + missing + "\".", call.range()));
        } else {
            d.add(Diagnostic.error("Too many function arguments", "Function \"" + call.name() + "\" expects only "
                    + want + " argument(s).", call.args().get(want).range()));
        }
        return HclValue.DYNAMIC_UNKNOWN;
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static HclValue fail(Diagnostics d, HclException x, Range subject, Range context) {
        d.add(new Diagnostic(dev.kiln.runtime.frontend.hcl.syntax.Severity.ERROR, x.summary(), x.detail(), subject,
                context));
        return HclValue.DYNAMIC_UNKNOWN;
    }
}
