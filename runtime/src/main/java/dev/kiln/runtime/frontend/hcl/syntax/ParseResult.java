package dev.kiln.runtime.frontend.hcl.syntax;

import java.util.List;

/**
 * What parsing a file gave: always a file (possibly partial when there are errors) and every diagnostic.
 *
 * @param file the parsed file
 * @param diagnostics scanner and parser diagnostics, in the order found
 */
public record ParseResult(HclFile file, List<Diagnostic> diagnostics) {
    public ParseResult {
        diagnostics = List.copyOf(diagnostics);
    }

    /** The file's top-level body. */
    public Body body() {
        return file.body();
    }

    /** Whether any diagnostic is an error. */
    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
}
