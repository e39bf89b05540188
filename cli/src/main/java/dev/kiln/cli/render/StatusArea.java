package dev.kiln.cli.render;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.IntSupplier;
import org.jline.utils.AttributedString;

/**
 * A few lines at the bottom of a terminal that are redrawn in place while output scrolls above them, as {@code docker
 * pull} and {@code cargo} draw their progress. Everything written to {@link #stream()} goes above the area: the area
 * is erased, the complete lines are written, and the area is drawn again below them.
 *
 * <p>Drawn with nothing but carriage return, cursor-up and erase-line (no scroll regions), so it works in every
 * terminal that is not dumb and leaves nothing behind when it is {@link #clear() cleared}. Each line is cut to the
 * terminal's width, so none wraps and the area always knows how many rows it covers.
 *
 * <p>While {@link #pause() paused} (a question, a shell attached to the terminal) the area is off the screen and
 * output passes straight through. Thread-safe.
 */
public final class StatusArea {

    private static final byte[] ERASE_LINE = "\r\033[2K".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UP_AND_ERASE = "\033[1A\033[2K".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream terminal;
    private final Charset charset;
    private final IntSupplier width;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private List<String> lines = List.of();
    private List<String> shown = List.of();
    private int paused;

    /**
     * @param terminal the terminal's output
     * @param charset the terminal's encoding
     * @param width its width in columns now; read at every redraw, so a resized terminal gets lines that fit
     */
    public StatusArea(OutputStream terminal, Charset charset, IntSupplier width) {
        this.terminal = terminal;
        this.charset = charset;
        this.width = width;
    }

    /** Output that goes above the area; complete lines are written at once, a partial line when it is completed. */
    public OutputStream stream() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                above(bytes, offset, length);
            }

            @Override
            public void flush() {
                flushPartial();
            }
        };
    }

    /** Sets what the area shows from the next redraw on (output above, or {@link #refresh()}). */
    public synchronized void set(List<String> next) {
        lines = List.copyOf(next);
    }

    /** Redraws the area when what it should show differs from what the screen shows. */
    public synchronized void refresh() {
        if (paused == 0 && !lines.equals(shown)) {
            erase();
            draw();
            flushTerminal();
        }
    }

    /** Removes the area from the screen and forgets its lines; output goes on as plain lines. */
    public synchronized void clear() {
        lines = List.of();
        refresh();
    }

    /** Takes the area off the screen until {@link #resume()}, e.g. while a question waits for its answer. */
    public synchronized void pause() {
        if (paused++ == 0) {
            erase();
            writeTerminal(partial.toByteArray(), 0, partial.size()); // a question's own line may be partial
            partial.reset();
            flushTerminal();
        }
    }

    /** Puts the area back after {@link #pause()}. */
    public synchronized void resume() {
        if (paused > 0 && --paused == 0) {
            refresh();
        }
    }

    private synchronized void above(byte[] bytes, int offset, int length) {
        if (paused > 0 || (shown.isEmpty() && lines.isEmpty() && partial.size() == 0)) {
            writeTerminal(bytes, offset, length);
            return;
        }
        int end = lastNewline(bytes, offset, length);
        if (end < 0) {
            partial.write(bytes, offset, length);
            return;
        }
        erase();
        writeTerminal(partial.toByteArray(), 0, partial.size());
        partial.reset();
        writeTerminal(bytes, offset, end + 1 - offset);
        partial.write(bytes, end + 1, offset + length - end - 1);
        draw();
    }

    private synchronized void flushPartial() {
        if (partial.size() > 0 && (paused > 0 || shown.isEmpty() && lines.isEmpty())) {
            writeTerminal(partial.toByteArray(), 0, partial.size());
            partial.reset();
        }
        flushTerminal();
    }

    private static int lastNewline(byte[] bytes, int offset, int length) {
        for (int i = offset + length - 1; i >= offset; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Erases the rows the area covers; the cursor ends at the start of the first of them. */
    private void erase() {
        if (shown.isEmpty()) {
            return;
        }
        writeTerminal(ERASE_LINE, 0, ERASE_LINE.length);
        for (int i = 1; i < shown.size(); i++) {
            writeTerminal(UP_AND_ERASE, 0, UP_AND_ERASE.length);
        }
        shown = List.of();
    }

    /** Draws the lines from the cursor down, the cursor staying at the end of the last one (no newline after it). */
    private void draw() {
        if (paused > 0 || lines.isEmpty() || partial.size() > 0) {
            return;
        }
        int columns = Math.max(width.getAsInt() - 1, 10); // the last column would wrap in some terminals
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            AttributedString cut = new AttributedString(line.replaceAll("\\p{Cntrl}", " "));
            text.append(text.length() == 0 ? "" : "\r\n").append(cut.columnSubSequence(0, columns));
        }
        byte[] bytes = text.toString().getBytes(charset);
        writeTerminal(bytes, 0, bytes.length);
        shown = lines;
    }

    private void writeTerminal(byte[] bytes, int offset, int length) {
        try {
            terminal.write(bytes, offset, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void flushTerminal() {
        try {
            terminal.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
