package dev.kiln.runtime.frontend.hcl.syntax;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Prints diagnostics the way HCL (and so Packer) does:
 *
 * <pre>
 * Error: Summary
 *
 *   on file.pkr.hcl line 3, in build:
 *    3:   name = x
 *
 * Detail.
 * </pre>
 *
 * <p>The "in ..." part names the top-level block around the subject, the snippet shows every line the subject (and
 * its context) covers, and with {@code color} on the severity is coloured and the subject bold-underlined with ANSI
 * codes, as HCL does; without colour a line of carets under the subject marks it (HCL marks nothing then, which
 * loses the column). When the file is unknown the source lines are left out (HCL's
 * {@code (source code not available)}), but the file name and line are always printed. Control characters of the
 * file name, the source lines, the summary and the detail (other than the detail's line breaks and the source's tabs)
 * are written as Java-style Unicode escapes, so no template can send escape sequences to the terminal.
 */
public final class DiagnosticRenderer {
    private final Map<String, HclFile> files;
    private final boolean color;
    private final int width;

    /**
     * @param files the parsed files by file name, for source lines and block headers
     * @param color whether to use ANSI colours and highlighting
     * @param width the column to wrap the detail at, or 0 not to wrap
     */
    public DiagnosticRenderer(Map<String, HclFile> files, boolean color, int width) {
        this.files = Map.copyOf(files);
        this.color = color;
        this.width = width;
    }

    /** A renderer without colour or wrapping. */
    public static DiagnosticRenderer plain(Map<String, HclFile> files) {
        return new DiagnosticRenderer(files, false, 0);
    }

    /** All of {@code diagnostics}, one after another. */
    public String render(List<Diagnostic> diagnostics) {
        StringBuilder sb = new StringBuilder();
        for (Diagnostic d : diagnostics) {
            sb.append(render(d));
        }
        return sb.toString();
    }

    /** One diagnostic, ending with a blank line. */
    public String render(Diagnostic d) {
        String colorCode = "";
        String reset = "";
        String highlight = "";
        if (color) {
            colorCode = d.severity() == Severity.ERROR ? "\u001b[31m" : "\u001b[33m";
            reset = "\u001b[0m";
            highlight = "\u001b[1;4m";
        }
        StringBuilder sb = new StringBuilder();
        sb.append(colorCode).append(d.severity().label()).append(reset).append(": ").append(escape(d.summary(), ""))
                .append("\n\n");
        Range subject = d.subject();
        HclFile file = files.get(subject.filename());
        if (file == null) {
            sb.append("  on ").append(escape(subject.filename(), "")).append(" line ").append(subject.start().line())
                    .append(":\n  (source code not available)\n\n");
        } else {
            String ctx = file.body() == null ? null : file.contextAt(subject.start().byteOffset());
            sb.append("  on ").append(escape(subject.filename(), "")).append(" line ").append(subject.start().line())
                    .append(ctx == null ? "" : ", in " + escape(ctx, "")).append(":\n");
            int snipStart = subject.start().byteOffset();
            int snipEnd = subject.end().byteOffset();
            if (d.context() != null && d.context().filename().equals(subject.filename())) {
                snipStart = Math.min(snipStart, d.context().start().byteOffset());
                snipEnd = Math.max(snipEnd, d.context().end().byteOffset());
            }
            if (snipEnd == snipStart) {
                snipEnd++;
            }
            int hlStart = subject.start().byteOffset();
            int hlEnd = subject.isEmpty() ? hlStart + 1 : subject.end().byteOffset();
            SourcePositions lines = SourcePositions.of(file.source());
            byte[] src = file.source();
            for (int line = 1; line <= lines.lineCount(); line++) {
                int ls = lines.lineStart(line);
                int le = lines.lineEnd(line);
                int nextStart = line < lines.lineCount() ? lines.lineStart(line + 1) : src.length + 1;
                if (!(snipStart < nextStart && ls < snipEnd)) {
                    if (ls >= snipEnd) {
                        break;
                    }
                    continue;
                }
                sb.append(String.format("%4d: ", line));
                int hs = Math.max(ls, Math.min(hlStart, le));
                int he = Math.max(hs, Math.min(hlEnd, le));
                if (color && he > hs) {
                    sb.append(slice(src, ls, hs)).append(highlight).append(slice(src, hs, he)).append(reset)
                            .append(slice(src, he, le));
                } else {
                    sb.append(slice(src, ls, le));
                }
                sb.append('\n');
                if (!color && (he > hs || hlStart >= ls && hlStart <= le)) {
                    // without colour HCL marks nothing, and the column is lost: carets under the subject (one for
                    // an empty subject, where something is missing)
                    String marked = slice(src, hs, he);
                    sb.append("      ").append(slice(src, ls, hs).replaceAll("[^\t]", " "))
                            .append("^".repeat(Math.max(1, marked.codePointCount(0, marked.length())))).append('\n');
                }
            }
            sb.append('\n');
        }
        if (!d.detail().isEmpty()) {
            String detail = escape(d.detail(), "\n");
            sb.append(width > 0 ? wrap(detail, width) : detail).append("\n\n");
        }
        return sb.toString();
    }

    private static String slice(byte[] src, int from, int to) {
        return escape(new String(src, from, Math.max(0, to - from), StandardCharsets.UTF_8), "\t");
    }

    /** {@code text} with its control characters, but those in {@code kept}, written as Unicode escapes. */
    static String escape(String text, String kept) {
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = (c < 0x20 || c >= 0x7f && c < 0xa0 || c == '\u2028' || c == '\u2029')
                    && kept.indexOf(c) < 0;
            if (control && sb == null) {
                sb = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (sb != null) {
                if (control) {
                    sb.append(String.format("\\u%04x", (int) c));
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? text : sb.toString();
    }

    /**
     * A diagnostic at a line and column (1-based, the column in characters) rather than over a range, for problems
     * found after evaluation (binding a component's options, its own checks): the character there is the subject.
     * Without a line, as {@link #renderWithoutSource}.
     */
    public String renderAt(Severity severity, String summary, String detail, String filename, int line,
                           int column) {
        if (line <= 0) {
            return renderWithoutSource(severity, summary, detail);
        }
        HclFile file = files.get(filename);
        Pos at = new Pos(line, Math.max(1, column), 0);
        if (file != null) {
            SourcePositions lines = SourcePositions.of(file.source());
            if (line <= lines.lineCount()) {
                int offset = lines.lineStart(line);
                int end = lines.lineEnd(line);
                while (offset < end && lines.pos(offset).column() < column) {
                    offset++;
                }
                at = lines.pos(offset);
            }
        }
        return render(new Diagnostic(severity, summary, detail, Range.at(filename, at), null));
    }

    /**
     * A diagnostic about no place in a file (a {@code -var} value), as HCL prints one without a subject: the
     * severity and summary, then the detail.
     */
    public String renderWithoutSource(Severity severity, String summary, String detail) {
        String colorCode = color ? (severity == Severity.ERROR ? "\u001b[31m" : "\u001b[33m") : "";
        String reset = color ? "\u001b[0m" : "";
        String text = escape(detail, "\n");
        return colorCode + severity.label() + reset + ": " + escape(summary, "") + "\n\n"
                + (text.isEmpty() ? "" : (width > 0 ? wrap(text, width) : text) + "\n\n");
    }

    /**
     * Greedy word wrap, as Packer's (go-wordwrap's): a word that would pass {@code width} starts a new line and the
     * spaces before it are dropped; other spaces, leading ones included, are kept, and so are line breaks; a word
     * longer than the width is not broken.
     */
    static String wrap(String text, int width) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        StringBuilder word = new StringBuilder();
        StringBuilder spaces = new StringBuilder();
        int line = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\n') {
                line = flush(out, word, spaces, line, width);
                out.append('\n');
                line = 0;
            } else if (Character.isWhitespace(c)) {
                if (spaces.length() == 0 || word.length() > 0) {
                    line += spaces.codePointCount(0, spaces.length()) + word.codePointCount(0, word.length());
                    out.append(spaces).append(word);
                    spaces.setLength(0);
                    word.setLength(0);
                }
                spaces.appendCodePoint(c);
            } else {
                word.appendCodePoint(c);
                int wordLength = word.codePointCount(0, word.length());
                if (line + spaces.codePointCount(0, spaces.length()) + wordLength > width && wordLength < width) {
                    out.append('\n');
                    line = 0;
                    spaces.setLength(0);
                }
            }
        }
        flush(out, word, spaces, line, width);
        return out.toString();
    }

    /** Writes the pending spaces and word at a line's end; spaces alone only if they fit. */
    private static int flush(StringBuilder out, StringBuilder word, StringBuilder spaces, int line, int width) {
        int spaceLength = spaces.codePointCount(0, spaces.length());
        if (word.length() == 0) {
            if (line + spaceLength <= width) {
                out.append(spaces);
                line += spaceLength;
            }
        } else {
            out.append(spaces).append(word);
            line += spaceLength + word.codePointCount(0, word.length());
        }
        spaces.setLength(0);
        word.setLength(0);
        return line;
    }
}
