package dev.kiln.runtime.frontend.hcl.syntax;

/** The unary operators. */
public enum UnaryOp {
    /** {@code -x}: number negation. */
    NEGATE("-"),
    /** {@code !x}: boolean not. */
    NOT("!");

    private final String symbol;

    UnaryOp(String symbol) {
        this.symbol = symbol;
    }

    /** The operator as written. */
    public String symbol() {
        return symbol;
    }
}
