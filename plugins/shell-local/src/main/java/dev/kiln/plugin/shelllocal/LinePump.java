package dev.kiln.plugin.shelllocal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads one of a host process's output streams on its own thread and hands each line to a consumer as soon as it is
 * complete: without its line terminator ({@code \n} or {@code \r\n}), decoded as UTF-8 (malformed bytes replaced).
 * A line longer than {@link #MAX_LINE} bytes is handed on in pieces, so a huge line or binary output never piles up
 * in memory: each piece but the last to the part consumer ({@link dev.kiln.api.Ui#detailPart}, which masks
 * sensitive values across pieces), the last to the line consumer, which ends the line.
 */
final class LinePump implements Runnable {

    /** The most bytes held back waiting for a line's end. */
    static final int MAX_LINE = 64 * 1024;

    private final InputStream in;
    private final Consumer<String> lines;
    private final Consumer<String> parts;
    /** Whether pieces of the current line have been handed on, so its end must be too. */
    private boolean inLine;

    LinePump(InputStream in, Consumer<String> lines, Consumer<String> parts) {
        this.in = in;
        this.lines = lines;
        this.parts = parts;
    }

    /** Starts a daemon thread that pumps {@code in} until it ends or is closed. */
    static Thread start(String name, InputStream in, Consumer<String> lines, Consumer<String> parts) {
        Thread thread = new Thread(new LinePump(in, lines, parts), name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Override
    public void run() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (b == '\n') {
                        emit(line, true);
                    } else {
                        line.write(b);
                        if (line.size() >= MAX_LINE) {
                            emit(line, false);
                        }
                    }
                }
            }
        } catch (IOException e) {
            // the stream was closed because the process was killed: what was read so far still counts
        }
        if (line.size() > 0 || inLine) {
            emit(line, true);
        }
    }

    private void emit(ByteArrayOutputStream line, boolean complete) {
        byte[] bytes = line.toByteArray();
        int length = bytes.length;
        if (complete && length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        int keep = 0;
        if (!complete) {
            // do not split a UTF-8 sequence: hand on up to the start of the last (possibly unfinished) character
            int start = length - 1;
            while (start > 0 && start > length - 4 && (bytes[start] & 0xC0) == 0x80) {
                start--;
            }
            if ((bytes[start] & 0x80) != 0 && start > 0) {
                keep = length - start;
                length = start;
            }
        }
        (complete ? lines : parts).accept(new String(bytes, 0, length, StandardCharsets.UTF_8));
        inLine = !complete;
        line.reset();
        line.write(bytes, length, keep);
    }
}
