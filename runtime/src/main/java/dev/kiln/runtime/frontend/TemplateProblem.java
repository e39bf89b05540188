package dev.kiln.runtime.frontend;

import java.util.Comparator;
import java.util.Objects;

/**
 * One thing wrong with a template or variable file, with where it is.
 *
 * <p>A problem shows as one line: {@link #toString} writes the control characters of its path and message (a line
 * break or a terminal escape in a value the message quotes) as escapes like {@code \n} and {@code \t}, so no
 * template can split a problem over lines or send escape sequences to the user's terminal. The components keep
 * them, so that masking a sensitive value still finds it.
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

    /** {@code text} with its control characters escaped. */
    static String oneLine(String text) {
        int first = 0;
        while (first < text.length() && !isControl(text.charAt(first))) {
            first++;
        }
        if (first == text.length()) {
            return text;
        }
        StringBuilder escaped = new StringBuilder(text.length() + 8).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isControl(c)) {
                escaped.append(c);
            } else if (c == '\n') {
                escaped.append("\\n");
            } else if (c == '\t') {
                escaped.append("\\t");
            } else if (c == '\r') {
                escaped.append("\\r");
            } else {
                escaped.append(String.format("\\u%04x", (int) c));
            }
        }
        return escaped.toString();
    }

    private static boolean isControl(char c) {
        return c < 0x20 || c >= 0x7f && c < 0xa0 || c == '\u2028' || c == '\u2029';
    }

    /**
     * {@code file:line:column: path: message}, leaving out {@code path: } when the path is empty; one line, with
     * control characters escaped.
     */
    @Override
    public String toString() {
        return position + ": " + (path.isEmpty() ? "" : oneLine(path) + ": ") + oneLine(message);
    }
}
