/**
 * Evaluation of HCL2 native-syntax expressions, written from {@code hclsyntax/spec.md}, {@code ext/typeexpr},
 * {@code ext/dynblock} and {@code ext/tryfunc}.
 *
 * <p>{@link dev.kiln.runtime.frontend.hcl.eval.Evaluator} turns an {@link
 * dev.kiln.runtime.frontend.hcl.syntax.Expression} into an {@link dev.kiln.runtime.frontend.hcl.value.HclValue} in an
 * {@link dev.kiln.runtime.frontend.hcl.eval.EvalContext} (variables, nested scopes, the function table) and reports
 * every problem as a {@link dev.kiln.runtime.frontend.hcl.syntax.Diagnostic} with HCL's summary and the range of the
 * expression concerned; where an error is found the value is unknown, so one evaluation reports every problem and
 * unknown values flow on. It provides {@code try}, {@code can}, {@code convert} and {@code templatefile}, which need
 * unevaluated arguments, a type expression or the parser. {@link dev.kiln.runtime.frontend.hcl.eval.TypeExpressions}
 * reads type constraints statically; {@link dev.kiln.runtime.frontend.hcl.eval.DynamicBlocks} expands
 * {@code dynamic} blocks into an {@link dev.kiln.runtime.frontend.hcl.eval.ExpandedBody}.
 *
 * <pre>{@code
 * EvalContext ctx = EvalContext.of(Map.of("var", vars), HclFunctions.packer(dir, clock), dir);
 * EvalResult r = Evaluator.evaluate("x.hcl", "upper(var.name)", ctx);
 * }</pre>
 */
package dev.kiln.runtime.frontend.hcl.eval;
