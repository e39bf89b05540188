package dev.kiln.runtime.frontend.hcl.syntax;

/**
 * {@code name = expression}.
 *
 * @param name the attribute name
 * @param expression its value expression
 * @param range from the name to the end of the expression
 * @param nameRange the name alone
 */
public record Attribute(String name, Expression expression, Range range, Range nameRange) implements Node {
}
