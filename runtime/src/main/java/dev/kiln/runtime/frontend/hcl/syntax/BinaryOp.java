package dev.kiln.runtime.frontend.hcl.syntax;

/** The binary operators with the spec's precedence levels (higher binds tighter; all left-associative). */
public enum BinaryOp {
    MULTIPLY("*", 6), DIVIDE("/", 6), MODULO("%", 6),
    ADD("+", 5), SUBTRACT("-", 5),
    GREATER_THAN(">", 4), GREATER_THAN_OR_EQUAL(">=", 4), LESS_THAN("<", 4), LESS_THAN_OR_EQUAL("<=", 4),
    EQUAL("==", 3), NOT_EQUAL("!=", 3),
    AND("&&", 2),
    OR("||", 1);

    private final String symbol;
    private final int precedence;

    BinaryOp(String symbol, int precedence) {
        this.symbol = symbol;
        this.precedence = precedence;
    }

    /** The operator as written. */
    public String symbol() {
        return symbol;
    }

    /** 1 ({@code ||}) to 6 ({@code * / %}). */
    public int precedence() {
        return precedence;
    }

    static BinaryOp of(TokenType t) {
        return switch (t) {
            case STAR -> MULTIPLY;
            case SLASH -> DIVIDE;
            case PERCENT -> MODULO;
            case PLUS -> ADD;
            case MINUS -> SUBTRACT;
            case GREATER_THAN -> GREATER_THAN;
            case GREATER_THAN_EQ -> GREATER_THAN_OR_EQUAL;
            case LESS_THAN -> LESS_THAN;
            case LESS_THAN_EQ -> LESS_THAN_OR_EQUAL;
            case EQUAL_OP -> EQUAL;
            case NOT_EQUAL -> NOT_EQUAL;
            case AND -> AND;
            case OR -> OR;
            default -> null;
        };
    }
}
