/**
 * The HCL2 native syntax: scanner, parser and positioned syntax tree, written from {@code hclsyntax/spec.md}.
 *
 * <p>{@link dev.kiln.runtime.frontend.hcl.syntax.HclParser} turns a file, an expression or a standalone template into
 * an immutable tree plus every {@link dev.kiln.runtime.frontend.hcl.syntax.Diagnostic} found; it never throws for bad
 * input. Nothing here evaluates: strip markers, heredoc indentation and escapes are applied at parse time, and
 * everything else an evaluator needs (operators, traversals, interpolation unwrapping, splat items, for-expression
 * variables) is explicit in the tree. Every node implements {@link dev.kiln.runtime.frontend.hcl.syntax.Node} and so
 * has a {@link dev.kiln.runtime.frontend.hcl.syntax.Range}; {@code range.text(source)} gives its source text.
 *
 * <h2>How an evaluator walks the tree</h2>
 * A file is a {@link dev.kiln.runtime.frontend.hcl.syntax.Body}: {@code attributes()} (names unique) and
 * {@code blocks()} ({@code type()}, {@code labels()}, nested {@code body()}). Each attribute holds an {@link
 * dev.kiln.runtime.frontend.hcl.syntax.Expression}; match its record type with {@code instanceof}:
 * <ul>
 *   <li>{@code NumberLit} ({@code value()} is exact), {@code BoolLit}, {@code NullLit}, {@code StringLit} (a bare
 *       identifier object key).</li>
 *   <li>{@code Template}: concatenate its {@link dev.kiln.runtime.frontend.hcl.syntax.TemplatePart}s as strings:
 *       {@code Literal} text, {@code Interpolation} (value converted to string), {@code If} ({@code then} or
 *       {@code otherwise}, the latter may be null), {@code For} (body once per element with the key/value variables in
 *       a child scope). {@code TemplateWrap} is a template that was exactly one {@code ${x}}: return x's value and
 *       type unchanged.</li>
 *   <li>{@code ScopeTraversal}: look up {@code root()} in the scope, then apply {@code steps()}; {@code
 *       RelativeTraversal} applies its steps to {@code source()}'s value. A {@link
 *       dev.kiln.runtime.frontend.hcl.syntax.Traverser} is {@code GetAttr(name)} or {@code Index(key)} with a
 *       literal key (legacy {@code a.0} is an {@code Index} with {@code legacy() == true}). {@code IndexExpr} is an
 *       index with a computed key.</li>
 *   <li>{@code Splat}: for each element of {@code source()} (a non-list becomes a one-element list, null an empty
 *       tuple) bind {@code item()} to the element and evaluate {@code each()}; the results form a tuple. {@code
 *       SplatItem} nodes inside {@code each()} evaluate to the bound element (compare by identity or range).</li>
 *   <li>{@code TupleCons}, {@code ObjectCons} (keys converted to strings), {@code FunctionCall} ({@code
 *       expandFinal()}: spread the last argument's elements), {@code Conditional}, {@code Unary}, {@code Binary}
 *       ({@link dev.kiln.runtime.frontend.hcl.syntax.BinaryOp}), {@code Parens} (just its inner value), {@code
 *       ForExpr} ({@code collection()} in the outer scope; key/value/condition per element in a child scope with
 *       {@code keyVariable()} (may be null) and {@code valueVariable()}; {@code isObject()}, {@code grouping()}).</li>
 *   <li>{@code Invalid} marks where a syntax error was reported; evaluating it is an error.</li>
 * </ul>
 * {@code Expression.children()} lists sub-expressions for generic walks ({@link
 * dev.kiln.runtime.frontend.hcl.syntax.Variables#walk}); {@link dev.kiln.runtime.frontend.hcl.syntax.Variables#of}
 * gives the variables an expression needs (for ordering locals). {@link
 * dev.kiln.runtime.frontend.hcl.syntax.DiagnosticRenderer} prints diagnostics as HCL and Packer do.
 */
package dev.kiln.runtime.frontend.hcl.syntax;
