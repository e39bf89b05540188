package dev.kiln.runtime.build;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Replaces the values of sensitive variables with {@value #MASK}, in every output, machine-readable included.
 *
 * <p>Every character that belongs to an occurrence of a value is hidden: occurrences that overlap or touch one
 * another's inside (values {@code abc} and {@code bcd} in {@code abcd}) become one {@value #MASK}. Text that arrives
 * in parts, such as an over-long line that a communicator passes on in pieces, goes through a {@link #stream()}, so
 * a value cut in two by a piece boundary is still masked whole. A value with single quotes is also masked as Kiln's
 * components quote it for a shell ({@link #shellQuoted}), as the docker builder's {@code Run command} line and the
 * shell provisioners' {@code environment_vars} show it. Immutable and thread-safe; a stream is not.
 */
public final class Masker {

    /** What a sensitive value shows as. */
    public static final String MASK = "<sensitive>";

    /** A masker that masks nothing. */
    public static final Masker NONE = new Masker(List.of());

    /** The values by their first character, longest first. */
    private final Map<Character, String[]> byFirst;
    /** The first characters of the values, so that most characters are passed over without a map look-up. */
    private final BitSet firsts = new BitSet();
    private final int longest;

    /** Masks the given values; empty strings are ignored. */
    public Masker(Collection<String> secrets) {
        Map<Character, List<String>> grouped = new HashMap<>();
        int max = 0;
        List<String> all = new ArrayList<>();
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                all.add(secret);
                all.add(shellQuoted(secret));
            }
        }
        for (String secret : all) {
            firsts.set(secret.charAt(0));
            List<String> group = grouped.computeIfAbsent(secret.charAt(0), c -> new ArrayList<>());
            if (!group.contains(secret)) {
                group.add(secret);
            }
            max = Math.max(max, secret.length());
        }
        Map<Character, String[]> index = new HashMap<>();
        grouped.forEach((first, group) -> index.put(first, group.stream()
                .sorted(Comparator.comparingInt(String::length).reversed()).toArray(String[]::new)));
        this.byFirst = Map.copyOf(index);
        this.longest = max;
    }

    /**
     * {@code value} as it shows inside single quotes on a shell command line: each {@code '} becomes
     * {@code '"'"'}, as Kiln's components write it.
     *
     * @param value the value, never null
     * @return the quoted form; {@code value} itself when it has no single quote
     */
    public static String shellQuoted(String value) {
        return value.replace("'", "'\"'\"'");
    }

    /** Whether this masker has nothing to mask. */
    public boolean isEmpty() {
        return longest == 0;
    }

    /** The length of the longest value: a {@link Stream} holds back fewer characters than this. */
    public int longest() {
        return longest;
    }

    /** Returns {@code text} with every secret replaced; null stays null. */
    public String mask(String text) {
        if (text == null || isEmpty()) {
            return text;
        }
        Stream stream = stream();
        return stream.push(text) + stream.finish();
    }

    /**
     * A masking of text that arrives in parts: what {@link Stream#push} returns, followed by what
     * {@link Stream#finish} returns, is {@link #mask} of all the parts joined.
     */
    public Stream stream() {
        return new Stream();
    }

    /**
     * Masks text that arrives in parts. It passes on each part at once, except a tail that might be the start of a
     * value the next part completes; that tail is shorter than the {@link #longest() longest value}, so memory stays
     * bounded however long the text is. Not thread-safe: one stream per sequence of parts.
     */
    public final class Stream {

        private String carry = "";
        /** How many characters at the start of {@link #carry} belong to a mask already passed on. */
        private int covered;

        private Stream() {
        }

        /**
         * Takes the next part of the text.
         *
         * @param part the text, never null
         * @return what can be passed on now, masked; may be empty
         */
        public String push(CharSequence part) {
            return scan(carry.isEmpty() ? part.toString() : carry + part, false);
        }

        /**
         * Ends the text: whatever was held back is passed on, masked. The stream can be used again afterwards, for
         * new text.
         *
         * @return the rest of the text, masked; may be empty
         */
        public String finish() {
            String rest = scan(carry, true);
            carry = "";
            covered = 0;
            return rest;
        }

        /** Whether part of the text is held back, waiting for the next part or the end. */
        public boolean holding() {
            return !carry.isEmpty();
        }

        /** How many characters are held back. */
        int held() {
            return carry.length();
        }

        private String scan(String text, boolean last) {
            if (isEmpty()) {
                carry = "";
                return text;
            }
            StringBuilder out = new StringBuilder(text.length());
            int coveredTo = covered; // text[0, coveredTo) is inside a mask that is already out
            int shown = covered;     // text[0, shown) is accounted for in the output
            int i = 0;
            int n = text.length();
            for (; i < n; i++) {
                char c = text.charAt(i);
                if (!firsts.get(c)) {
                    continue;
                }
                String[] candidates = byFirst.get(c);
                if (candidates == null) {
                    continue;
                }
                if (!last && mayContinue(candidates, text, i)) {
                    break; // a value may start here that the next part completes: hold from here
                }
                int length = longestMatch(candidates, text, i);
                if (length > 0) {
                    if (i >= coveredTo) {
                        out.append(text, shown, i).append(MASK);
                    }
                    coveredTo = Math.max(coveredTo, i + length);
                    shown = coveredTo;
                }
            }
            if (i > shown) {
                out.append(text, shown, i);
            }
            carry = text.substring(i);
            covered = Math.max(0, coveredTo - i);
            return out.toString();
        }
    }

    /** Whether {@code text[from..]} is a proper start of one of the candidates (longer than what is left). */
    private static boolean mayContinue(String[] candidates, String text, int from) {
        int left = text.length() - from;
        for (String candidate : candidates) {
            if (candidate.length() <= left) {
                return false; // the rest are no longer (candidates are longest first)
            }
            if (candidate.regionMatches(0, text, from, left)) {
                return true;
            }
        }
        return false;
    }

    private static int longestMatch(String[] candidates, String text, int from) {
        for (String candidate : candidates) {
            if (text.startsWith(candidate, from)) {
                return candidate.length();
            }
        }
        return 0;
    }
}
