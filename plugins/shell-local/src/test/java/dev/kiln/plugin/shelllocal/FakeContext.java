package dev.kiln.plugin.shelllocal;

import dev.kiln.api.PostProcessContext;
import dev.kiln.api.ProvisionContext;
import dev.kiln.api.Ui;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A context for both components whose render() replaces {@code {{.Key}}} with the data's values and nothing else, and
 * whose Ui records every line with the time it arrived.
 */
final class FakeContext implements ProvisionContext, PostProcessContext {

    /** One Ui call: kind ({@code say}, {@code detail}, ...), text and when it arrived since the context was made. */
    record Line(String kind, String text, Duration at) { }

    private final long start = System.nanoTime();
    private final List<Line> lines = new ArrayList<>();
    private final String buildName;
    private final String builderType;
    final AtomicBoolean cancelled = new AtomicBoolean();

    private final Ui ui = new Ui() {
        @Override public void say(String message) { add("say", message); }
        @Override public void detail(String message) { add("detail", message); }
        @Override public void warn(String message) { add("warn", message); }
        @Override public void error(String message) { add("error", message); }
    };

    FakeContext() {
        this("docker", "docker");
    }

    FakeContext(String buildName, String builderType) {
        this.buildName = buildName;
        this.builderType = builderType;
    }

    private synchronized void add(String kind, String text) {
        lines.add(new Line(kind, text, Duration.ofNanos(System.nanoTime() - start)));
        notifyAll();
    }

    @Override public Ui ui() { return ui; }
    @Override public String buildName() { return buildName; }
    @Override public String builderType() { return builderType; }

    @Override
    public boolean cancelled() {
        return cancelled.get() || Thread.currentThread().isInterrupted();
    }

    @Override
    public String render(String template, Map<String, ?> data) {
        String out = template;
        for (Map.Entry<String, ?> field : data.entrySet()) {
            out = out.replace("{{." + field.getKey() + "}}", String.valueOf(field.getValue()));
        }
        return out;
    }

    synchronized List<Line> lines() {
        return List.copyOf(lines);
    }

    /** Every recorded line as {@code "kind: text"}. */
    synchronized List<String> text() {
        return lines.stream().map(l -> l.kind() + ": " + l.text()).toList();
    }

    /** The texts of the {@code detail} lines, in order. */
    synchronized List<String> details() {
        return lines.stream().filter(l -> l.kind().equals("detail")).map(Line::text).toList();
    }

    /** Waits until a line with this text arrived. */
    synchronized void awaitLine(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (lines.stream().noneMatch(l -> l.text().equals(text))) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no line '" + text + "' within " + timeout + "; got " + text());
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
