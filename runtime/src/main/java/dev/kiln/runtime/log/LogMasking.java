package dev.kiln.runtime.log;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.kiln.runtime.build.Masker;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The sensitive values the diagnostic log must not show: those of every template that an open session has loaded.
 *
 * <p>This is process-wide on purpose, and the only such state in Kiln: the log backend (SLF4J's simple logger, and
 * {@code System.err} that it writes to) is process-wide, and it logs for every library, on every thread, with no way
 * to be handed a build's {@link dev.kiln.runtime.build.Masker}. Each {@link dev.kiln.runtime.session.KilnSession}
 * holds a {@link Registration}, adds each template's values to it when it loads the template, and closes it when the
 * session closes; a value two sessions share stays until both have closed. Plugins cannot reach it (their class
 * loaders share only Kiln's API with the runtime).
 *
 * <p>Besides each value as it is, the log masks the forms in which docker-java's and the HTTP client's wire log
 * carry it: JSON-escaped (request bodies), URL-encoded (query strings such as {@code /commit?changes=…}), as the
 * HTTP client's wire log prints bytes ({@code [0x…]} for what is not printable ASCII), and each of these also for
 * the value quoted for a shell ({@link Masker#shellQuoted}), as in an exec command's {@code environment_vars}.
 */
public final class LogMasking {

    /** How many registrations hold each value. */
    private static final Map<String, Integer> HOLDERS = new HashMap<>();
    private static volatile Set<String> values = Set.of();

    private LogMasking() {
    }

    /**
     * A new, empty registration; close it when its values may leave the log unmasked.
     *
     * @return the registration
     */
    public static Registration register() {
        return new Registration();
    }

    /**
     * Every value to mask now, with the encoded forms the wire log shows.
     *
     * @return an immutable snapshot; a new set after every change
     */
    public static Set<String> values() {
        return values;
    }

    /**
     * Wraps {@code target} so that everything printed to it is masked with the {@link #values()} of the moment.
     *
     * <p>Each line reaches {@code target} as soon as it ends. The stream does not flush by itself (an auto-flushing
     * {@code PrintStream} would flush every 8 KiB of a long line, and a flush ends the masking of what came before):
     * a line without its end, and the rare tail held back because it may start a value, follow on {@code flush()},
     * which the log calls after each record.
     *
     * @param target where the masked text goes, such as the original {@code System.err}
     * @param charset the charset {@code target} prints in
     * @return the masking stream
     */
    public static PrintStream masking(PrintStream target, Charset charset) {
        return new PrintStream(new MaskingOutputStream(target, charset, LogMasking::values), false, charset);
    }

    /** The value and the encoded forms the wire log may show it in. */
    static Set<String> forms(String value) {
        Set<String> forms = new LinkedHashSet<>();
        for (String text : new String[] {value, Masker.shellQuoted(value)}) { // as is, and in a shell command
            String json = new String(JsonStringEncoder.getInstance().quoteAsString(text));
            String url = URLEncoder.encode(text, StandardCharsets.UTF_8);
            for (String form : new String[] {text, json, url, url.replace("+", "%20")}) {
                forms.add(form);
                forms.add(wire(form));
            }
        }
        forms.remove("");
        return forms;
    }

    /** {@code text} as the HTTP client's wire log prints its UTF-8 bytes. */
    static String wire(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int ch = b; // signed, as the HTTP client's Wire has it: 0xc3 prints as [0xffffffc3]
            if (ch == '\r') {
                out.append("[\\r]");
            } else if (ch == '\n') {
                out.append("[\\n]");
            } else if (ch < 32 || ch >= 127) {
                out.append("[0x").append(Integer.toHexString(ch)).append(']');
            } else {
                out.append((char) ch);
            }
        }
        return out.toString();
    }

    private static void changed() {
        Set<String> all = new HashSet<>();
        HOLDERS.keySet().forEach(value -> all.addAll(forms(value)));
        values = Set.copyOf(all);
    }

    /** The values one session has added; closing it takes them out of the log's masking again. */
    public static final class Registration implements AutoCloseable {

        private final Set<String> mine = new HashSet<>();
        private boolean closed;

        private Registration() {
        }

        /**
         * Masks {@code added} in the log from now on, until this registration closes; empty values are ignored.
         *
         * @param added the values, never null
         */
        public void add(Collection<String> added) {
            synchronized (LogMasking.class) {
                if (closed) {
                    return;
                }
                boolean any = false;
                for (String value : added) {
                    if (value != null && !value.isEmpty() && mine.add(value)) {
                        HOLDERS.merge(value, 1, Integer::sum);
                        any = true;
                    }
                }
                if (any) {
                    changed();
                }
            }
        }

        /** Takes this registration's values out of the log's masking, unless another registration holds them too. */
        @Override
        public void close() {
            synchronized (LogMasking.class) {
                if (closed) {
                    return;
                }
                closed = true;
                for (String value : mine) {
                    HOLDERS.computeIfPresent(value, (v, count) -> count == 1 ? null : count - 1);
                }
                mine.clear();
                changed();
            }
        }
    }
}
