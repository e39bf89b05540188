package dev.kiln.runtime.frontend.hcl.syntax;

/**
 * A position in a source file.
 *
 * @param line 1-based line number
 * @param column 1-based column, counted in characters (code points, with combining marks and joined emoji counted
 *     with the character before them, an approximation of HCL's grapheme clusters)
 * @param byteOffset 0-based offset in the file's UTF-8 bytes
 */
public record Pos(int line, int column, int byteOffset) implements Comparable<Pos> {
    /** The start of a file. */
    public static final Pos START = new Pos(1, 1, 0);

    @Override
    public int compareTo(Pos other) {
        return Integer.compare(byteOffset, other.byteOffset);
    }

    @Override
    public String toString() {
        return line + "," + column + "@" + byteOffset;
    }
}
