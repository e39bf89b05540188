package dev.kiln.shell.command;

import dev.kiln.runtime.Kiln;
import dev.kiln.runtime.build.BuildPlanner.Plan;
import dev.kiln.runtime.build.BuildRun;
import dev.kiln.runtime.build.LoadedTemplate;
import dev.kiln.runtime.build.OnError;
import dev.kiln.runtime.build.PreparedBuild;
import dev.kiln.runtime.event.BuildFinished;
import dev.kiln.runtime.event.EventBus;
import dev.kiln.runtime.template.TemplateException;
import dev.kiln.shell.render.Renderer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kiln build}: runs every selected build; all template problems are reported before anything starts. */
@Command(name = "build", description = "Build images from a template.")
public final class BuildCommand implements Callable<Integer> {

    private final Session session;

    @Mixin TemplateOptions template;
    @Mixin MachineReadableOption machine;
    @Mixin PluginOptions pluginOptions;

    @Option(names = {"-color", "--color"}, arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Colour the output (default: when printing to a terminal).")
    Boolean color;

    @Option(names = {"-on-error", "--on-error"}, paramLabel = "cleanup|abort|ask", defaultValue = "cleanup",
            description = "When a step fails: clean up (default), abort leaving the container, or ask.")
    String onError;

    @Option(names = {"-timestamp-ui", "--timestamp-ui"}, description = "Start every output line with its time.")
    boolean timestampUi;

    @Option(names = {"-parallel-builds", "--parallel-builds"}, paramLabel = "N", defaultValue = "0",
            description = "How many builds run at once; 0 means all (default).")
    int parallelBuilds;

    /** Creates the command over {@code session}. */
    public BuildCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() throws Exception {
        Renderer renderer = session.renderer(machine.machineReadable, color, timestampUi);
        OnError mode = OnError.parse(onError);
        // The signal hook is in place from the start, so Ctrl-C while plugins or the template load also ends with
        // Packer's exit code 1 and starts nothing.
        AtomicReference<BuildRun> current = new AtomicReference<>();
        return Signals.cancelOnSignal(() -> {
            renderer.say("Cancelling build after receiving interrupt");
            BuildRun run = current.get();
            if (run != null) {
                run.cancel();
            }
        }, session.out(), () -> build(renderer, mode, current));
    }

    private int build(Renderer renderer, OnError mode, AtomicReference<BuildRun> current) {
        Kiln kiln = session.kiln(pluginOptions.dirs);
        LoadedTemplate loaded;
        try {
            loaded = kiln.load(session.resolve(template.template),
                    template.varFiles.stream().map(session::resolve).toList(), template.variables());
        } catch (TemplateException e) {
            return Problems.show(renderer, template.template, e.problems());
        }
        Plan plan = kiln.plan(loaded, template.only, template.except);
        if (!plan.problems().isEmpty()) {
            return Problems.show(renderer, template.template, plan.problems());
        }
        EventBus bus = new EventBus();
        renderer.attach(bus);
        BuildRun run = kiln.newRun(loaded, plan, mode, parallelBuilds, bus, session::ask);
        current.set(run);
        if (Signals.shuttingDown()) {
            return 1; // interrupted before any build started: nothing to clean up
        }
        plan.warningsOutsideBuilds().forEach(w -> renderer.say("Warning: " + w));
        renderer.start(plan.builds().stream().map(PreparedBuild::name).toList());
        long start = System.nanoTime();
        List<BuildFinished> outcomes = run.execute();
        renderer.summary(outcomes, Duration.ofNanos(System.nanoTime() - start), run.cancelled());
        boolean ok = !run.cancelled() && outcomes.stream().allMatch(BuildFinished::succeeded);
        return ok ? 0 : 1;
    }
}
