package dev.kiln.runtime.template;

import java.util.Comparator;
import java.util.Objects;

/**
 * One thing wrong with a template or variable file, with where it is.
 *
 * @param position where the offending key or value starts, never null
 * @param path the template path of the block or key concerned, like {@code builders[0]} or {@code variables.foo};
 *     empty for the template as a whole
 * @param message what is wrong and, where possible, what to do; never null
 */
public record TemplateProblem(SourcePosition position, String path, String message) {

    /** Orders problems as they appear in their files: by file, then line, then column. */
    public static final Comparator<TemplateProblem> BY_POSITION = Comparator
            .comparing((TemplateProblem p) -> p.position().file())
            .thenComparingInt(p -> p.position().line())
            .thenComparingInt(p -> p.position().column());

    /** Checks the parts are given; a null path becomes empty. */
    public TemplateProblem {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(message, "message");
        path = path == null ? "" : path;
    }

    /** {@code file:line:column: path: message}, leaving out {@code path: } when the path is empty. */
    @Override
    public String toString() {
        return position + ": " + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
