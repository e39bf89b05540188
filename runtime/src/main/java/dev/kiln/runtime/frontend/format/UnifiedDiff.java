package dev.kiln.runtime.frontend.format;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff of two texts with three lines of context, in the shape {@code diff -u --label=OLD --label=NEW}
 * prints (what {@code packer fmt -diff} shows): {@code ---}/{@code +++} headers, {@code @@ -l,n +l,n @@} hunks, changes
 * as all removed lines then all added lines, and {@code \ No newline at end of file} after a last line without one.
 *
 * <p>The edit script is a shortest one, its common lines matched as late as they can be and runs of only removed
 * (or only added) lines slid down, where GNU diff mostly places them. Where several scripts are equally short GNU diff
 * may choose another one, and for files that change on most lines its heuristics (lines found in only one file are
 * set aside first) can give a longer script than this one.
 */
public final class UnifiedDiff {

    private static final int CONTEXT = 3;

    private final String[] a;
    private final String[] b;
    private final boolean[] removed;
    private final boolean[] added;

    private UnifiedDiff(String[] a, String[] b) {
        this.a = a;
        this.b = b;
        this.removed = new boolean[a.length];
        this.added = new boolean[b.length];
    }

    /** The diff of two UTF-8 texts, or the empty string when they are equal. */
    public static String of(String oldLabel, String newLabel, byte[] oldText, byte[] newText) {
        return of(oldLabel, newLabel, new String(oldText, StandardCharsets.UTF_8),
                new String(newText, StandardCharsets.UTF_8));
    }

    /** The diff of two texts, or the empty string when they are equal. */
    public static String of(String oldLabel, String newLabel, String oldText, String newText) {
        if (oldText.equals(newText)) {
            return "";
        }
        UnifiedDiff d = new UnifiedDiff(lines(oldText), lines(newText));
        d.compare(0, d.a.length, 0, d.b.length);
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(oldLabel).append('\n').append("+++ ").append(newLabel).append('\n');
        d.hunks(out);
        return out.toString();
    }

    /** The lines of {@code text}, each with its line end ({@code \n}) unless it is the last and has none. */
    static String[] lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines.toArray(String[]::new);
    }

    // ---- the edit script

    /** Larger middles than this (lines of one times lines of the other) are paired line by line. */
    private static final long MAX_TABLE = 4_000_000;

    /**
     * Marks a shortest edit script: the common head and tail are kept, the rest is a longest common subsequence (a
     * table of suffix lengths, deletions taken before insertions); a middle too large for the table is compared line
     * by line, which is exact for formatting (it never adds or removes lines).
     */
    private void compare(int aLo, int aHi, int bLo, int bHi) {
        while (aLo < aHi && bLo < bHi && a[aLo].equals(b[bLo])) {
            aLo++;
            bLo++;
        }
        while (aHi > aLo && bHi > bLo && a[aHi - 1].equals(b[bHi - 1])) {
            aHi--;
            bHi--;
        }
        int n = aHi - aLo;
        int m = bHi - bLo;
        if ((long) n * m > MAX_TABLE) {
            for (int k = 0; k < Math.max(n, m); k++) {
                boolean same = k < n && k < m && a[aLo + k].equals(b[bLo + k]);
                if (k < n && !same) {
                    removed[aLo + k] = true;
                }
                if (k < m && !same) {
                    added[bLo + k] = true;
                }
            }
            return;
        }
        int w = m + 1;
        int[] lcs = new int[(n + 1) * w]; // lcs[i * w + j]: the longest common subsequence of a[..i) and b[..j)
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                lcs[i * w + j] = a[aLo + i - 1].equals(b[bLo + j - 1]) ? lcs[(i - 1) * w + j - 1] + 1
                        : Math.max(lcs[(i - 1) * w + j], lcs[i * w + j - 1]);
            }
        }
        // walked from the end, so that lines match as late as they can (as GNU diff's do, mostly)
        int i = n;
        int j = m;
        while (i > 0 || j > 0) {
            if (i > 0 && j > 0 && a[aLo + i - 1].equals(b[bLo + j - 1])) {
                i--;
                j--;
            } else if (j == 0 || i > 0 && lcs[(i - 1) * w + j] > lcs[i * w + j - 1]) {
                removed[aLo + --i] = true;
            } else {
                added[bLo + --j] = true;
            }
        }
    }

    /**
     * The changes, each {aStart, aEnd, bStart, bEnd}: the lines of a removed and of b added between two common
     * lines. A change that only removes (or only adds) slides down while the common line after it equals its first
     * line, until it meets the next change, as GNU diff places such runs.
     */
    private List<int[]> changes() {
        List<int[]> changes = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && !removed[i] && !added[j]) {
                i++;
                j++;
                continue;
            }
            int ai = i;
            int bj = j;
            while (i < a.length && removed[i]) {
                i++;
            }
            while (j < b.length && added[j]) {
                j++;
            }
            if (ai == i && bj == j) {
                throw new IllegalStateException("inconsistent edit script"); // one file has unmarked lines left
            }
            changes.add(new int[] {ai, i, bj, j});
        }
        for (int k = 0; k < changes.size(); k++) {
            int[] c = changes.get(k);
            boolean removes = c[2] == c[3];
            boolean adds = c[0] == c[1];
            if (!removes && !adds) {
                continue;
            }
            String[] lines = removes ? a : b;
            int from = removes ? 0 : 2;
            while (c[1] < a.length && c[3] < b.length && lines[c[from]].equals(lines[c[from + 1]])) {
                c[0]++;
                c[1]++;
                c[2]++;
                c[3]++;
                if (k + 1 < changes.size() && changes.get(k + 1)[0] == c[1] && changes.get(k + 1)[2] == c[3]) {
                    int[] next = changes.remove(k + 1);
                    c[1] = next[1];
                    c[3] = next[3];
                    break;
                }
            }
        }
        return changes;
    }

    // ---- output

    private void hunks(StringBuilder out) {
        List<int[]> changes = changes();
        int c = 0;
        while (c < changes.size()) {
            int last = c;
            while (last + 1 < changes.size() && changes.get(last + 1)[0] - changes.get(last)[1] <= 2 * CONTEXT) {
                last++;
            }
            int[] first = changes.get(c);
            int[] end = changes.get(last);
            int aStart = Math.max(0, first[0] - CONTEXT);
            int bStart = first[2] - (first[0] - aStart);
            int aEnd = Math.min(a.length, end[1] + CONTEXT);
            int bEnd = end[3] + (aEnd - end[1]);
            out.append("@@ -").append(range(aStart, aEnd - aStart)).append(" +").append(range(bStart, bEnd - bStart))
                    .append(" @@\n");
            int ai = aStart;
            for (int k = c; k <= last; k++) {
                int[] ch = changes.get(k);
                for (; ai < ch[0]; ai++) {
                    line(out, ' ', a[ai]);
                }
                for (int x = ch[0]; x < ch[1]; x++) {
                    line(out, '-', a[x]);
                }
                for (int y = ch[2]; y < ch[3]; y++) {
                    line(out, '+', b[y]);
                }
                ai = ch[1];
            }
            for (; ai < aEnd; ai++) {
                line(out, ' ', a[ai]);
            }
            c = last + 1;
        }
    }

    private static String range(int start, int length) {
        if (length == 1) {
            return String.valueOf(start + 1);
        }
        return (length == 0 ? start : start + 1) + "," + length;
    }

    private static void line(StringBuilder out, char mark, String line) {
        out.append(mark);
        if (line.endsWith("\n")) {
            out.append(line);
        } else {
            out.append(line).append("\n\\ No newline at end of file\n");
        }
    }
}
