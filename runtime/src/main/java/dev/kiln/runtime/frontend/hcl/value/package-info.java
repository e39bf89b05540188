/**
 * HCL2's value model with go-cty's semantics, for Kiln's HCL2 front end: types ({@link
 * dev.kiln.runtime.frontend.hcl.value.HclType}), immutable typed values with null and unknown ({@link
 * dev.kiln.runtime.frontend.hcl.value.HclValue}), conversion and unification ({@link
 * dev.kiln.runtime.frontend.hcl.value.HclConvert}) and the operations the evaluator performs for operators, index,
 * attribute access, iteration and conditionals ({@link dev.kiln.runtime.frontend.hcl.value.HclOperations}). Failures
 * are {@link dev.kiln.runtime.frontend.hcl.value.HclException}s carrying HCL's summary and detail; the evaluator adds
 * the source range.
 */
package dev.kiln.runtime.frontend.hcl.value;
