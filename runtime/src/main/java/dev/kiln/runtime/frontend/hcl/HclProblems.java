package dev.kiln.runtime.frontend.hcl;

import dev.kiln.runtime.frontend.SourcePosition;
import dev.kiln.runtime.frontend.TemplateProblem;
import dev.kiln.runtime.frontend.hcl.syntax.Diagnostic;
import dev.kiln.runtime.frontend.hcl.syntax.DiagnosticRenderer;
import dev.kiln.runtime.frontend.hcl.syntax.HclFile;
import dev.kiln.runtime.frontend.hcl.syntax.Range;
import dev.kiln.runtime.frontend.hcl.syntax.Severity;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns HCL diagnostics into the model's {@link TemplateProblem}s: one line {@code file:line:col: path: Summary:
 * Detail} for machine-readable output and logs, and the {@link TemplateProblem.Report report} Packer prints, with the
 * source lines of the template's files. One instance per load, over the files read so far.
 */
final class HclProblems {
    /** The column Packer wraps a diagnostic's detail at. */
    static final int WIDTH = 80;

    private final List<HclFile> files;

    /** @param files the template's parsed files; the list is read when a problem is made, so it may still grow */
    HclProblems(List<HclFile> files) {
        this.files = files;
    }

    static SourcePosition position(Range range) {
        return new SourcePosition(range.filename(), range.start().line(), range.start().column());
    }

    TemplateProblem problem(Diagnostic d, String path) {
        String detail = d.detail().isEmpty() ? "" : ": " + d.detail().replaceAll("\\s*\\n\\s*", " ");
        TemplateProblem.Report report = new TemplateProblem.Report(renderer(false).render(d),
                renderer(true).render(d));
        return new TemplateProblem(position(d.subject()), path, d.summary() + detail, report);
    }

    /**
     * {@code problem}, made without a report (by the planner or a component), with one: its message is the
     * summary, its line and column the subject.
     */
    TemplateProblem at(TemplateProblem problem, Severity severity) {
        SourcePosition p = problem.position();
        TemplateProblem.Report report = new TemplateProblem.Report(
                renderer(false).renderAt(severity, problem.message(), "", p.file(), p.line(), p.column()),
                renderer(true).renderAt(severity, problem.message(), "", p.file(), p.line(), p.column()));
        return new TemplateProblem(p, problem.path(), problem.message(), report);
    }

    private DiagnosticRenderer renderer(boolean color) {
        Map<String, HclFile> byName = new LinkedHashMap<>();
        for (HclFile f : files) {
            byName.putIfAbsent(f.filename(), f);
        }
        return new DiagnosticRenderer(byName, color, WIDTH);
    }

    /**
     * A problem about no place in a file (a {@code -var} value, a JSON var file), shown as HCL shows a diagnostic
     * without a subject: its one line is {@code position: path: summary: detail}.
     */
    static TemplateProblem withoutSource(Severity severity, String summary, String detail, SourcePosition position,
                                         String path) {
        TemplateProblem.Report report = new TemplateProblem.Report(
                new DiagnosticRenderer(Map.of(), false, WIDTH).renderWithoutSource(severity, summary, detail),
                new DiagnosticRenderer(Map.of(), true, WIDTH).renderWithoutSource(severity, summary, detail));
        return new TemplateProblem(position, path, summary + ": " + detail.replaceAll("\\s*\\n\\s*", " "), report);
    }

    List<TemplateProblem> errors(Collection<Diagnostic> diagnostics, String path) {
        return diagnostics.stream().filter(Diagnostic::isError).map(d -> problem(d, path)).toList();
    }
}
