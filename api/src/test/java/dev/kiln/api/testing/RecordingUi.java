package dev.kiln.api.testing;

import dev.kiln.api.Ui;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Ui} that records every call as {@code "say: text"}, {@code "detail: text"} and so on; the parts of an
 * over-long line as {@code "detail-part: text"} and {@code "error-part: text"}. Thread-safe.
 */
public final class RecordingUi implements Ui {

    private final List<String> lines = new ArrayList<>();
    private final List<String> progress = new ArrayList<>();

    @Override public void say(String message) { add("say", message); }
    @Override public void detail(String message) { add("detail", message); }
    @Override public void warn(String message) { add("warn", message); }
    @Override public void error(String message) { add("error", message); }
    @Override public void detailPart(String part) { add("detail-part", part); }
    @Override public void errorPart(String part) { add("error-part", part); }

    /** Kept apart from the lines: how often progress is reported depends on timing. */
    @Override
    public synchronized void progress(String task, long done, long total) {
        progress.add(task + " " + done + "/" + total);
    }

    /** Every progress report, {@code "<task> <done>/<total>"}, in order. */
    public synchronized List<String> progress() {
        return List.copyOf(progress);
    }

    private synchronized void add(String kind, String message) {
        lines.add(kind + ": " + message);
    }

    /** Every recorded line, in order. */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** The recorded lines joined with newlines, for assertions on text. */
    public synchronized String text() {
        return String.join("\n", lines);
    }
}
