package dev.kiln.runtime.build;

import dev.kiln.api.Ui;
import dev.kiln.runtime.event.EventBus;
import dev.kiln.runtime.event.LogEvent;
import dev.kiln.runtime.event.LogEvent.Level;
import dev.kiln.runtime.event.ProgressEvent;
import java.util.Optional;

/** The {@link Ui} components get: masks each line and publishes it as an event. */
final class EventUi implements Ui {

    private final EventBus bus;
    private final String build;
    private final String target;
    private final Masker masker;
    private final Prompter prompter;

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
    @Override public void detail(String message) { log(Level.DETAIL, message); }
    @Override public void warn(String message) { log(Level.WARN, message); }
    @Override public void error(String message) { log(Level.ERROR, message); }

    @Override
    public void progress(String task, long done, long total) {
        bus.publish(new ProgressEvent(build, target, masker.mask(task), done, total));
    }

    private void log(Level level, String message) {
        bus.publish(new LogEvent(build, target, level, masker.mask(String.valueOf(message))));
    }
}
