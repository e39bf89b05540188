package dev.kiln.runtime.frontend.hcl;

import dev.kiln.runtime.frontend.SourcePosition;
import dev.kiln.runtime.frontend.TemplateProblem;
import dev.kiln.runtime.frontend.hcl.syntax.Diagnostic;
import dev.kiln.runtime.frontend.hcl.syntax.Range;

import java.util.Collection;
import java.util.List;

/** Turns HCL diagnostics into the model's {@link TemplateProblem}s: {@code file:line:col: path: Summary: Detail}. */
final class HclProblems {
    private HclProblems() {
    }

    static SourcePosition position(Range range) {
        return new SourcePosition(range.filename(), range.start().line(), range.start().column());
    }

    static TemplateProblem problem(Diagnostic d, String path) {
        String detail = d.detail().isEmpty() ? "" : ": " + d.detail().replaceAll("\\s*\\n\\s*", " ");
        return new TemplateProblem(position(d.subject()), path, d.summary() + detail);
    }

    static List<TemplateProblem> errors(Collection<Diagnostic> diagnostics, String path) {
        return diagnostics.stream().filter(Diagnostic::isError).map(d -> problem(d, path)).toList();
    }
}
