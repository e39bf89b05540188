package dev.kiln.cli.render;

import dev.kiln.runtime.event.ArtifactSummary;
import dev.kiln.runtime.event.BuildFinished;
import dev.kiln.runtime.event.EventBus;
import dev.kiln.runtime.event.LogEvent;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Packer's {@code -machine-readable} lines: {@code timestamp,target,type,data...}, commas in data written as
 * {@code %!(PACKER_COMMA)}, newlines as {@code \n}. Everything goes to {@code out}. Unlike Packer 1.6.6, sensitive
 * values are masked here too (the events arrive masked).
 */
public final class MachineReadableRenderer implements Renderer {

    private final PrintStream out;
    private final Clock clock;

    /** Creates a renderer writing to {@code out}, stamping lines with {@code clock}. */
    public MachineReadableRenderer(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    @Override
    public void attach(EventBus bus) {
        bus.subscribe(LogEvent.class, this::log);
        bus.subscribe(BuildFinished.class, this::finished);
    }

    @Override
    public void start(List<String> builds) {
    }

    private void log(LogEvent event) {
        String type = switch (event.level()) {
            case SAY -> "say";
            case DETAIL -> "message";
            case WARN, ERROR -> "error";
        };
        String prefix = event.level() == LogEvent.Level.DETAIL ? "    " : "==> ";
        line("", "ui", type, prefix + event.target() + ": " + event.message());
    }

    private void finished(BuildFinished event) {
        line("", "ui", event.error() != null ? "error" : "say", PackerText.buildLine(event));
    }

    @Override
    public void say(String message) {
        line("", "ui", "say", message);
    }

    @Override
    public void problems(String heading, List<String> lines) {
        line("", "ui", "error", heading + "\n" + String.join("\n", lines));
    }

    @Override
    public synchronized void summary(List<BuildFinished> outcomes, Duration wall, boolean interrupted) {
        line("", "ui", "say", "\n" + PackerText.waitCompleted(wall));
        List<BuildFinished> failed = outcomes.stream().filter(o -> o.error() != null).toList();
        if (!failed.isEmpty()) {
            line("", "error-count", String.valueOf(failed.size()));
            line("", "ui", "error", "\n" + PackerText.SOME_FAILED);
            for (BuildFinished o : failed) {
                line(o.build(), "error", o.error());
                line("", "ui", "error", "--> " + o.build() + ": " + o.error());
            }
        }
        if (interrupted) {
            line("", "ui", "say", "\n" + PackerText.CANCELLED);
        }
        boolean any = outcomes.stream().anyMatch(o -> !o.artifacts().isEmpty());
        line("", "ui", "say", "\n" + (any ? PackerText.ARTIFACTS : PackerText.NO_ARTIFACTS));
        for (BuildFinished o : outcomes) {
            if (o.artifacts().isEmpty()) {
                continue;
            }
            line(o.build(), "artifact-count", String.valueOf(o.artifacts().size()));
            for (int i = 0; i < o.artifacts().size(); i++) {
                ArtifactSummary a = o.artifacts().get(i);
                String n = String.valueOf(i);
                line(o.build(), "artifact", n, "builder-id", a.builderType());
                line(o.build(), "artifact", n, "id", a.id());
                line(o.build(), "artifact", n, "string", a.description());
                line(o.build(), "artifact", n, "files-count", String.valueOf(a.files().size()));
                for (int j = 0; j < a.files().size(); j++) {
                    line(o.build(), "artifact", n, "file", String.valueOf(j), a.files().get(j));
                }
                line(o.build(), "artifact", n, "end");
                line("", "ui", "say", "--> " + o.build() + ": " + a.description());
            }
        }
    }

    /** Writes one line: the timestamp, the target, then each datum escaped. */
    public synchronized void line(String target, String... data) {
        StringBuilder line = new StringBuilder().append(clock.instant().getEpochSecond()).append(',')
                .append(escape(target));
        for (String datum : data) {
            line.append(',').append(escape(datum));
        }
        out.println(line);
        out.flush();
    }

    static String escape(String datum) {
        return datum.replace(",", "%!(PACKER_COMMA)").replace("\r", "\\r").replace("\n", "\\n");
    }
}
