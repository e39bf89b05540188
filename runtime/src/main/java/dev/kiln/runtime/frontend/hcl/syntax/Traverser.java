package dev.kiln.runtime.frontend.hcl.syntax;

/** One static step of a traversal: {@code .name}, {@code [literal]} or the legacy {@code .0}. */
public sealed interface Traverser extends Node {
    /**
     * {@code .name}.
     *
     * @param name the attribute name
     * @param range the dot and the name
     */
    record GetAttr(String name, Range range) implements Traverser {
    }

    /**
     * {@code [key]} with a literal key, or the legacy {@code .N} index.
     *
     * @param key a {@link Expression.NumberLit}, {@link Expression.BoolLit}, {@link Expression.NullLit} or a
     *     {@link Expression.Template} that {@link Expression.Template#isStringLiteral() is a string literal}
     * @param legacy whether it was written {@code .N}
     * @param range brackets and key (or dot and digits)
     */
    record Index(Expression key, boolean legacy, Range range) implements Traverser {
    }
}
