package dev.kiln.runtime.frontend.hcl.syntax;

import java.util.List;

/**
 * What parsing an expression or a standalone template gave.
 *
 * @param expression the expression; {@link Expression.Invalid} parts stand where errors were
 * @param source the UTF-8 source parsed
 * @param diagnostics every diagnostic found
 */
public record ExpressionResult(Expression expression, byte[] source, List<Diagnostic> diagnostics) {
    public ExpressionResult {
        diagnostics = List.copyOf(diagnostics);
    }

    /** Whether any diagnostic is an error. */
    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
}
