package dev.kiln.runtime.frontend.hcl.syntax;

import java.util.Arrays;

/**
 * Turns byte offsets of a UTF-8 source into {@link Pos}itions (lines, and columns counted as the scanner does). Public
 * for the JSON syntax, whose positions must count columns as the native syntax does.
 */
public final class SourcePositions {
    private final byte[] src;
    private final int[] lineStarts;

    private SourcePositions(byte[] src) {
        this.src = src;
        int count = 1;
        for (byte b : src) {
            if (b == '\n') {
                count++;
            }
        }
        lineStarts = new int[count];
        int line = 1;
        for (int i = 0; i < src.length; i++) {
            if (src[i] == '\n') {
                lineStarts[line++] = i + 1;
            }
        }
    }

    /** The positions of {@code src}. */
    public static SourcePositions of(byte[] src) {
        return new SourcePositions(src);
    }

    /** The position of byte {@code offset} (clamped to the source). */
    public Pos pos(int offset) {
        offset = Math.max(0, Math.min(offset, src.length));
        int idx = Arrays.binarySearch(lineStarts, offset);
        int line = idx >= 0 ? idx : -idx - 2;
        int start = lineStarts[line];
        if (line == 0 && src.length >= 3 && (src[0] & 0xff) == 0xEF && (src[1] & 0xff) == 0xBB
                && (src[2] & 0xff) == 0xBF && offset >= 3) {
            start = 3;
        }
        return advance(src, new Pos(line + 1, 1, start), start, offset);
    }

    /** The number of lines. */
    int lineCount() {
        return lineStarts.length;
    }

    /** The offset where 1-based {@code line} starts. */
    int lineStart(int line) {
        return lineStarts[line - 1];
    }

    /** The offset of the end of 1-based {@code line}, before its newline (and a carriage return before that). */
    int lineEnd(int line) {
        boolean last = line >= lineStarts.length;
        int end = last ? src.length : lineStarts[line] - 1;
        if (!last && end > lineStarts[line - 1] && src[end - 1] == '\r') {
            end--;
        }
        return end;
    }

    /** {@code start}, the position of byte {@code from}, moved forward to byte {@code to}. */
    static Pos advance(byte[] src, Pos start, int from, int to) {
        Cursor c = new Cursor(src, new Pos(start.line(), start.column(), from));
        return c.advanceTo(to);
    }

    /**
     * Walks forward through a source keeping what a column count needs between calls: combining marks, variation
     * selectors and emoji modifiers extend the character before them, a zero-width joiner joins the next one, and
     * regional indicators pair up (an approximation of grapheme clusters; a tab is one column).
     */
    public static final class Cursor {
        private final byte[] src;
        private int line;
        private int col;
        private int at;
        private boolean joined;
        private boolean pendingRegional;
        private Pos last;

        /** A cursor at {@code start}, whose byte offset is an index into {@code src}. */
        public Cursor(byte[] src, Pos start) {
            this.src = src;
            this.line = start.line();
            this.col = start.column();
            this.at = start.byteOffset();
            this.last = start;
        }

        /** The position of {@code to} (not before the current one). */
        public Pos advanceTo(int to) {
            to = Math.min(to, src.length);
            if (to <= at) {
                return last;
            }
            int i = at;
            while (i < to) {
                int c = src[i] & 0xff;
                if (c == '\n') {
                    line++;
                    col = 1;
                    i++;
                    joined = false;
                    pendingRegional = false;
                } else if (c < 0x80) {
                    col++;
                    i++;
                    joined = false;
                    pendingRegional = false;
                } else {
                    int len = utf8Length(src, i);
                    if (len < 0 || i + len > to) {
                        col++;
                        i++;
                        joined = false;
                        pendingRegional = false;
                    } else {
                        int cp = codePoint(src, i, len);
                        boolean regional = cp >= 0x1F1E6 && cp <= 0x1F1FF;
                        if (!joined && !HclScanner.extendsCluster(cp) && !(regional && pendingRegional)) {
                            col++;
                            pendingRegional = regional;
                        } else {
                            pendingRegional = false;
                        }
                        joined = cp == 0x200D;
                        i += len;
                    }
                }
            }
            at = i;
            last = new Pos(line, col, i);
            return last;
        }
    }

    /** The length of the valid UTF-8 sequence at {@code i}, or -1. */
    public static int utf8Length(byte[] src, int i) {
        int n = src.length;
        int c = src[i] & 0xff;
        if (c < 0x80) {
            return 1;
        }
        int len;
        int min;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            min = 0x10000;
        } else {
            return -1;
        }
        if (i + len > n) {
            return -1;
        }
        for (int k = 1; k < len; k++) {
            if ((src[i + k] & 0xC0) != 0x80) {
                return -1;
            }
        }
        int cp = codePoint(src, i, len);
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return -1;
        }
        return len;
    }

    static int codePoint(byte[] src, int i, int len) {
        int c = src[i] & 0xff;
        return switch (len) {
            case 1 -> c;
            case 2 -> ((c & 0x1F) << 6) | (src[i + 1] & 0x3F);
            case 3 -> ((c & 0x0F) << 12) | ((src[i + 1] & 0x3F) << 6) | (src[i + 2] & 0x3F);
            default -> ((c & 0x07) << 18) | ((src[i + 1] & 0x3F) << 12) | ((src[i + 2] & 0x3F) << 6)
                    | (src[i + 3] & 0x3F);
        };
    }
}
