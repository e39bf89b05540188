/**
 * HCL's canonical layout, as {@code packer fmt} writes it: {@link dev.kiln.runtime.frontend.format.HclFormatter}
 * re-spaces the tokens of the {@link dev.kiln.runtime.frontend.hcl.syntax.HclScanner} (indentation, spacing,
 * alignment of {@code =} and comments), and {@link dev.kiln.runtime.frontend.format.UnifiedDiff} shows what it
 * changed as {@code diff -u} does.
 */
package dev.kiln.runtime.frontend.format;
