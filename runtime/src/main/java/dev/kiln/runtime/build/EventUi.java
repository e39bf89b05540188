package dev.kiln.runtime.build;

import dev.kiln.api.Ui;
import dev.kiln.runtime.event.EventBus;
import dev.kiln.runtime.event.LogEvent;
import dev.kiln.runtime.event.LogEvent.Level;
import dev.kiln.runtime.event.ProgressEvent;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link Ui} components get: masks each line and publishes it as an event. The parts of an over-long detail or
 * error line go through one {@link Masker.Stream} per kind until the line ends, so a sensitive value that a part
 * boundary cuts is masked whole; each part is published as soon as masking allows (at most the longest value's
 * length, less one, is held back until the next part).
 */
final class EventUi implements Ui {

    private final EventBus bus;
    private final String build;
    private final String target;
    private final Masker masker;
    private final Prompter prompter;
    /** The line being passed in parts, by kind (detail or error), with whether any of it has been published. */
    private final Map<Level, Partial> partial = new EnumMap<>(Level.class);

    EventUi(EventBus bus, String build, String target, Masker masker, Prompter prompter) {
        this.bus = bus;
        this.build = build;
        this.target = target;
        this.masker = masker;
        this.prompter = prompter;
    }

    /** A Ui for a component of the same build that speaks under another target, e.g. {@code "docker (docker-tag)"}. */
    EventUi withTarget(String otherTarget) {
        return new EventUi(bus, build, otherTarget, masker, prompter);
    }

    /** Asks through whoever runs Kiln, prefixed like every line of this build; empty when nobody can answer. */
    @Override
    public Optional<String> ask(String prompt) {
        return prompter.ask("==> " + target + ": " + masker.mask(prompt));
    }

    @Override public void say(String message) { log(Level.SAY, message); }
    @Override public void detail(String message) { end(Level.DETAIL, message); }
    @Override public void warn(String message) { log(Level.WARN, message); }
    @Override public void error(String message) { end(Level.ERROR, message); }
    @Override public void detailPart(String part) { part(Level.DETAIL, part); }
    @Override public void errorPart(String part) { part(Level.ERROR, part); }

    @Override
    public void progress(String task, long done, long total) {
        bus.publish(new ProgressEvent(build, target, masker.mask(task), done, total));
    }

    private void log(Level level, String message) {
        bus.publish(new LogEvent(build, target, level, masker.mask(String.valueOf(message))));
    }

    private void part(Level level, String part) {
        synchronized (partial) {
            Partial line = partial.computeIfAbsent(level, l -> new Partial(masker.stream()));
            String masked = line.stream.push(String.valueOf(part));
            if (!masked.isEmpty()) {
                line.published = true;
                bus.publish(new LogEvent(build, target, level, masked));
            }
        }
    }

    /** Ends a line: one passed whole, or the last part of one passed in parts. */
    private void end(Level level, String message) {
        synchronized (partial) {
            Partial line = partial.remove(level);
            if (line == null) {
                log(level, message);
                return;
            }
            String rest = line.stream.push(String.valueOf(message)) + line.stream.finish();
            if (!rest.isEmpty() || !line.published) {
                bus.publish(new LogEvent(build, target, level, rest));
            }
        }
    }

    /** A line that arrives in parts. */
    private static final class Partial {
        final Masker.Stream stream;
        boolean published;

        Partial(Masker.Stream stream) {
            this.stream = stream;
        }
    }
}
