package dev.kiln.docker.engine;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Splits the output stream of an exec (or attach) into standard output and standard error, however the reads cut it.
 *
 * <p>Without a TTY the engine multiplexes both streams into frames, each an 8-byte header (the stream: 0 stdin,
 * 1 stdout, 2 stderr, 3 the engine's own error; three zero bytes; the payload's length, 4 bytes big-endian) and then
 * the payload. With a TTY there is one raw stream, which all goes to standard output. A header or payload that a read
 * boundary cuts is put together again. Frames of stream 3 go to standard error (docker-java passed them to standard
 * output unframed, with their headers, as it did any stream byte but 0–2). A header with a stream byte above 3 means
 * the stream is not multiplexed after all: from there on it is passed on raw to standard output.
 *
 * <p>Not thread-safe: one per stream, fed from one thread.
 */
final class FrameDemultiplexer {

    static final int HEADER = 8;

    private final Consumer<byte[]> stdout;
    private final Consumer<byte[]> stderr;
    private boolean raw;
    private final byte[] header = new byte[HEADER];
    private int headerFill;
    private long payloadLeft;
    private Consumer<byte[]> current;

    /**
     * @param tty whether the exec has a TTY, so that the stream is raw
     * @param stdout gets standard output's bytes (and a raw stream's)
     * @param stderr gets standard error's bytes and the engine's own error frames
     */
    FrameDemultiplexer(boolean tty, Consumer<byte[]> stdout, Consumer<byte[]> stderr) {
        this.raw = tty;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Takes the next {@code length} bytes of the stream from {@code buffer} at {@code offset}. */
    void feed(byte[] buffer, int offset, int length) {
        int at = offset;
        int end = offset + length;
        while (at < end) {
            if (raw) {
                stdout.accept(Arrays.copyOfRange(buffer, at, end));
                return;
            }
            if (payloadLeft > 0) {
                int n = (int) Math.min(payloadLeft, end - at);
                if (current != null) {
                    current.accept(Arrays.copyOfRange(buffer, at, at + n));
                }
                payloadLeft -= n;
                at += n;
                continue;
            }
            int n = Math.min(HEADER - headerFill, end - at);
            System.arraycopy(buffer, at, header, headerFill, n);
            headerFill += n;
            at += n;
            if (headerFill == HEADER) {
                headerFill = 0;
                if (!startFrame()) {
                    raw = true;
                    stdout.accept(header.clone());
                }
            }
        }
    }

    /** Reads a complete header; false when it is not one. */
    private boolean startFrame() {
        int stream = header[0] & 0xff;
        if (stream > 3) {
            return false;
        }
        current = stream == 1 ? stdout : stream == 2 || stream == 3 ? stderr : null; // stdin's echo: dropped
        payloadLeft = ((header[4] & 0xffL) << 24) | ((header[5] & 0xffL) << 16) | ((header[6] & 0xffL) << 8)
                | (header[7] & 0xffL);
        return true;
    }
}
