package dev.kiln.plugin.docker.driver;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Turns a byte stream that arrives in arbitrary chunks into lines without terminators ({@code \n} or {@code \r\n}).
 *
 * <p>Bytes are decoded as UTF-8 only once a line is complete, so a character split across chunks survives. A line
 * longer than {@value #MAX_LINE} bytes is passed on in pieces so that memory stays bounded. Not thread-safe: use one
 * per stream, fed from one thread.
 */
final class LineSplitter {

    static final int MAX_LINE = 64 * 1024;

    private final Consumer<String> sink;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

    LineSplitter(Consumer<String> sink) {
        this.sink = sink;
    }

    void accept(byte[] bytes) {
        if (bytes == null) {
            return;
        }
        for (byte b : bytes) {
            if (b == '\n') {
                emit();
            } else {
                line.write(b);
                if (line.size() >= MAX_LINE) {
                    emit();
                }
            }
        }
    }

    /** Passes on what is left after the last line terminator, if anything. */
    void finish() {
        if (line.size() > 0) {
            emit();
        }
    }

    private void emit() {
        byte[] bytes = line.toByteArray();
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        line.reset();
        sink.accept(new String(bytes, 0, length, StandardCharsets.UTF_8));
    }
}
