package dev.kiln.runtime.frontend.hcl.eval;

import dev.kiln.runtime.frontend.hcl.syntax.Diagnostic;
import dev.kiln.runtime.frontend.hcl.value.HclValue;

import java.util.List;

/**
 * What evaluating an expression gave: a value (an unknown of any type where an error was found) and every diagnostic.
 *
 * @param value the value, never null
 * @param diagnostics the problems found, in order
 */
public record EvalResult(HclValue value, List<Diagnostic> diagnostics) {
    public EvalResult {
        diagnostics = List.copyOf(diagnostics);
    }

    /** Whether any diagnostic is an error. */
    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
}
