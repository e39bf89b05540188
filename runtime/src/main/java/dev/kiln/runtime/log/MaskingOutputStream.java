package dev.kiln.runtime.log;

import dev.kiln.runtime.build.Masker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Masks text on its way to another stream, line by line: the values of the moment ({@code values}, read for each
 * line) become {@value Masker#MASK}, and so do the values of HTTP authentication headers ({@code X-Registry-Auth},
 * {@code X-Registry-Config}, {@code Authorization}, {@code Proxy-Authorization}), which the HTTP client's wire log
 * prints and which carry registry credentials, base64-encoded.
 *
 * <p>A line is passed on when it ends; {@link #flush()} passes on an unfinished line too and ends the text, so a
 * value is masked across the lines between two flushes (a log record with its stack trace), not across a flush. The
 * masking runs on the bytes (each read as one character), with each value encoded in the
 * stream's charset, so whatever bytes pass unmasked are passed on unchanged, even if they are not valid text. A line
 * longer than {@value #MAX_LINE} bytes is passed on in pieces through a {@link Masker.Stream}, so a value cut by a
 * piece boundary is still masked and memory stays bounded (a header value cut that way is not recognised).
 * Thread-safe.
 */
final class MaskingOutputStream extends OutputStream {

    static final int MAX_LINE = 64 * 1024;

    private static final Pattern AUTH_HEADER = Pattern.compile(
            "(?i)\\b(X-Registry-Auth|X-Registry-Config|Authorization|Proxy-Authorization):[ \\t]*[^\"\\[\\r\\n]+");

    private final OutputStream out;
    private final Charset charset;
    private final Supplier<Set<String>> values;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private Set<String> masked;
    private Masker masker = Masker.NONE;
    private Masker.Stream stream = masker.stream();

    /**
     * @param out where the masked bytes go
     * @param charset the charset of the text written here
     * @param values the values to mask, read for each line
     */
    MaskingOutputStream(OutputStream out, Charset charset, Supplier<Set<String>> values) {
        this.out = out;
        this.charset = charset;
        this.values = values;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        line.write(b);
        if (b == '\n') {
            passOn(true);
        } else if (line.size() >= MAX_LINE) {
            passOn(false);
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        int end = offset + length;
        int from = offset;
        for (int i = offset; i < end; i++) {
            if (bytes[i] == '\n' || line.size() + (i + 1 - from) >= MAX_LINE) {
                line.write(bytes, from, i + 1 - from);
                from = i + 1;
                passOn(bytes[i] == '\n');
            }
        }
        line.write(bytes, from, end - from);
    }

    /** Passes on what is pending, masked, even an unfinished line. */
    @Override
    public synchronized void flush() throws IOException {
        if (line.size() > 0) {
            passOn(true);
        }
        String rest = stream.finish();
        if (!rest.isEmpty()) {
            out.write(rest.getBytes(StandardCharsets.ISO_8859_1));
        }
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        flush();
        out.close();
    }

    /** Masks and passes on the pending bytes: a whole line (or what a flush ends) when {@code whole}, else a piece. */
    private void passOn(boolean whole) throws IOException {
        if (!stream.holding()) { // new values apply from here; text held back waits for the values it was held for
            refresh();
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        line.reset();
        if (whole) {
            text = AUTH_HEADER.matcher(text).replaceAll("$1: " + Masker.MASK);
        }
        String masked = stream.push(text);
        if (!masked.isEmpty()) {
            out.write(masked.getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    /** Rebuilds the masker when the values have changed: each value as the bytes this stream's charset makes of it. */
    private void refresh() {
        Set<String> now = values.get();
        if (now == masked) {
            return;
        }
        masked = now;
        Set<String> encoded = new HashSet<>();
        for (String value : now) {
            encoded.add(new String(value.getBytes(charset), StandardCharsets.ISO_8859_1));
        }
        masker = new Masker(encoded);
        stream = masker.stream();
    }
}
