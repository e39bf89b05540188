/**
 * The HCL2 native syntax: scanner, parser and positioned syntax tree, written from {@code hclsyntax/spec.md}.
 *
 * <p>{@link dev.kiln.runtime.frontend.hcl.syntax.HclParser} turns a file, an expression or a standalone template into
 * an immutable tree ({@link dev.kiln.runtime.frontend.hcl.syntax.Body}, {@link
 * dev.kiln.runtime.frontend.hcl.syntax.Expression}) plus every {@link
 * dev.kiln.runtime.frontend.hcl.syntax.Diagnostic} found; it never throws for bad input. Nothing here evaluates: strip
 * markers, heredoc indentation and escapes are applied at parse time, and everything else an evaluator needs
 * (operators, traversals, interpolation unwrapping, splat items, for-expression variables) is explicit in the tree.
 */
package dev.kiln.runtime.frontend.hcl.syntax;
