package dev.kiln.runtime.frontend.hcl.syntax;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A half-open span of a source file, {@code [start, end)}.
 *
 * @param filename the file name as given to the parser
 * @param start the first position
 * @param end the position just after the last character; equal to {@code start} for an empty range
 */
public record Range(String filename, Pos start, Pos end) {
    public Range {
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
    }

    /** The smallest range covering both {@code a} and {@code b} (which must be in the same file). */
    public static Range between(Range a, Range b) {
        Pos s = a.start.byteOffset() <= b.start.byteOffset() ? a.start : b.start;
        Pos e = a.end.byteOffset() >= b.end.byteOffset() ? a.end : b.end;
        return new Range(a.filename, s, e);
    }

    /** An empty range at {@code pos}. */
    public static Range at(String filename, Pos pos) {
        return new Range(filename, pos, pos);
    }

    /** Whether the range covers no characters. */
    public boolean isEmpty() {
        return start.byteOffset() == end.byteOffset();
    }

    /** Whether {@code byteOffset} lies in {@code [start, end)}. */
    public boolean containsOffset(int byteOffset) {
        return byteOffset >= start.byteOffset() && byteOffset < end.byteOffset();
    }

    /** The source text this range covers, decoded from {@code source} (the bytes the parser was given). */
    public String text(byte[] source) {
        int s = Math.max(0, Math.min(start.byteOffset(), source.length));
        int e = Math.max(s, Math.min(end.byteOffset(), source.length));
        return new String(source, s, e - s, StandardCharsets.UTF_8);
    }

    /** HCL's short form: {@code file:line,col-col} or {@code file:line,col-line,col}. */
    @Override
    public String toString() {
        if (start.line() == end.line()) {
            return filename + ":" + start.line() + "," + start.column() + "-" + end.column();
        }
        return filename + ":" + start.line() + "," + start.column() + "-" + end.line() + "," + end.column();
    }
}
