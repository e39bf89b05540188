package dev.kiln.runtime.frontend;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Finds the closest known name to a misspelt one, for "did you mean" hints. */
public final class Suggestions {

    /**
     * Names longer than this are not compared: nobody mistypes them, and comparing two long names takes time and
     * memory proportional to the product of their lengths.
     */
    private static final int LONGEST = 120;

    private Suggestions() {
    }

    /**
     * The candidate closest to {@code input} by edit distance (ignoring case, counting a swap of two neighbouring
     * letters as one edit), when it is close enough to be a plausible typo: at most one edit per three characters,
     * and at least one. Ties go to the alphabetically first candidate.
     *
     * @return the suggestion, or empty when nothing is close or {@code input} is itself a candidate
     */
    public static Optional<String> closest(String input, Collection<String> candidates) {
        if (input == null || input.isEmpty() || input.length() > LONGEST || candidates == null
                || candidates.contains(input)) {
            return Optional.empty();
        }
        String needle = input.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            if (candidate == null || candidate.isEmpty() || candidate.length() > LONGEST
                    || Math.abs(candidate.length() - input.length()) > LONGEST / 3) {
                continue;
            }
            int distance = distance(needle, candidate.toLowerCase(Locale.ROOT));
            int allowed = Math.max(1, Math.min(input.length(), candidate.length()) / 3);
            if (distance > allowed || distance >= Math.max(input.length(), candidate.length())) {
                continue;
            }
            if (distance < bestDistance || distance == bestDistance && candidate.compareTo(best) < 0) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Levenshtein distance with adjacent transpositions (optimal string alignment). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
