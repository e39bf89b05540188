package dev.kiln.runtime.frontend.hcl.syntax;

/** How bad a {@link Diagnostic} is. */
public enum Severity {
    ERROR("Error"),
    WARNING("Warning");

    private final String label;

    Severity(String label) {
        this.label = label;
    }

    /** The word a rendered diagnostic starts with. */
    public String label() {
        return label;
    }
}
