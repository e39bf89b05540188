package dev.kiln.runtime.frontend;

import java.util.Comparator;
import java.util.Objects;
import java.util.function.UnaryOperator;

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
 * @param report the problem as its format prints it in full, or null for the one line of {@link #toString}
 *
 * <p>{@code equals} and {@code hashCode} are written out, as in {@code HclType}: the ones a record generates bootstrap
 * method handles on first use, a cold start's cost when a validation collects its warnings in a set.
 */
public record TemplateProblem(SourcePosition position, String path, String message, Report report) {

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

    @Override
    public boolean equals(Object o) {
        return o instanceof TemplateProblem p && position.equals(p.position) && path.equals(p.path)
                && message.equals(p.message) && Objects.equals(report, p.report);
    }

    @Override
    public int hashCode() {
        return (31 * position.hashCode() + path.hashCode()) * 31 + message.hashCode();
    }

    /** A problem that shows as its one line. */
    public TemplateProblem(SourcePosition position, String path, String message) {
        this(position, path, message, null);
    }

    /**
     * This problem with {@code edit} applied to its message and its report's texts (to mask sensitive values).
     */
    public TemplateProblem withText(UnaryOperator<String> edit) {
        return new TemplateProblem(position, path, edit.apply(message), report == null ? null
                : new Report(edit.apply(report.plain()), edit.apply(report.colored())));
    }

    /** This problem with {@code report} instead of its own (null: shown as its one line). */
    public TemplateProblem withReport(Report report) {
        return new TemplateProblem(position, path, message, report);
    }

    /**
     * A problem as HCL2 (and so Packer) prints it, on several lines: {@code Error: summary}, a blank line,
     * {@code   on FILE line N, in BLOCK:}, the source lines with their numbers, a blank line, then the detail.
     *
     * @param plain the text without colours, ending with a blank line
     * @param colored the same text with the severity coloured and the subject bold and underlined (ANSI codes)
     */
    public record Report(String plain, String colored) {
        /** Checks both texts are given. */
        public Report {
            Objects.requireNonNull(plain, "plain");
            Objects.requireNonNull(colored, "colored");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Report r && plain.equals(r.plain) && colored.equals(r.colored);
        }

        @Override
        public int hashCode() {
            return plain.hashCode();
        }

        /** {@link #colored} or {@link #plain}. */
        public String text(boolean color) {
            return color ? colored : plain;
        }
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
