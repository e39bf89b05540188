package dev.kiln.runtime.frontend;

import java.util.Objects;

/**
 * Where something starts in a source file, as the user sees it: 1-based line and column.
 *
 * <p>A line of 0 means the position is unknown within the file (a file that cannot be read, a value from the command
 * line); then only the file is shown.
 *
 * @param file the file as the user named it, never null
 * @param line the 1-based line, or 0 when unknown
 * @param column the 1-based column (in characters), or 0 when unknown
 */
public record SourcePosition(String file, int line, int column) {

    /** Checks the file is given. */
    public SourcePosition {
        Objects.requireNonNull(file, "file");
    }

    /** A position naming only {@code file}, for problems that concern the file as a whole. */
    public static SourcePosition of(String file) {
        return new SourcePosition(file, 0, 0);
    }

    // written out, as in TemplateProblem: a record's generated equals and hashCode cost a cold start method handles
    @Override
    public boolean equals(Object o) {
        return o instanceof SourcePosition p && line == p.line && column == p.column && file.equals(p.file);
    }

    @Override
    public int hashCode() {
        return (31 * file.hashCode() + line) * 31 + column;
    }

    /** {@code file:line:column}, or just {@code file} when the line is unknown. */
    @Override
    public String toString() {
        return line <= 0 ? file : file + ":" + line + ":" + column;
    }
}
