package dev.kiln.cli.render;

import dev.kiln.runtime.event.BuildFinished;
import dev.kiln.runtime.event.EventBus;
import dev.kiln.runtime.event.LogEvent;
import dev.kiln.runtime.frontend.TemplateProblem;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Packer's human output: {@code ==> docker: ...} headlines, indented details, one colour per build when colour is on,
 * the build lines and the artifact list at the end. Progress goes to {@code out}, as Packer prints everything; the
 * summary of failures goes to {@code err}, so scripts that keep only stderr still see why.
 */
public final class PackerRenderer implements Renderer {

    private static final String[] COLORS = {"32", "36", "35", "33", "34"};
    private static final String RESET = "\033[0m";

    private final PrintStream out;
    private final PrintStream err;
    private final boolean color;
    private final Map<String, String> colorOf = new HashMap<>();

    /** Creates a renderer; {@code color} adds ANSI colours as Packer does by default. */
    public PackerRenderer(PrintStream out, PrintStream err, boolean color) {
        this.out = out;
        this.err = err;
        this.color = color;
    }

    @Override
    public void attach(EventBus bus) {
        bus.subscribe(LogEvent.class, this::log);
        bus.subscribe(BuildFinished.class, this::finished);
    }

    @Override
    public synchronized void start(List<String> builds) {
        for (int i = 0; i < builds.size(); i++) {
            colorOf.put(builds.get(i), COLORS[i % COLORS.length]);
        }
        if (color) {
            for (String build : builds) {
                out.println(paint(build, "1;", build + ": output will be in this color."));
            }
            out.println();
        }
        out.flush();
    }

    private synchronized void log(LogEvent event) {
        String prefix = event.level() == LogEvent.Level.DETAIL ? "    " + event.target() + ": "
                : "==> " + event.target() + ": ";
        String style = switch (event.level()) {
            case SAY -> "1;";
            case DETAIL -> "0;";
            case WARN, ERROR -> "error";
        };
        String text = event.level() == LogEvent.Level.WARN ? "Warning: " + event.message() : event.message();
        for (String line : text.split("\r?\n", -1)) {
            out.println(paint(event.build(), style, (prefix + line).stripTrailing()));
        }
        out.flush();
    }

    private synchronized void finished(BuildFinished event) {
        out.println(paint(event.build(), event.error() != null ? "error" : "1;", PackerText.buildLine(event)));
        out.flush();
    }

    @Override
    public synchronized void say(String message) {
        out.println(message);
        out.flush();
    }

    @Override
    public synchronized void problems(String heading, List<String> lines) {
        err.println(heading);
        lines.forEach(line -> err.println("  " + line));
        err.flush();
    }

    /** Prints the reports as Packer's {@code ui.Error} does with HCL's diagnostic text: on stderr, then a new line. */
    @Override
    public synchronized void reports(String heading, List<TemplateProblem> problems) {
        out.flush();
        err.println(Renderer.reportText(problems, color, "Error"));
        err.flush();
    }

    /** Prints the reports as Packer's validate prints HCL2's warnings: on standard output, then a new line. */
    @Override
    public synchronized void warningReports(String heading, List<TemplateProblem> warnings) {
        out.println(Renderer.reportText(warnings, color, "Warning"));
        out.flush();
    }

    @Override
    public synchronized void summary(List<BuildFinished> outcomes, Duration wall, boolean interrupted) {
        out.println();
        out.println(PackerText.waitCompleted(wall));
        List<BuildFinished> failed = outcomes.stream().filter(o -> o.error() != null).toList();
        if (!failed.isEmpty()) {
            out.flush();
            err.println();
            err.println(PackerText.SOME_FAILED);
            failed.forEach(o -> err.println("--> " + o.build() + ": " + o.error()));
            err.flush();
        }
        if (interrupted) {
            out.println();
            out.println(PackerText.CANCELLED);
        }
        List<String> artifacts = outcomes.stream()
                .flatMap(o -> o.artifacts().stream().map(a -> "--> " + o.build() + ": " + a.description()))
                .toList();
        out.println();
        if (artifacts.isEmpty()) {
            out.println(PackerText.NO_ARTIFACTS);
        } else {
            out.println(PackerText.ARTIFACTS);
            artifacts.forEach(out::println);
        }
        out.flush();
    }

    private String paint(String build, String style, String text) {
        if (!color) {
            return text;
        }
        String code = style.equals("error") ? "1;31" : style + colorOf.getOrDefault(build, COLORS[0]);
        return "\033[" + code + "m" + text + RESET;
    }
}
