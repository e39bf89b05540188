package dev.kiln.runtime.frontend.hcl.syntax;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits HCL native-syntax source into {@link Token}s, following {@code hclsyntax/scan_tokens.rl}.
 *
 * <p>The scanner keeps a stack of modes as the Ragel machine does: normal expression tokens, quoted templates,
 * heredoc templates (one {@link TokenType#STRING_LIT} per line, the newline included) and standalone templates. A
 * {@code }} closes an interpolation when the brace depth equals the depth at which the interpolation opened.
 *
 * <p>Problems are diagnostics, never exceptions: an invalid character, bad UTF-8 or a stray {@code ;} is reported and
 * skipped (no token); a quoted string cut by a newline or by the end of input, an unterminated heredoc and an
 * unterminated {@code /*} comment are reported and closed with a zero-width closing token so the parser can go on.
 * Differences from HCL: a heredoc's closing marker may also be the last line without a newline; identifiers use
 * {@link Character#isUnicodeIdentifierStart}/{@link Character#isUnicodeIdentifierPart} (minus identifier-ignorable
 * characters) as an approximation of Unicode ID_Start/ID_Continue.
 */
public final class HclScanner {
    /** What the input is. */
    public enum Mode {
        /** A configuration file or an expression. */
        NORMAL,
        /** A standalone template (e.g. a {@code templatefile} file). */
        TEMPLATE
    }

    /**
     * What scanning produced.
     *
     * @param tokens the tokens, comments included, ending with one {@link TokenType#EOF}
     * @param diagnostics the problems found while scanning
     */
    public record Result(List<Token> tokens, List<Diagnostic> diagnostics) {
    }

    private static final int MAIN = 0;
    private static final int STRING = 1;
    private static final int HEREDOC = 2;
    private static final int BARE = 3;

    private static final class Frame {
        final int kind;
        final Range open;
        final byte[] marker;
        boolean startOfLine = true;

        Frame(int kind, Range open, byte[] marker) {
            this.kind = kind;
            this.open = open;
            this.marker = marker;
        }
    }

    private final String filename;
    private final byte[] src;
    private final int n;
    private final List<Token> tokens;
    private final Diagnostics diags = new Diagnostics();
    private final ArrayList<Frame> frames = new ArrayList<>();
    private int[] retBraces = new int[8];
    private int retDepth;
    private int braces;
    private int p;

    private int curByte;
    private SourcePositions.Cursor cursor;

    private HclScanner(String filename, byte[] src) {
        this.filename = filename;
        this.src = src;
        this.n = src.length;
        this.tokens = new ArrayList<>(Math.max(16, n / 4));
    }

    /** Scans {@code source} (UTF-8; a leading byte-order mark is skipped). */
    public static Result scan(String filename, byte[] source, Mode mode) {
        HclScanner s = new HclScanner(filename, source);
        s.run(mode == Mode.TEMPLATE ? BARE : MAIN);
        return new Result(List.copyOf(s.tokens), s.diags.toList());
    }

    private void run(int initial) {
        if (n >= 3 && (src[0] & 0xff) == 0xEF && (src[1] & 0xff) == 0xBB && (src[2] & 0xff) == 0xBF) {
            p = 3;
            curByte = 3;
        }
        frames.add(new Frame(initial, null, null));
        while (p < n) {
            Frame f = frames.get(frames.size() - 1);
            switch (f.kind) {
                case MAIN -> scanMain();
                case STRING -> scanString(f);
                case HEREDOC -> scanHeredoc(f);
                default -> scanBare();
            }
        }
        Frame f = frames.get(frames.size() - 1);
        // With an interpolation still open the parser reports that instead, as HCL does.
        boolean report = retDepth == 0;
        if (f.kind == STRING) {
            if (report) {
                Pos end = pos(n);
                diags.add(new Diagnostic(Severity.ERROR, "Unterminated template string",
                        "No closing marker was found for the string.", Range.at(filename, end),
                        new Range(filename, f.open.start(), end)));
            }
            emit(TokenType.CQUOTE, n, n);
        } else if (f.kind == HEREDOC) {
            if (report) {
                String marker = new String(f.marker, java.nio.charset.StandardCharsets.UTF_8);
                error("Unterminated template string", "No closing marker was found for the heredoc; it ends with a"
                        + " line holding only \"" + marker + "\".", f.open);
            }
            emit(TokenType.CHEREDOC, n, n);
        }
        emit(TokenType.EOF, n, n);
    }

    // ---- normal mode

    private void scanMain() {
        int c = src[p] & 0xff;
        switch (c) {
            case ' ', '\t' -> {
                while (p < n && (src[p] == ' ' || src[p] == '\t')) {
                    p++;
                }
            }
            case '\n' -> single(TokenType.NEWLINE);
            case '\r' -> {
                if (at(p + 1) == '\n') {
                    emit(TokenType.NEWLINE, p, p + 2);
                    p += 2;
                } else {
                    invalid(1, "Invalid character", "A carriage return is only valid right before a newline.");
                }
            }
            case '#' -> lineComment();
            case '/' -> {
                if (at(p + 1) == '/') {
                    lineComment();
                } else if (at(p + 1) == '*') {
                    blockComment();
                } else {
                    single(TokenType.SLASH);
                }
            }
            case '"' -> {
                Range open = emit(TokenType.OQUOTE, p, p + 1).range();
                p++;
                frames.add(new Frame(STRING, open, null));
            }
            case '<' -> {
                if (at(p + 1) == '<' && heredocIntro()) {
                    return;
                }
                if (at(p + 1) == '=') {
                    twin(TokenType.LESS_THAN_EQ);
                } else {
                    single(TokenType.LESS_THAN);
                }
            }
            case '{' -> {
                single(TokenType.OBRACE);
                braces++;
            }
            case '}' -> closeBrace(1);
            case '~' -> {
                if (at(p + 1) == '}') {
                    closeBrace(2);
                } else {
                    invalid(1, "Invalid character", "The \"~\" character is only valid as a strip marker, right"
                            + " after \"${\" or \"%{\" or right before \"}\".");
                }
            }
            case '=' -> {
                if (at(p + 1) == '=') {
                    twin(TokenType.EQUAL_OP);
                } else if (at(p + 1) == '>') {
                    twin(TokenType.FAT_ARROW);
                } else {
                    single(TokenType.EQUAL);
                }
            }
            case '!' -> {
                if (at(p + 1) == '=') {
                    twin(TokenType.NOT_EQUAL);
                } else {
                    single(TokenType.BANG);
                }
            }
            case '>' -> {
                if (at(p + 1) == '=') {
                    twin(TokenType.GREATER_THAN_EQ);
                } else {
                    single(TokenType.GREATER_THAN);
                }
            }
            case '&' -> {
                if (at(p + 1) == '&') {
                    twin(TokenType.AND);
                } else {
                    invalid(1, "Unsupported operator",
                            "Bitwise operators are not supported. Did you mean boolean AND (\"&&\")?");
                }
            }
            case '|' -> {
                if (at(p + 1) == '|') {
                    twin(TokenType.OR);
                } else {
                    invalid(1, "Unsupported operator",
                            "Bitwise operators are not supported. Did you mean boolean OR (\"||\")?");
                }
            }
            case ':' -> {
                if (at(p + 1) == ':') {
                    twin(TokenType.DOUBLE_COLON);
                } else {
                    single(TokenType.COLON);
                }
            }
            case '.' -> {
                if (at(p + 1) == '.' && at(p + 2) == '.') {
                    emit(TokenType.ELLIPSIS, p, p + 3);
                    p += 3;
                } else {
                    single(TokenType.DOT);
                }
            }
            case '[' -> single(TokenType.OBRACK);
            case ']' -> single(TokenType.CBRACK);
            case '(' -> single(TokenType.OPAREN);
            case ')' -> single(TokenType.CPAREN);
            case ',' -> single(TokenType.COMMA);
            case '*' -> single(TokenType.STAR);
            case '+' -> single(TokenType.PLUS);
            case '-' -> single(TokenType.MINUS);
            case '%' -> single(TokenType.PERCENT);
            case '?' -> single(TokenType.QUESTION);
            case '^' -> invalid(1, "Unsupported operator", "Bitwise operators are not supported.");
            case ';' -> invalid(1, "Invalid character", "The \";\" character is not valid. Use newlines to separate"
                    + " arguments and blocks, and commas to separate items in collection values.");
            case '`' -> invalid(1, "Invalid character", "The \"`\" character is not valid. To create a multi-line"
                    + " string, use the \"heredoc\" syntax, like \"<<EOT\".");
            case '\'' -> invalid(1, "Invalid character",
                    "Single quotes are not valid. Use double quotes (\") to enclose strings.");
            default -> {
                if (c >= '0' && c <= '9') {
                    number();
                } else if (c < 0x80) {
                    if (isAsciiIdentStart(c)) {
                        ident();
                    } else {
                        invalid(1, "Invalid character", "This character is not used within the language.");
                    }
                } else {
                    int len = utf8Length(p);
                    if (len < 0) {
                        badUtf8();
                    } else if (isIdentStart(codePoint(p, len))) {
                        ident();
                    } else {
                        invalid(len, "Invalid character", "This character is not used within the language.");
                    }
                }
            }
        }
    }

    private boolean heredocIntro() {
        int q = p + 2;
        if (at(q) == '-') {
            q++;
        }
        int identStart = q;
        if (q >= n) {
            return false;
        }
        int c = src[q] & 0xff;
        if (c < 0x80) {
            if (!isAsciiIdentStart(c)) {
                return false;
            }
        } else {
            int len = utf8Length(q);
            if (len < 0 || !isIdentStart(codePoint(q, len))) {
                return false;
            }
        }
        q = identEnd(q);
        int identEnd = q;
        if (at(q) == '\r' && at(q + 1) == '\n') {
            q += 2;
        } else if (at(q) == '\n') {
            q++;
        } else {
            return false;
        }
        byte[] marker = java.util.Arrays.copyOfRange(src, identStart, identEnd);
        Range open = emit(TokenType.OHEREDOC, p, q).range();
        p = q;
        frames.add(new Frame(HEREDOC, open, marker));
        return true;
    }

    private void closeBrace(int len) {
        TokenType type = len == 2 ? TokenType.TEMPLATE_SEQ_END : TokenType.CBRACE;
        boolean closesSequence = retDepth > 0 && retBraces[retDepth - 1] == braces;
        emit(closesSequence ? TokenType.TEMPLATE_SEQ_END : type, p, p + len);
        p += len;
        braces--;
        if (closesSequence) {
            retDepth--;
            frames.remove(frames.size() - 1);
        }
    }

    private void lineComment() {
        int q = p;
        while (q < n && src[q] != '\n' && !(src[q] == '\r' && at(q + 1) == '\n')) {
            q++;
        }
        emit(TokenType.COMMENT, p, q);
        p = q;
    }

    private void blockComment() {
        int q = p + 2;
        while (q + 1 < n && !(src[q] == '*' && src[q + 1] == '/')) {
            q++;
        }
        if (q + 1 < n) {
            emit(TokenType.COMMENT, p, q + 2);
            p = q + 2;
        } else {
            Token t = emit(TokenType.COMMENT, p, n);
            Range opener = new Range(filename, t.range().start(), advancedBy(t.range().start(), p, p + 2));
            error("Unterminated multi-line comment",
                    "The multi-line comment starting here has no terminating \"*/\" sequence.", opener);
            p = n;
        }
    }

    private void number() {
        int q = p + 1;
        while (q < n) {
            int c = src[q];
            if ((c >= '0' && c <= '9') || c == '.') {
                q++;
            } else if ((c == 'e' || c == 'E') && isDigit(at(q + 1))) {
                q += 2;
            } else if ((c == 'e' || c == 'E') && (at(q + 1) == '+' || at(q + 1) == '-') && isDigit(at(q + 2))) {
                q += 3;
            } else {
                break;
            }
        }
        while (q > p + 1 && src[q - 1] == '.') {
            q--;
        }
        emit(TokenType.NUMBER_LIT, p, q);
        p = q;
    }

    private void ident() {
        int q = identEnd(p);
        emit(TokenType.IDENT, p, q);
        p = q;
    }

    private int identEnd(int from) {
        int q = from;
        boolean first = true;
        while (q < n) {
            int c = src[q] & 0xff;
            if (c < 0x80) {
                if (isAsciiIdentStart(c) || (!first && (isDigit(c) || c == '-'))) {
                    q++;
                } else {
                    break;
                }
            } else {
                int len = utf8Length(q);
                if (len < 0) {
                    break;
                }
                int cp = codePoint(q, len);
                if (first ? isIdentStart(cp) : isIdentPart(cp)) {
                    q += len;
                } else {
                    break;
                }
            }
            first = false;
        }
        return q;
    }

    // ---- template modes

    private boolean sequenceStart() {
        int c = src[p];
        if ((c == '$' || c == '%') && at(p + 1) == '{') {
            int len = at(p + 2) == '~' ? 3 : 2;
            emit(c == '$' ? TokenType.TEMPLATE_INTERP : TokenType.TEMPLATE_CONTROL, p, p + len);
            p += len;
            braces++;
            if (retDepth == retBraces.length) {
                retBraces = java.util.Arrays.copyOf(retBraces, retDepth * 2);
            }
            retBraces[retDepth++] = braces;
            Frame top = frames.get(frames.size() - 1);
            if (top.kind == HEREDOC) {
                top.startOfLine = false;
            }
            frames.add(new Frame(MAIN, null, null));
            return true;
        }
        return false;
    }

    private void scanString(Frame f) {
        if (sequenceStart()) {
            return;
        }
        int c = src[p];
        if (c == '"') {
            emit(TokenType.CQUOTE, p, p + 1);
            p++;
            frames.remove(frames.size() - 1);
            return;
        }
        if (c == '\n' || c == '\r') {
            int len = c == '\r' && at(p + 1) == '\n' ? 2 : 1;
            Pos s = pos(p);
            error("Invalid multi-line string", "Quoted strings may not be split over multiple lines. To produce a"
                    + " multi-line string, either use the \\n escape to represent a newline character or use the"
                    + " \"heredoc\" multi-line template syntax.", new Range(filename, s, advancedBy(s, p, p + len)));
            emit(TokenType.CQUOTE, p, p);
            frames.remove(frames.size() - 1);
            if (c == '\r' && len == 1) {
                p++;
            }
            return;
        }
        int q = p;
        while (q < n) {
            int ch = src[q] & 0xff;
            if (ch == '\\') {
                int next = at(q + 1);
                if (next < 0 || next == '\n' || next == '\r') {
                    q++;
                } else {
                    int len = next < 0x80 ? 1 : Math.max(1, utf8Length(q + 1));
                    q += 1 + len;
                }
            } else if (ch == '$' || ch == '%') {
                if (at(q + 1) == '{') {
                    break;
                }
                q += at(q + 1) == ch && at(q + 2) == '{' ? 3 : 1;
            } else if (ch == '"' || ch == '\n' || ch == '\r') {
                break;
            } else if (ch >= 0x80) {
                q = checkedUtf8(q);
            } else {
                q++;
            }
        }
        q = Math.min(q, n);
        emit(TokenType.QUOTED_LIT, p, q);
        p = q;
    }

    private void scanHeredoc(Frame f) {
        if (sequenceStart()) {
            return;
        }
        int q = p;
        int contentEnd = -1;
        while (q < n) {
            int ch = src[q] & 0xff;
            if (ch == '\n') {
                contentEnd = q;
                q++;
                break;
            } else if (ch == '\r' && at(q + 1) == '\n') {
                contentEnd = q;
                q += 2;
                break;
            } else if (ch == '$' || ch == '%') {
                if (at(q + 1) == '{') {
                    break;
                }
                q += at(q + 1) == ch && at(q + 2) == '{' ? 3 : 1;
            } else if (ch >= 0x80) {
                q = checkedUtf8(q);
            } else {
                q++;
            }
        }
        q = Math.min(q, n);
        boolean atEof = contentEnd < 0 && q >= n;
        if ((contentEnd >= 0 || atEof) && f.startOfLine && isMarker(p, atEof ? n : contentEnd, f.marker)) {
            int end = atEof ? n : contentEnd;
            emit(TokenType.CHEREDOC, p, end);
            if (!atEof) {
                emit(TokenType.NEWLINE, end, q);
            }
            p = q;
            frames.remove(frames.size() - 1);
            return;
        }
        emit(TokenType.STRING_LIT, p, q);
        f.startOfLine = contentEnd >= 0;
        p = q;
    }

    private boolean isMarker(int from, int to, byte[] marker) {
        while (from < to && isAsciiSpace(src[from])) {
            from++;
        }
        while (to > from && isAsciiSpace(src[to - 1])) {
            to--;
        }
        if (to - from != marker.length) {
            return false;
        }
        for (int i = 0; i < marker.length; i++) {
            if (src[from + i] != marker[i]) {
                return false;
            }
        }
        return true;
    }

    private void scanBare() {
        if (sequenceStart()) {
            return;
        }
        int q = p;
        while (q < n) {
            int ch = src[q] & 0xff;
            if (ch == '\n') {
                q++;
                break;
            } else if (ch == '$' || ch == '%') {
                if (at(q + 1) == '{') {
                    break;
                }
                q += at(q + 1) == ch && at(q + 2) == '{' ? 3 : 1;
            } else if (ch >= 0x80) {
                q = checkedUtf8(q);
            } else {
                q++;
            }
        }
        q = Math.min(q, n);
        emit(TokenType.STRING_LIT, p, q);
        p = q;
    }

    // ---- helpers

    private int checkedUtf8(int q) {
        int len = utf8Length(q);
        if (len < 0) {
            Pos s = pos(q);
            error("Invalid character encoding", "All input files must be UTF-8 encoded. Ensure that UTF-8 encoding"
                    + " is selected in your editor.", new Range(filename, s, advancedBy(s, q, q + 1)));
            return q + 1;
        }
        return q + len;
    }

    private void badUtf8() {
        Pos s = pos(p);
        error("Invalid character encoding", "All input files must be UTF-8 encoded. Ensure that UTF-8 encoding"
                + " is selected in your editor.", new Range(filename, s, advancedBy(s, p, p + 1)));
        p++;
    }

    private void invalid(int len, String summary, String detail) {
        Pos s = pos(p);
        Pos e = pos(p + len);
        error(summary, detail, new Range(filename, s, e));
        p += len;
    }

    private void single(TokenType type) {
        emit(type, p, p + 1);
        p++;
    }

    private void twin(TokenType type) {
        emit(type, p, p + 2);
        p += 2;
    }

    private Token emit(TokenType type, int start, int end) {
        Token t = new Token(type, new Range(filename, pos(start), pos(end)));
        tokens.add(t);
        return t;
    }

    private void error(String summary, String detail, Range subject) {
        diags.add(Diagnostic.error(summary, detail, subject));
    }

    private int at(int i) {
        return i >= 0 && i < n ? src[i] & 0xff : -1;
    }

    /** The position of byte {@code target}, advancing the cursor (targets only move forward). */
    private Pos pos(int target) {
        if (cursor == null) {
            cursor = new SourcePositions.Cursor(src, new Pos(1, 1, curByte));
        }
        Pos p = cursor.advanceTo(target);
        return p.byteOffset() == target ? p : positionFromScratch(target);
    }

    private Pos positionFromScratch(int target) {
        return SourcePositions.of(src).pos(target);
    }

    /** {@code start} (at byte {@code from}) moved to byte {@code to} on the same line. */
    private Pos advancedBy(Pos start, int from, int to) {
        return SourcePositions.advance(src, start, from, to);
    }

    static boolean extendsCluster(int cp) {
        if (cp == 0x200D || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0x1F3FB && cp <= 0x1F3FF)
                || (cp >= 0xE0100 && cp <= 0xE01EF) || (cp >= 0xE0020 && cp <= 0xE007F)) {
            return true;
        }
        int t = Character.getType(cp);
        return t == Character.NON_SPACING_MARK || t == Character.ENCLOSING_MARK
                || t == Character.COMBINING_SPACING_MARK;
    }

    /** The length of the valid UTF-8 sequence at {@code i}, or -1. */
    private int utf8Length(int i) {
        return SourcePositions.utf8Length(src, i);
    }

    private int codePoint(int i, int len) {
        return SourcePositions.codePoint(src, i, len);
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAsciiSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == 0x0B || b == '\f';
    }

    private static boolean isAsciiIdentStart(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    static boolean isIdentStart(int cp) {
        return cp == '_' || (Character.isUnicodeIdentifierStart(cp) && !Character.isIdentifierIgnorable(cp));
    }

    static boolean isIdentPart(int cp) {
        return cp == '-' || (Character.isUnicodeIdentifierPart(cp) && !Character.isIdentifierIgnorable(cp));
    }
}
