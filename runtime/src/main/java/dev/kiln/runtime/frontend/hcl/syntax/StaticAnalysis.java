package dev.kiln.runtime.frontend.hcl.syntax;

import java.util.List;
import java.util.Optional;

/**
 * The spec's static analysis operations: reading the shape of an expression without evaluating it, as
 * {@code ext/typeexpr} does for {@code list(string)} and Packer does for {@code only}/{@code except} lists.
 * Parentheses are looked through.
 */
public final class StaticAnalysis {
    private StaticAnalysis() {
    }

    /**
     * A static call: {@code name(args)} with the name verbatim and the argument expressions uninterpreted.
     *
     * @param name the function name
     * @param nameRange the name's span
     * @param args the argument expressions
     * @param expandFinal whether the last argument was followed by {@code ...}
     * @param range the whole call
     */
    public record Call(String name, Range nameRange, List<Expression> args, boolean expandFinal, Range range) {
        public Call {
            args = List.copyOf(args);
        }
    }

    /** The elements of a tuple constructor ({@code [a, b]}), or empty when {@code e} is not one. */
    public static Optional<List<Expression>> list(Expression e) {
        return unwrap(e) instanceof Expression.TupleCons t ? Optional.of(t.elements()) : Optional.empty();
    }

    /** The pairs of an object constructor, keys uninterpreted (any key expression), or empty. */
    public static Optional<List<Expression.ObjectItem>> map(Expression e) {
        return unwrap(e) instanceof Expression.ObjectCons o ? Optional.of(o.items()) : Optional.empty();
    }

    /** {@code e} as a static call, or empty. */
    public static Optional<Call> call(Expression e) {
        if (unwrap(e) instanceof Expression.FunctionCall f) {
            return Optional.of(new Call(f.name(), f.nameRange(), f.args(), f.expandFinal(), f.range()));
        }
        return Optional.empty();
    }

    /**
     * {@code e} as a static traversal: a variable with attribute and constant index steps; the keywords {@code true},
     * {@code false} and {@code null} read as variables of those names. Empty for anything else.
     */
    public static Optional<Expression.ScopeTraversal> traversal(Expression e) {
        Expression u = unwrap(e);
        if (u instanceof Expression.ScopeTraversal st) {
            return Optional.of(st);
        }
        if (u instanceof Expression.BoolLit || u instanceof Expression.NullLit) {
            String name = u instanceof Expression.BoolLit b ? String.valueOf(b.value()) : "null";
            return Optional.of(new Expression.ScopeTraversal(name, u.range(), List.of(), u.range()));
        }
        return Optional.empty();
    }

    /** The name when {@code e} is a single bare identifier (or keyword), as HCL's {@code ExprAsKeyword}; else empty. */
    public static Optional<String> keyword(Expression e) {
        return traversal(e).filter(t -> t.steps().isEmpty()).map(Expression.ScopeTraversal::root);
    }

    private static Expression unwrap(Expression e) {
        while (e instanceof Expression.Parens p) {
            e = p.inner();
        }
        return e;
    }
}
