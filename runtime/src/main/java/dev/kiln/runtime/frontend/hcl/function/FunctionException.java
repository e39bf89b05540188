package dev.kiln.runtime.frontend.hcl.function;

/**
 * Thrown by a function implementation: {@link HclFunction#call} turns it into an {@code HclException} with HCL's
 * wording, "Invalid value for "x" parameter: ..." when {@link #argumentIndex()} names an argument, "Call to function
 * "f" failed: ..." otherwise.
 */
public final class FunctionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int argumentIndex;

    /** A failure not tied to one argument. */
    public FunctionException(String message) {
        this(-1, message);
    }

    /** A failure caused by the argument at {@code argumentIndex} (zero-based, counting variadic arguments). */
    public FunctionException(int argumentIndex, String message) {
        super(message);
        this.argumentIndex = argumentIndex;
    }

    public int argumentIndex() {
        return argumentIndex;
    }
}
