package dev.kiln.api.testing;

import dev.kiln.api.Ui;
import java.util.ArrayList;
import java.util.List;

/** A {@link Ui} that records every call as {@code "say: text"}, {@code "detail: text"} and so on. Thread-safe. */
public final class RecordingUi implements Ui {

    private final List<String> lines = new ArrayList<>();

    @Override public void say(String message) { add("say", message); }
    @Override public void detail(String message) { add("detail", message); }
    @Override public void warn(String message) { add("warn", message); }
    @Override public void error(String message) { add("error", message); }

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
