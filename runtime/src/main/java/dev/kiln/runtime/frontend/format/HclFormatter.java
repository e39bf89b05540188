package dev.kiln.runtime.frontend.format;

import dev.kiln.runtime.frontend.hcl.syntax.Diagnostic;
import dev.kiln.runtime.frontend.hcl.syntax.DiagnosticRenderer;
import dev.kiln.runtime.frontend.hcl.syntax.HclFile;
import dev.kiln.runtime.frontend.hcl.syntax.HclParser;
import dev.kiln.runtime.frontend.hcl.syntax.HclScanner;
import dev.kiln.runtime.frontend.hcl.syntax.ParseResult;
import dev.kiln.runtime.frontend.hcl.syntax.Token;
import dev.kiln.runtime.frontend.hcl.syntax.TokenType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites HCL native-syntax source in HCL's canonical layout, as {@code packer fmt} (HCL's {@code hclwrite.Format})
 * does. Only the whitespace between tokens changes; the bytes of every token (strings, heredoc lines, comments,
 * newlines, CRLF included) are kept.
 *
 * <p>The rules, line by line (a line ends at a newline or at a {@code #}/{@code //} comment, which owns its newline;
 * a heredoc belongs to the line it starts on, up to the newline after its closing marker):
 * <ul>
 *   <li><b>Indentation:</b> two spaces per level. A line that opens more brackets ({@code {}, {@code [}, {@code (},
 *       {@code ${}, {@code %{}) than it closes indents the lines after it by one level, however many it opened; a
 *       line that closes more than it opens dedents itself and the following lines. Blank lines get no spaces.</li>
 *   <li><b>Cells:</b> a line ending with a comment (after other tokens) has a comment cell; a line with an {@code =}
 *       after its first token whose right-hand side balances its brackets has an assignment cell.</li>
 *   <li><b>Spacing</b> between the tokens of a cell: one space by default; none around {@code .}, before {@code ,}
 *       and {@code ...}, between a function name and its {@code (}, inside {@code ()} and {@code []}, before an
 *       index {@code [}, around template literal text, and after a minus that negates; one space inside braces
 *       ({@code { a = 1 }}), except in {@code {}}; always one after a comma.</li>
 *   <li><b>Alignment:</b> the {@code =} of consecutive lines with an assignment cell line up one space after the
 *       longest left-hand side (counted in grapheme clusters); any line without one (blank lines, block headers,
 *       closing braces, multi-line values, comment lines) ends the run. The comments of consecutive lines with a
 *       comment cell line up the same way.</li>
 * </ul>
 * Spaces at the end of a line go; those at the very end of a file without a final newline stay (as spaces), as in
 * {@code hclwrite}. As in Packer 1.6.6 (HCL 2.6), {@code !} is followed by a space like any other operator.
 */
public final class HclFormatter {

    private static final Pattern GRAPHEME = Pattern.compile("\\X");

    /**
     * What formatting a file gave.
     *
     * @param file the parsed file (for rendering diagnostics with {@code DiagnosticRenderer})
     * @param diagnostics the parser's diagnostics; with an error among them nothing was formatted
     * @param output the formatted source, or null when the file does not parse
     */
    public record Result(HclFile file, List<Diagnostic> diagnostics, byte[] output) {
        public Result {
            diagnostics = List.copyOf(diagnostics);
        }

        /** Whether the file parsed, so that {@link #output()} is there. */
        public boolean ok() {
            return output != null;
        }

        /** Why the file does not parse, rendered as Packer shows diagnostics (empty when it parses). */
        public String problems() {
            return diagnostics.isEmpty() ? ""
                    : DiagnosticRenderer.plain(Map.of(file.filename(), file)).render(diagnostics);
        }

        /** Whether the formatted source differs from the input. */
        public boolean changed() {
            return output != null && !Arrays.equals(output, file.source());
        }
    }

    private HclFormatter() {
    }

    /**
     * Parses {@code source} (UTF-8) and formats it when it parses; a file with a syntax error is left alone, as
     * {@code packer fmt} does, and its diagnostics returned.
     *
     * @param filename the name used in diagnostics
     */
    public static Result format(String filename, byte[] source) {
        ParseResult parsed = HclParser.parseFile(filename, source);
        if (parsed.hasErrors()) {
            return new Result(parsed.file(), parsed.diagnostics(), null);
        }
        return new Result(parsed.file(), parsed.diagnostics(), layout(filename, source));
    }

    /** {@link #format(String, byte[])} of a string, for tests and tools; throws when it does not parse. */
    public static String format(String source) {
        Result r = format("<input>", source.getBytes(StandardCharsets.UTF_8));
        if (!r.ok()) {
            throw new IllegalArgumentException("HCL source does not parse: " + r.diagnostics().get(0).summary());
        }
        return new String(r.output(), StandardCharsets.UTF_8);
    }

    // ---- the token layout

    /** One token with the spaces to write before it; the bytes are {@code src[start, end)}. */
    private static final class Tok {
        final TokenType type;
        final int start;
        final int end;
        int spacesBefore;

        Tok(TokenType type, int start, int end, int spacesBefore) {
            this.type = type;
            this.start = start;
            this.end = end;
            this.spacesBefore = spacesBefore;
        }
    }

    /** A line's cells: {@code lead} always, {@code assign} from its {@code =}, {@code comment} at its end. */
    private static final class Line {
        List<Tok> lead;
        List<Tok> assign;
        List<Tok> comment;

        Line(List<Tok> lead) {
            this.lead = lead;
        }
    }

    private static byte[] layout(String filename, byte[] src) {
        List<Tok> tokens = tokens(filename, src);
        List<Line> lines = lines(tokens, src);
        indent(lines);
        for (Line line : lines) {
            space(line.lead, src, false);
            if (line.assign != null) {
                space(line.assign, src, true);
            }
        }
        align(lines, src);
        ByteArrayOutputStream out = new ByteArrayOutputStream(src.length + src.length / 8 + 16);
        for (Tok t : tokens) {
            for (int i = 0; i < t.spacesBefore; i++) {
                out.write(' ');
            }
            out.write(src, t.start, t.end - t.start);
        }
        return out.toByteArray();
    }

    /**
     * The scanner's tokens in {@code hclwrite}'s shape: a {@code #} or {@code //} comment takes the newline after it,
     * and each token's spaces are the bytes between it and the token before.
     */
    private static List<Tok> tokens(String filename, byte[] src) {
        List<Token> scanned = HclScanner.scan(filename, src, HclScanner.Mode.NORMAL).tokens();
        List<Tok> tokens = new ArrayList<>(scanned.size());
        int last = 0;
        for (int i = 0; i < scanned.size(); i++) {
            Token t = scanned.get(i);
            int start = t.startByte();
            int end = t.endByte();
            if (t.type() == TokenType.COMMENT && isLineComment(src, start, end)) {
                // a line comment owns the newline right after it
                if (i + 1 < scanned.size() && scanned.get(i + 1).type() == TokenType.NEWLINE
                        && scanned.get(i + 1).startByte() == end) {
                    end = scanned.get(++i).endByte();
                }
            }
            tokens.add(new Tok(t.type(), start, end, Math.max(0, start - last)));
            last = end;
        }
        return tokens;
    }

    private static boolean isLineComment(byte[] src, int start, int end) {
        return src[start] == '#' || end - start >= 2 && src[start] == '/' && src[start + 1] == '/';
    }

    private static boolean endsLine(Tok t, byte[] src) {
        return t.type == TokenType.NEWLINE || t.type == TokenType.COMMENT && src[t.end - 1] == '\n';
    }

    private static List<Line> lines(List<Tok> tokens, byte[] src) {
        List<Line> lines = new ArrayList<>();
        int lineStart = 0;
        int i = 0;
        for (; i < tokens.size(); i++) {
            Tok t = tokens.get(i);
            if (t.type == TokenType.EOF) {
                break;
            }
            if (endsLine(t, src)) {
                lines.add(new Line(tokens.subList(lineStart, i + 1)));
                lineStart = i + 1;
            }
        }
        lines.add(new Line(tokens.subList(lineStart, i)));
        for (Line line : lines) {
            List<Tok> lead = line.lead;
            if (lead.isEmpty()) {
                continue;
            }
            if (lead.size() > 1 && lead.get(lead.size() - 1).type == TokenType.COMMENT) {
                line.comment = lead.subList(lead.size() - 1, lead.size());
                lead = lead.subList(0, lead.size() - 1);
                line.lead = lead;
            }
            for (int k = 1; k < lead.size(); k++) {
                if (lead.get(k).type == TokenType.EQUAL) {
                    // only a right-hand side that closes what it opens is a whole expression on this line
                    int net = 0;
                    for (Tok t : lead.subList(k, lead.size())) {
                        net += bracketChange(t.type);
                    }
                    if (net == 0) {
                        line.assign = lead.subList(k, lead.size());
                        line.lead = lead.subList(0, k);
                    }
                    break;
                }
            }
        }
        return lines;
    }

    private static void indent(List<Line> lines) {
        int[] stack = new int[16];
        int depth = 0;
        for (Line line : lines) {
            if (line.lead.isEmpty()) {
                continue;
            }
            Tok first = line.lead.get(0);
            if (first.type == TokenType.NEWLINE) {
                first.spacesBefore = 0;
                continue;
            }
            int net = 0;
            for (Tok t : line.lead) {
                net += bracketChange(t.type);
                if (t.type == TokenType.OHEREDOC) {
                    break;
                }
            }
            if (line.assign != null) {
                for (Tok t : line.assign) {
                    net += bracketChange(t.type);
                }
            }
            if (net > 0) {
                first.spacesBefore = 2 * depth;
                if (depth == stack.length) {
                    stack = Arrays.copyOf(stack, depth * 2);
                }
                stack[depth++] = net;
            } else {
                int closed = -net;
                while (closed > 0 && depth > 0) {
                    int top = stack[depth - 1];
                    if (closed >= top) {
                        closed -= top;
                        depth--;
                    } else {
                        stack[depth - 1] = top - closed;
                        closed = 0;
                    }
                }
                first.spacesBefore = 2 * depth;
            }
        }
    }

    /** Sets the spaces between the tokens of one cell; the first token of an assignment cell gets one. */
    private static void space(List<Tok> cell, byte[] src, boolean assign) {
        if (assign && !cell.isEmpty()) {
            cell.get(0).spacesBefore = 1;
        }
        for (int i = 0; i + 1 < cell.size(); i++) {
            Tok before = i > 0 ? cell.get(i - 1) : null;
            Tok after = cell.get(i + 1);
            after.spacesBefore = spaceAfter(cell.get(i), before, after, src) ? 1 : 0;
        }
    }

    private static boolean spaceAfter(Tok subject, Tok before, Tok after, byte[] src) {
        TokenType s = subject.type;
        TokenType a = after.type;
        TokenType b = before == null ? null : before.type;
        if (a == TokenType.NEWLINE) {
            return false;
        }
        if (s == TokenType.IDENT && a == TokenType.OPAREN) {
            return false;
        }
        if (s == TokenType.IDENT && a == TokenType.DOUBLE_COLON
                || s == TokenType.DOUBLE_COLON && a == TokenType.IDENT) {
            return false; // provider::name::function (newer HCL; Packer 1.6.6 does not parse it)
        }
        if (s == TokenType.DOT || a == TokenType.DOT) {
            return false;
        }
        if (a == TokenType.COMMA || a == TokenType.ELLIPSIS) {
            return false;
        }
        if (s == TokenType.COMMA) {
            return true;
        }
        if (s == TokenType.QUOTED_LIT || s == TokenType.STRING_LIT || s == TokenType.OQUOTE
                || s == TokenType.OHEREDOC || a == TokenType.QUOTED_LIT || a == TokenType.STRING_LIT
                || a == TokenType.CQUOTE || a == TokenType.CHEREDOC) {
            return false; // template text stays as written
        }
        if (s == TokenType.IDENT && b == TokenType.IDENT && isIn(subject, src)) {
            return true; // 'for x in [a]': 'in' is a keyword there, not something indexed
        }
        if (a == TokenType.OBRACK && (s == TokenType.IDENT || s == TokenType.NUMBER_LIT || bracketChange(s) < 0)) {
            return false;
        }
        if (s == TokenType.MINUS) {
            return b != null && !negationFollows(b); // a minus that negates sticks to its operand
        }
        if (s == TokenType.OBRACE || a == TokenType.CBRACE) {
            return !(s == TokenType.OBRACE && a == TokenType.CBRACE);
        }
        if ((s == TokenType.TEMPLATE_INTERP || s == TokenType.TEMPLATE_CONTROL) && a == TokenType.OBRACE) {
            return true;
        }
        if (s == TokenType.CBRACE && a == TokenType.TEMPLATE_SEQ_END) {
            return true;
        }
        if (s == TokenType.TEMPLATE_SEQ_END && (a == TokenType.TEMPLATE_INTERP || a == TokenType.TEMPLATE_CONTROL)) {
            return false;
        }
        if (bracketChange(s) > 0) {
            return false;
        }
        return bracketChange(a) >= 0;
    }

    /** Whether a minus after a token of type {@code before} is a negation (before cannot end an operand). */
    private static boolean negationFollows(TokenType before) {
        return switch (before) {
            case OPAREN, OBRACE, OBRACK, EQUAL, COLON, COMMA, QUESTION,
                    PLUS, STAR, SLASH, PERCENT, MINUS,
                    EQUAL_OP, NOT_EQUAL, GREATER_THAN, GREATER_THAN_EQ, LESS_THAN, LESS_THAN_EQ,
                    AND, OR, BANG -> true;
            default -> false;
        };
    }

    private static boolean isIn(Tok t, byte[] src) {
        return t.end - t.start == 2 && src[t.start] == 'i' && src[t.start + 1] == 'n';
    }

    private static int bracketChange(TokenType type) {
        return switch (type) {
            case OBRACE, OBRACK, OPAREN, TEMPLATE_CONTROL, TEMPLATE_INTERP -> 1;
            case CBRACE, CBRACK, CPAREN, TEMPLATE_SEQ_END -> -1;
            default -> 0;
        };
    }

    /** Lines up the {@code =} of runs of assignment lines, then the comments of runs of commented lines. */
    private static void align(List<Line> lines, byte[] src) {
        int runStart = -1;
        int widest = 0;
        for (int i = 0; i <= lines.size(); i++) {
            Line line = i < lines.size() ? lines.get(i) : null;
            if (line == null || line.assign == null) {
                if (runStart >= 0) {
                    for (Line l : lines.subList(runStart, i)) {
                        l.assign.get(0).spacesBefore = widest - columns(l.lead, src) + 1;
                    }
                    runStart = -1;
                    widest = 0;
                }
            } else {
                if (runStart < 0) {
                    runStart = i;
                }
                widest = Math.max(widest, columns(line.lead, src));
            }
        }
        for (int i = 0; i <= lines.size(); i++) {
            Line line = i < lines.size() ? lines.get(i) : null;
            if (line == null || line.comment == null) {
                if (runStart >= 0) {
                    for (Line l : lines.subList(runStart, i)) {
                        l.comment.get(0).spacesBefore = widest - columns(l.lead, src) - columns(l.assign, src) + 1;
                    }
                    runStart = -1;
                    widest = 0;
                }
            } else {
                if (runStart < 0) {
                    runStart = i;
                }
                widest = Math.max(widest, columns(line.lead, src) + columns(line.assign, src));
            }
        }
    }

    /** The width of a cell as written: its spaces plus the grapheme clusters of its tokens. */
    private static int columns(List<Tok> cell, byte[] src) {
        if (cell == null) {
            return 0;
        }
        int n = 0;
        for (Tok t : cell) {
            n += t.spacesBefore + graphemes(src, t.start, t.end);
        }
        return n;
    }

    static int graphemes(byte[] src, int start, int end) {
        boolean ascii = true;
        int crlf = 0;
        for (int i = start; i < end; i++) {
            if (src[i] < 0) {
                ascii = false;
                break;
            }
            if (src[i] == '\n' && i > start && src[i - 1] == '\r') {
                crlf++;
            }
        }
        if (ascii) {
            return end - start - crlf;
        }
        Matcher m = GRAPHEME.matcher(new String(src, start, end - start, StandardCharsets.UTF_8));
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
