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
import picocli.CommandLine.Model.CommandSpec;

/** {@code kiln build}: runs every selected build; all template problems are reported before anything starts. */
public final class BuildCommand implements Callable<Integer> {

    private final Session session;
    private CommandSpec spec;

    private BuildCommand(Session session) {
        this.session = session;
    }

    /** The command's model, over {@code session}. */
    public static CommandSpec spec(Session session) {
        BuildCommand command = new BuildCommand(session);
        CommandSpec spec = Commands.command(command, "build", "Build images from a template.");
        TemplateOptions.addTo(spec);
        MachineReadableOption.addTo(spec);
        PluginOptions.addTo(spec);
        spec.addOption(Commands.option(Boolean.class, "BOOL", "Colour the output (default: when printing to a "
                + "terminal).", "-color", "--color").arity("0..1").fallbackValue("true").build());
        spec.addOption(Commands.option(String.class, "cleanup|abort|ask", "When a step fails: clean up (default), "
                + "abort leaving the container, or ask.", "-on-error", "--on-error").defaultValue("cleanup").build());
        spec.addOption(Commands.flag("Start every output line with its time.", "-timestamp-ui", "--timestamp-ui"));
        spec.addOption(Commands.option(int.class, "N", "How many builds run at once; 0 means all (default).",
                "-parallel-builds", "--parallel-builds").defaultValue("0").build());
        spec.addOption(Commands.flag("Run one build at a time and pause before each step: continue, open a shell in "
                + "the build machine, or abort.", "-debug", "--debug"));
        command.spec = spec;
        return spec;
    }

    @Override
    public Integer call() throws Exception {
        Commands.Parsed parsed = Commands.parsed(spec);
        OnError mode = OnError.parse(parsed.value("-on-error", "cleanup"));
        // The interrupt handler is in place from the start, so Ctrl-C while plugins or the template load also ends
        // with Packer's exit code 1 and starts nothing.
        AtomicReference<BuildHandle> current = new AtomicReference<>();
        try (Renderer renderer = session.renderer(MachineReadableOption.given(spec), parsed.value("-color", null),
                parsed.flag("-timestamp-ui"))) {
            return session.interrupts().cancelOnInterrupt(() -> {
                renderer.say("Cancelling build after receiving interrupt");
                BuildHandle handle = current.get();
                if (handle != null) {
                    handle.cancel();
                }
            }, () -> build(renderer, mode, parsed.value("-parallel-builds", 0), parsed.flag("-debug"), current));
        }
    }

    private int build(Renderer renderer, OnError mode, int parallelBuilds, boolean debug,
                      AtomicReference<BuildHandle> current) throws InterruptedException {
        TemplateOptions template = TemplateOptions.of(spec);
        KilnSession kiln = session.kiln(PluginOptions.dirs(spec));
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
