package dev.kiln.runtime.frontend.hcl.value;

import dev.kiln.api.KilnException;

/**
 * A failed HCL operation, conversion or function call, shaped like an HCL diagnostic without a source range: a short
 * {@link #summary()} ("Invalid index") and a sentence of {@link #detail()} ("The given key does not identify an element
 * in this collection value."). The evaluator attaches the range of the expression that failed.
 *
 * <p>{@link #argumentIndex()} is the zero-based index of the function argument or operand at fault, or -1.
 */
public class HclException extends KilnException {

    private static final long serialVersionUID = 1L;

    private final String summary;
    private final String detail;
    private final int argumentIndex;

    public HclException(String summary, String detail) {
        this(summary, detail, -1);
    }

    public HclException(String summary, String detail, int argumentIndex) {
        super(summary + ": " + detail);
        this.summary = summary;
        this.detail = detail;
        this.argumentIndex = argumentIndex;
    }

    /** The diagnostic's summary, e.g. {@code Invalid function argument}. */
    public String summary() {
        return summary;
    }

    /** The diagnostic's detail, a sentence ending with a full stop. */
    public String detail() {
        return detail;
    }

    /** The zero-based index of the offending argument or operand, or -1 if none is singled out. */
    public int argumentIndex() {
        return argumentIndex;
    }
}
