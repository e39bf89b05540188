package dev.kiln.runtime.frontend.hcl.syntax;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** Walks expressions: every node, or the variables (root traversals) an expression refers to. */
public final class Variables {
    private Variables() {
    }

    /**
     * The scope traversals in {@code expression} that refer to variables of the enclosing scope, in source order:
     * names bound by {@code for} expressions and {@code %{ for }} directives are left out inside their scope, and
     * splat items are not variables. {@code root()} of each gives the variable name (e.g. {@code local}, {@code var}).
     */
    public static List<Expression.ScopeTraversal> of(Expression expression) {
        List<Expression.ScopeTraversal> out = new ArrayList<>();
        collect(expression, Set.of(), out);
        return out;
    }

    /** Calls {@code visitor} on {@code expression} and every expression below it, parents before children. */
    public static void walk(Expression expression, Consumer<Expression> visitor) {
        visitor.accept(expression);
        for (Expression child : expression.children()) {
            walk(child, visitor);
        }
    }

    private static void collect(Expression e, Set<String> locals, List<Expression.ScopeTraversal> out) {
        if (e instanceof Expression.ScopeTraversal st) {
            if (!locals.contains(st.root())) {
                out.add(st);
            }
        } else if (e instanceof Expression.ForExpr f) {
            collect(f.collection(), locals, out);
            Set<String> inner = with(locals, f.keyVariable(), f.valueVariable());
            for (Expression c : f.children().subList(1, f.children().size())) {
                collect(c, inner, out);
            }
        } else if (e instanceof Expression.Template t) {
            for (TemplatePart p : t.parts()) {
                if (p instanceof TemplatePart.For f) {
                    collect(f.collection(), locals, out);
                    collect(f.body(), with(locals, f.keyVariable(), f.valueVariable()), out);
                } else {
                    for (Expression c : p.children()) {
                        collect(c, locals, out);
                    }
                }
            }
        } else {
            for (Expression c : e.children()) {
                collect(c, locals, out);
            }
        }
    }

    private static Set<String> with(Set<String> locals, String a, String b) {
        Set<String> s = new HashSet<>(locals);
        if (a != null) {
            s.add(a);
        }
        s.add(b);
        return s;
    }
}
