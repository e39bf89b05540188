package dev.kiln.runtime.frontend.json;

import java.util.Locale;

/**
 * The limits Kiln puts on template input, so that a hostile or broken template is refused with a problem (file, line,
 * column and key) instead of exhausting the stack, the memory or the user's patience. Each is far above anything a
 * real template needs; the README's reliability section lists them.
 *
 * <p>Packer 1.6.6 has no limits of its own here (its JSON reader allows 10,000 levels of nesting, its plugin protocol
 * about 1,024); it runs out of memory on the exponential variable below.
 */
public final class TemplateLimits {

    /** The largest template or variable file read, in bytes: 64 MiB. */
    public static final int MAX_FILE_BYTES = 64 << 20;

    /**
     * How deeply lists and objects may nest in a template or variable file, the document itself included. Real
     * templates nest fewer than ten levels; at this depth reading, rendering and binding use about a third of a
     * thread's default stack.
     */
    public static final int MAX_NESTING_DEPTH = 500;

    /** The longest key of an object, in characters. */
    public static final int MAX_KEY_LENGTH = 64 << 10;

    /** The longest number literal, in characters (a double has 17 significant digits). */
    public static final int MAX_NUMBER_LENGTH = 1_000;

    /**
     * The longest string, in characters: a string written in a file, and the rendered value of any template string
     * (a variable's value, an option, anything a component renders). 4 MiB.
     */
    public static final int MAX_VALUE_LENGTH = 4 << 20;

    /**
     * How many characters the values rendered for one template may add up to: its variables' values together, and
     * the options of every component block checked by one validation together. 64 MiB.
     */
    public static final long MAX_RENDERED_TOTAL = 64L << 20;

    private TemplateLimits() {
    }

    /** A count for a message: {@code 1,000}. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A length in characters for a message: {@code 4 MiB (4,194,304 characters)}, or {@code 1,000 characters}. */
    static String characters(long n) {
        return mebibytes(n) + count(n) + " characters" + (n >= 1 << 20 && n % (1 << 20) == 0 ? ")" : "");
    }

    /** A size in bytes for a message: {@code 64 MiB (67,108,864 bytes)}. */
    static String bytes(long n) {
        return mebibytes(n) + count(n) + " bytes" + (n >= 1 << 20 && n % (1 << 20) == 0 ? ")" : "");
    }

    private static String mebibytes(long n) {
        return n >= 1 << 20 && n % (1 << 20) == 0 ? (n >> 20) + " MiB (" : "";
    }

    /** The start of a long text for a message: at most 20 characters, then an ellipsis. */
    static String excerpt(String text) {
        return text.length() <= 20 ? text : text.substring(0, 20) + "…";
    }
}
