package dev.kiln.cli.command;

import dev.kiln.cli.render.Renderer;
import dev.kiln.runtime.build.OnError;
import dev.kiln.runtime.build.PreparedBuild;
import dev.kiln.runtime.event.EventBus;
import dev.kiln.runtime.session.BuildHandle;
import dev.kiln.runtime.session.BuildOptions;
import dev.kiln.runtime.session.KilnSession;
import dev.kiln.runtime.session.Validation;
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

    @Option(names = {"-debug", "--debug"}, description = "Run one build at a time and pause before each step: "
            + "continue, open a shell in the build machine, or abort.")
    boolean debug;

    /** Creates the command over {@code session}. */
    public BuildCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() throws Exception {
        OnError mode = OnError.parse(onError);
        // The interrupt handler is in place from the start, so Ctrl-C while plugins or the template load also ends
        // with Packer's exit code 1 and starts nothing.
        AtomicReference<BuildHandle> current = new AtomicReference<>();
        try (Renderer renderer = session.renderer(machine.machineReadable, color, timestampUi)) {
            return session.interrupts().cancelOnInterrupt(() -> {
                renderer.say("Cancelling build after receiving interrupt");
                BuildHandle handle = current.get();
                if (handle != null) {
                    handle.cancel();
                }
            }, () -> build(renderer, mode, current));
        }
    }

    private int build(Renderer renderer, OnError mode, AtomicReference<BuildHandle> current)
            throws InterruptedException {
        KilnSession kiln = session.kiln(pluginOptions.dirs);
        Validation validation = kiln.validate(template.request(session));
        session.warnAboutPlugins();
        if (!validation.ok()) {
            return Problems.show(renderer, template.file(session), validation.problems());
        }
        if (session.interrupts().stopping()) {
            return 1; // interrupted before any build started: nothing to clean up
        }
        EventBus bus = new EventBus();
        renderer.attach(bus);
        validation.plan().warningsOutsideBuilds().forEach(w -> renderer.say("Warning: " + w));
        renderer.start(validation.plan().builds().stream().map(PreparedBuild::name).toList());
        BuildHandle handle = kiln.start(validation, new BuildOptions(mode, parallelBuilds, session.prompter(),
                debug), bus);
        current.set(handle);
        if (session.interrupts().stopping()) {
            handle.cancel(); // the interrupt came while the run was being set up
        }
        BuildHandle.Result result = handle.await();
        renderer.summary(result.builds(), result.elapsed(), result.cancelled());
        return result.succeeded() ? 0 : 1;
    }
}
