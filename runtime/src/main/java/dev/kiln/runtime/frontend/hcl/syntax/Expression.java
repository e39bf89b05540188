package dev.kiln.runtime.frontend.hcl.syntax;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * An expression of the HCL native syntax. Every node is an immutable record carrying its {@link Range}; {@link
 * #children()} lists the sub-expressions in source order, so a walk needs no visitor. An evaluator matches on the
 * record types with {@code instanceof}.
 */
public sealed interface Expression extends Node {
    /** The direct sub-expressions, in source order. */
    List<Expression> children();

    /**
     * A number literal as written, e.g. {@code 1}, {@code 3.5e10}.
     *
     * @param text the literal's source text
     * @param range where it is
     */
    record NumberLit(String text, Range range) implements Expression {
        /** The exact value. */
        public BigDecimal value() {
            return new BigDecimal(text);
        }

        @Override
        public List<Expression> children() {
            return List.of();
        }
    }

    /**
     * {@code true} or {@code false}.
     *
     * @param value the value
     * @param range the keyword
     */
    record BoolLit(boolean value, Range range) implements Expression {
        @Override
        public List<Expression> children() {
            return List.of();
        }
    }

    /**
     * {@code null}.
     *
     * @param range the keyword
     */
    record NullLit(Range range) implements Expression {
        @Override
        public List<Expression> children() {
            return List.of();
        }
    }

    /**
     * A string that was not written as a template: a bare identifier used as an object key ({@code { name = 1 }}).
     *
     * @param value the string
     * @param range the identifier
     */
    record StringLit(String value, Range range) implements Expression {
        @Override
        public List<Expression> children() {
            return List.of();
        }
    }

    /**
     * A quoted or heredoc template, or a standalone one: evaluates to a string built from its parts.
     *
     * @param parts literals, interpolations and directives; never empty ({@code ""} has one empty literal)
     * @param range quotes or heredoc markers included
     */
    record Template(List<TemplatePart> parts, Range range) implements Expression {
        public Template {
            parts = List.copyOf(parts);
        }

        /** Whether the template is one literal (e.g. {@code "abc"}), so it is a plain string. */
        public boolean isStringLiteral() {
            return parts.size() == 1 && parts.get(0) instanceof TemplatePart.Literal;
        }

        /** The string of a {@link #isStringLiteral() string literal}, or null. */
        public String literalValue() {
            return isStringLiteral() ? ((TemplatePart.Literal) parts.get(0)).value() : null;
        }

        @Override
        public List<Expression> children() {
            List<Expression> out = new ArrayList<>();
            for (TemplatePart p : parts) {
                out.addAll(p.children());
            }
            return out;
        }
    }

    /**
     * A template that is exactly one interpolation ({@code "${x}"}): its value is {@code wrapped}'s value, with its
     * type, not converted to a string (interpolation unwrapping).
     *
     * @param wrapped the interpolated expression
     * @param range the whole template
     */
    record TemplateWrap(Expression wrapped, Range range) implements Expression {
        @Override
        public List<Expression> children() {
            return List.of(wrapped);
        }
    }

    /**
     * {@code [a, b]}.
     *
     * @param elements the items
     * @param range brackets included
     */
    record TupleCons(List<Expression> elements, Range range) implements Expression {
        public TupleCons {
            elements = List.copyOf(elements);
        }

        @Override
        public List<Expression> children() {
            return elements;
        }
    }

    /**
     * {@code { k = v, "k": v, (expr) = v }}.
     *
     * @param items the key/value pairs in order
     * @param range braces included
     */
    record ObjectCons(List<ObjectItem> items, Range range) implements Expression {
        public ObjectCons {
            items = List.copyOf(items);
        }

        @Override
        public List<Expression> children() {
            List<Expression> out = new ArrayList<>(items.size() * 2);
            for (ObjectItem i : items) {
                out.add(i.key());
                out.add(i.value());
            }
            return out;
        }
    }

    /**
     * One {@code key = value} of an object constructor.
     *
     * @param key a {@link StringLit} for a bare identifier; otherwise any expression ({@link Parens} when written
     *     {@code (expr)}), whose value is converted to a string
     * @param value the value
     * @param range key to value
     */
    record ObjectItem(Expression key, Expression value, Range range) implements Node {
    }

    /**
     * A variable and static steps after it: {@code a}, {@code a.b[0]["k"]}, {@code a.0}.
     *
     * @param root the variable name
     * @param rootRange the name's span
     * @param steps the steps, maybe none
     * @param range the whole traversal
     */
    record ScopeTraversal(String root, Range rootRange, List<Traverser> steps, Range range) implements Expression {
        public ScopeTraversal {
            steps = List.copyOf(steps);
        }

        @Override
        public List<Expression> children() {
            return List.of();
        }
    }

    /**
     * Static steps applied to the value of another expression, e.g. {@code f(x).a[0]}.
     *
     * @param source the expression traversed
     * @param steps at least one step
     * @param range source and steps
     */
    record RelativeTraversal(Expression source, List<Traverser> steps, Range range) implements Expression {
        public RelativeTraversal {
            steps = List.copyOf(steps);
        }

        @Override
        public List<Expression> children() {
            return List.of(source);
        }
    }

    /**
     * {@code collection[key]} with a key that is not a literal.
     *
     * @param collection the indexed value
     * @param key the key expression
     * @param range collection to closing bracket
     */
    record IndexExpr(Expression collection, Expression key, Range range) implements Expression {
        @Override
        public List<Expression> children() {
            return List.of(collection, key);
        }
    }

    /**
     * {@code source[*]...} (full) or {@code source.*...} (attribute-only). For each element of {@code source} (a
     * non-list is wrapped in a one-element list; null gives an empty tuple), {@code item} stands for the element
     * while {@code each} is evaluated; the results make a tuple.
     *
     * @param source the collection
     * @param each the per-element expression; {@code item} itself when nothing follows the star
     * @param item the placeholder for the current element
     * @param full whether written {@code [*]}
     * @param range source to the last step
     */
    record Splat(Expression source, Expression each, SplatItem item, boolean full, Range range) implements Expression {
        @Override
        public List<Expression> children() {
            return List.of(source, each);
        }
    }

    /**
     * The current element inside a {@link Splat}'s {@code each}.
     *
     * @param range the splat marker
     */
    record SplatItem(Range range) implements Expression {
        @Override
        public List<Expression> children() {
            return List.of();
        }
    }

    /**
     * {@code name(args)}; {@code name(a, list...)} expands the last argument's elements into arguments.
     *
     * @param name the function name
     * @param nameRange the name's span
     * @param args the arguments
     * @param expandFinal whether the last argument was followed by {@code ...}
     * @param range name to closing parenthesis
     */
    record FunctionCall(String name, Range nameRange, List<Expression> args, boolean expandFinal, Range range)
            implements Expression {
        public FunctionCall {
            args = List.copyOf(args);
        }

        @Override
        public List<Expression> children() {
            return args;
        }
    }

    /**
     * {@code condition ? trueResult : falseResult}.
     *
     * @param condition must be a bool
     * @param trueResult the value when true
     * @param falseResult the value when false
     * @param range the whole expression
     */
    record Conditional(Expression condition, Expression trueResult, Expression falseResult, Range range)
            implements Expression {
        @Override
        public List<Expression> children() {
            return List.of(condition, trueResult, falseResult);
        }
    }

    /**
     * {@code -x} or {@code !x}.
     *
     * @param op the operator
     * @param operand the operand
     * @param range operator and operand
     */
    record Unary(UnaryOp op, Expression operand, Range range) implements Expression {
        @Override
        public List<Expression> children() {
            return List.of(operand);
        }
    }

    /**
     * {@code lhs op rhs}.
     *
     * @param lhs the left operand
     * @param op the operator
     * @param rhs the right operand
     * @param range both operands
     */
    record Binary(Expression lhs, BinaryOp op, Expression rhs, Range range) implements Expression {
        @Override
        public List<Expression> children() {
            return List.of(lhs, rhs);
        }
    }

    /**
     * {@code (inner)}: evaluates to {@code inner}; kept so {@code (a) = v} object keys are told from {@code a = v}.
     *
     * @param inner the wrapped expression
     * @param range parentheses included
     */
    record Parens(Expression inner, Range range) implements Expression {
        @Override
        public List<Expression> children() {
            return List.of(inner);
        }
    }

    /**
     * {@code [for k, v in coll : value if cond]} or {@code {for k, v in coll : key => value... if cond}}.
     *
     * @param keyVariable the key variable, or null when one name is given
     * @param valueVariable the value variable
     * @param collection what to iterate (evaluated outside the child scope)
     * @param keyExpr the object key expression, or null for the tuple form
     * @param valueExpr the element (or object value) expression
     * @param condition the filter, or null
     * @param grouping whether the value is followed by {@code ...} (values with equal keys are grouped in tuples)
     * @param range brackets or braces included
     */
    record ForExpr(String keyVariable, String valueVariable, Expression collection, Expression keyExpr,
                   Expression valueExpr, Expression condition, boolean grouping, Range range) implements Expression {
        /** Whether this produces an object ({@code {for ...}}) rather than a tuple. */
        public boolean isObject() {
            return keyExpr != null;
        }

        @Override
        public List<Expression> children() {
            List<Expression> out = new ArrayList<>(4);
            out.add(collection);
            if (keyExpr != null) {
                out.add(keyExpr);
            }
            out.add(valueExpr);
            if (condition != null) {
                out.add(condition);
            }
            return out;
        }
    }

    /**
     * What stands where a syntax error was found; evaluating it is an error (the diagnostic was already reported).
     *
     * @param range the text that could not be parsed
     */
    record Invalid(Range range) implements Expression {
        @Override
        public List<Expression> children() {
            return List.of();
        }
    }
}
