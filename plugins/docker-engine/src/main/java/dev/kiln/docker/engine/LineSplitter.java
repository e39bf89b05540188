package dev.kiln.docker.engine;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Turns a byte stream that arrives in arbitrary chunks into lines without terminators ({@code \n} or {@code \r\n}).
 *
 * <p>Bytes are decoded as UTF-8 only once a line is complete, so a character split across chunks survives. A line
 * longer than {@value #MAX_LINE} bytes is passed on in pieces so that memory stays bounded: each piece but the last
 * goes to the part sink, the last to the line sink, which ends the line. The runtime masks sensitive values across
 * the pieces ({@link dev.kiln.api.Ui#detailPart}), so a value that a piece boundary cuts is still hidden. Not
 * thread-safe: use one per stream, fed from one thread.
 */
final class LineSplitter {

    static final int MAX_LINE = 64 * 1024;

    private final Consumer<String> lines;
    private final Consumer<String> parts;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

    /**
     * @param lines gets each line, or the last piece of an over-long one
     * @param parts gets the other pieces of an over-long line
     */
    LineSplitter(Consumer<String> lines, Consumer<String> parts) {
        this.lines = lines;
        this.parts = parts;
    }

    void accept(byte[] bytes) {
        if (bytes == null) {
            return;
        }
        for (byte b : bytes) {
            if (b == '\n') {
                emit();
            } else {
                // Split only when more is coming, so a line of exactly MAX_LINE stays whole, also with its \r\n.
                boolean endOfLineMayFollow = b == '\r' && line.size() == MAX_LINE;
                if (line.size() >= MAX_LINE && !endOfLineMayFollow) {
                    emitPiece();
                }
                line.write(b);
            }
        }
    }

    /** Passes on what is left after the last line terminator, if anything. */
    void finish() {
        if (line.size() > 0) {
            emit();
        }
    }

    /**
     * Passes on a full piece of an over-long line, keeping for the next piece a character that is split at its end
     * and a final {@code \r} (with a TTY every line ends in {@code \r\n}).
     */
    private void emitPiece() {
        byte[] bytes = line.toByteArray();
        int cut = completeUtf8Length(bytes);
        if (cut > 0 && bytes[cut - 1] == '\r') {
            cut--;
        }
        line.reset();
        parts.accept(new String(bytes, 0, cut, StandardCharsets.UTF_8));
        line.write(bytes, cut, bytes.length - cut);
    }

    /** The length of {@code bytes} without a UTF-8 sequence that is cut off at the end, if there is one. */
    static int completeUtf8Length(byte[] bytes) {
        int end = bytes.length;
        for (int back = 1; back <= 3 && back <= end; back++) {
            int b = bytes[end - back] & 0xff;
            if ((b & 0xc0) == 0x80) {
                continue; // a continuation byte: look further back for the lead byte
            }
            int needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
            return needed > back ? end - back : end;
        }
        return end; // not UTF-8 in any case: nothing to keep back
    }

    private void emit() {
        byte[] bytes = line.toByteArray();
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        line.reset();
        lines.accept(new String(bytes, 0, length, StandardCharsets.UTF_8));
    }
}
