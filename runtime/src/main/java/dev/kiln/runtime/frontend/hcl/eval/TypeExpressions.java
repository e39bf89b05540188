package dev.kiln.runtime.frontend.hcl.eval;

import dev.kiln.runtime.frontend.hcl.syntax.Diagnostic;
import dev.kiln.runtime.frontend.hcl.syntax.Diagnostics;
import dev.kiln.runtime.frontend.hcl.syntax.Expression;
import dev.kiln.runtime.frontend.hcl.syntax.StaticAnalysis;
import dev.kiln.runtime.frontend.hcl.value.HclType;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads type expressions as {@code ext/typeexpr} does, statically (nothing is evaluated): {@code string},
 * {@code number}, {@code bool}, {@code any}, {@code list(T)}, {@code set(T)}, {@code map(T)},
 * {@code object({name = T, other = optional(T)})} and {@code tuple([T, ...])}. Used by a variable's {@code type} and
 * by {@code convert(value, type)}.
 */
public final class TypeExpressions {
    private static final String INVALID = "Invalid type specification";

    private TypeExpressions() {
    }

    /**
     * The type {@code e} denotes.
     *
     * @param e the expression
     * @param diagnostics receives "Invalid type specification" errors
     * @return the type, or empty when there was an error
     */
    public static Optional<HclType> read(Expression e, Diagnostics diagnostics) {
        Diagnostics local = new Diagnostics();
        HclType t = type(e, local, false);
        diagnostics.addAll(local.toList());
        return local.hasErrors() || t == null ? Optional.empty() : Optional.of(t);
    }

    private static HclType type(Expression e, Diagnostics d, boolean optionalAllowed) {
        Optional<String> keyword = StaticAnalysis.keyword(e);
        if (keyword.isPresent()) {
            switch (keyword.get()) {
                case "string":
                    return HclType.STRING;
                case "number":
                    return HclType.NUMBER;
                case "bool":
                    return HclType.BOOL;
                case "any":
                    return HclType.DYNAMIC;
                case "list":
                case "set":
                case "map":
                    return error(d, e, "The " + keyword.get() + " type constructor requires one argument specifying"
                            + " the element type.");
                case "object":
                    return error(d, e, "The object type constructor requires one argument specifying the attribute"
                            + " types as a map.");
                case "tuple":
                    return error(d, e, "The tuple type constructor requires one argument specifying the element"
                            + " types as a list.");
                default:
                    return error(d, e, "The keyword \"" + keyword.get() + "\" is not a valid type specification.");
            }
        }
        Optional<StaticAnalysis.Call> call = StaticAnalysis.call(e);
        if (call.isEmpty()) {
            return error(d, e, "A type specification is either a primitive type keyword (bool, number, string) or a"
                    + " complex type constructor call, like list(string).");
        }
        StaticAnalysis.Call c = call.get();
        switch (c.name()) {
            case "bool":
            case "string":
            case "number":
            case "any":
                return error(d, e, "Primitive type keyword \"" + c.name() + "\" does not expect arguments.");
            default:
                break;
        }
        if (c.args().size() != 1) {
            String what = switch (c.name()) {
                case "object" -> "The object type constructor requires one argument specifying the attribute types"
                        + " as a map.";
                case "tuple" -> "The tuple type constructor requires one argument specifying the element types as a"
                        + " list.";
                case "list", "set", "map", "optional" -> "The " + c.name() + " type constructor requires one"
                        + " argument specifying the element type.";
                default -> "Keyword \"" + c.name() + "\" is not a valid type constructor.";
            };
            return error(d, e, what);
        }
        Expression arg = c.args().get(0);
        switch (c.name()) {
            case "list": {
                HclType el = type(arg, d, false);
                return el == null ? null : HclType.list(el);
            }
            case "set": {
                HclType el = type(arg, d, false);
                return el == null ? null : HclType.set(el);
            }
            case "map": {
                HclType el = type(arg, d, false);
                return el == null ? null : HclType.map(el);
            }
            case "optional":
                if (!optionalAllowed) {
                    return error(d, e, "Keyword \"optional\" is valid only as a modifier for object type attributes.");
                }
                return type(arg, d, false);
            case "object":
                return object(arg, d);
            case "tuple": {
                Optional<List<Expression>> items = StaticAnalysis.list(arg);
                if (items.isEmpty()) {
                    return error(d, arg, "Tuple type constructor requires a list of element types.");
                }
                List<HclType> types = new ArrayList<>();
                for (Expression item : items.get()) {
                    HclType t = type(item, d, false);
                    if (t == null) {
                        return null;
                    }
                    types.add(t);
                }
                return HclType.tuple(types);
            }
            default:
                return error(d, e, "Keyword \"" + c.name() + "\" is not a valid type constructor.");
        }
    }

    private static HclType object(Expression arg, Diagnostics d) {
        Optional<List<Expression.ObjectItem>> items = StaticAnalysis.map(arg);
        if (items.isEmpty()) {
            return error(d, arg, "Object type constructor requires a map whose keys are attribute names and whose"
                    + " values are the corresponding attribute types.");
        }
        Map<String, HclType> attrs = new TreeMap<>();
        Set<String> optional = new LinkedHashSet<>();
        boolean ok = true;
        for (Expression.ObjectItem item : items.get()) {
            Optional<String> name = item.key() instanceof Expression.Parens ? Optional.empty()
                    : StaticAnalysis.keyword(item.key());
            if (name.isEmpty() && item.key() instanceof Expression.StringLit s) {
                name = Optional.of(s.value());
            }
            if (name.isEmpty() && item.key() instanceof Expression.Template t && t.isStringLiteral()) {
                name = Optional.of(t.literalValue());
            }
            if (name.isEmpty()) {
                error(d, item.key(), "Object constructor map keys must be attribute names.");
                ok = false;
                continue;
            }
            HclType t = type(item.value(), d, true);
            if (t == null) {
                ok = false;
                continue;
            }
            if (StaticAnalysis.call(item.value()).map(c -> c.name().equals("optional")).orElse(false)) {
                optional.add(name.get());
            }
            attrs.put(name.get(), t);
        }
        return ok ? HclType.object(attrs, optional) : null;
    }

    private static HclType error(Diagnostics d, Expression e, String detail) {
        d.add(Diagnostic.error(INVALID, detail, e.range()));
        return null;
    }
}
