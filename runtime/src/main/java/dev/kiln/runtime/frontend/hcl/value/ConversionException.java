package dev.kiln.runtime.frontend.hcl.value;

/**
 * A value that cannot be converted to a type. {@link #getMessage()} is cty's message without a path, e.g. {@code a
 * number is required} or {@code element 0: string required}; {@link #path()} is where inside the value it failed, as
 * an HCL traversal ({@code [0].name}), or empty for the value itself.
 */
public final class ConversionException extends HclException {

    private static final long serialVersionUID = 1L;

    private final String path;
    private final String reason;

    public ConversionException(String path, String reason) {
        super("Incorrect value type", reason);
        this.path = path;
        this.reason = reason;
    }

    /** Where in the value the conversion failed, e.g. {@code [0]} or {@code .name}; empty for the value itself. */
    public String path() {
        return path;
    }

    @Override
    public String getMessage() {
        return reason;
    }
}
