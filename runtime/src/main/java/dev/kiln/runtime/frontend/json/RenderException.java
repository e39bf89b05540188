package dev.kiln.runtime.frontend.json;

import dev.kiln.api.ConfigException;

/**
 * A template string could not be rendered: bad syntax, an unknown function, a wrong argument, a missing field.
 * The message starts with the position within the string, e.g. {@code column 3: function "foo" not defined}.
 */
public class RenderException extends ConfigException {

    private static final long serialVersionUID = 1L;

    private final String reason;
    private final int line;
    private final int column;
    private final String unsetVariable;
    private final String unknownVariable;

    /**
     * Creates the exception.
     *
     * @param reason what is wrong, without the position
     * @param line the 1-based line within the rendered string
     * @param column the 1-based column within that line
     */
    public RenderException(String reason, int line, int column) {
        this(reason, line, column, null);
    }

    RenderException(String reason, int line, int column, String unsetVariable) {
        this(reason, line, column, unsetVariable, null);
    }

    RenderException(String reason, int line, int column, String unsetVariable, String unknownVariable) {
        super((line > 1 ? "line " + line + ", column " + column : "column " + column) + ": " + reason);
        this.reason = reason;
        this.line = line;
        this.column = column;
        this.unsetVariable = unsetVariable;
        this.unknownVariable = unknownVariable;
    }

    /** What is wrong, without the position. */
    public String reason() {
        return reason;
    }

    /** The 1-based line within the rendered string. */
    public int line() {
        return line;
    }

    /** The 1-based column within that line. */
    public int column() {
        return column;
    }

    /** The user variable whose absence caused this (only where unset variables are errors), or null. */
    String unsetVariable() {
        return unsetVariable;
    }

    /**
     * The user variable whose value is not known ({@link RenderContext#unknownVariables()}) that the string uses, or
     * null. Such a failure is no problem of the string itself: a check skips the value rather than report it.
     */
    public String unknownVariable() {
        return unknownVariable;
    }
}
