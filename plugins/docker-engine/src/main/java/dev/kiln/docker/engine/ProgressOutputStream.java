package dev.kiln.docker.engine;

import dev.kiln.api.Ui;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.LongSupplier;

/**
 * Counts the bytes of a long transfer (a save, an upload) as they are written and reports them with
 * {@link Ui#progress}: at most ten times a second, so a fast copy of many small writes costs nothing noticeable, and
 * once more at the end, with the final count.
 */
public final class ProgressOutputStream extends FilterOutputStream {

    private static final long INTERVAL = 100_000_000L; // ns

    private final Ui ui;
    private final String task;
    private final long total;
    private final LongSupplier nanoTime;
    private long done;
    private long reported = Long.MIN_VALUE;
    private boolean finished;

    /**
     * @param out where the bytes go
     * @param ui where progress goes
     * @param task what is in progress, e.g. {@code Saving busybox:latest}
     * @param total bytes expected, or -1 when unknown
     */
    public ProgressOutputStream(OutputStream out, Ui ui, String task, long total) {
        this(out, ui, task, total, System::nanoTime);
    }

    ProgressOutputStream(OutputStream out, Ui ui, String task, long total, LongSupplier nanoTime) {
        super(out);
        this.ui = ui;
        this.task = task;
        this.total = total;
        this.nanoTime = nanoTime;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        advance(1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length); // not FilterOutputStream's, which writes one byte at a time
        advance(length);
    }

    private void advance(long count) {
        done += count;
        long now = nanoTime.getAsLong();
        if (reported == Long.MIN_VALUE || now - reported >= INTERVAL) {
            reported = now;
            ui.progress(task, done, total);
        }
    }

    /** The bytes written so far. */
    public long done() {
        return done;
    }

    /** Reports the final count, once; {@link #close()} does too. */
    public void finish() {
        if (!finished) {
            finished = true;
            ui.progress(task, done, total);
        }
    }

    @Override
    public void close() throws IOException {
        finish();
        super.close();
    }
}
