package dev.kiln.runtime.frontend.hcl.syntax;

import java.util.Objects;

/**
 * One problem found in a source file, in HCL's shape.
 *
 * @param severity error or warning
 * @param summary a short title, e.g. {@code "Attribute redefined"}
 * @param detail one or more sentences saying what is wrong and how to fix it; may be empty, never null
 * @param subject the span the problem is about; never null
 * @param context a wider span that helps to understand it (e.g. the whole expression), or null
 */
public record Diagnostic(Severity severity, String summary, String detail, Range subject, Range context) {
    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(summary, "summary");
        detail = detail == null ? "" : detail;
        Objects.requireNonNull(subject, "subject");
    }

    /** An error without context. */
    public static Diagnostic error(String summary, String detail, Range subject) {
        return new Diagnostic(Severity.ERROR, summary, detail, subject, null);
    }

    /** Whether this is an error. */
    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
