package dev.kiln.runtime.frontend.hcl.syntax;

/**
 * One token of a source file.
 *
 * @param type what it is
 * @param range where it is; its bytes are {@code range.text(source)}
 */
public record Token(TokenType type, Range range) {
    /** The offset of the first byte. */
    public int startByte() {
        return range.start().byteOffset();
    }

    /** The offset just after the last byte. */
    public int endByte() {
        return range.end().byteOffset();
    }
}
