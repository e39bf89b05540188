package dev.kiln.shell.command;

import dev.kiln.runtime.Kiln;
import dev.kiln.runtime.build.BuildPlanner.Plan;
import dev.kiln.runtime.build.LoadedTemplate;
import dev.kiln.runtime.template.TemplateException;
import dev.kiln.runtime.template.TemplateParser;
import dev.kiln.shell.render.Renderer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kiln validate}: every problem of the template at once, with no engine calls and no files written. */
@Command(name = "validate", description = "Check a template without building.")
public final class ValidateCommand implements Callable<Integer> {

    private final Session session;

    @Mixin TemplateOptions template;
    @Mixin MachineReadableOption machine;
    @Mixin PluginOptions pluginOptions;

    @Option(names = {"-syntax-only", "--syntax-only"}, description = "Only check the template's syntax.")
    boolean syntaxOnly;

    /** Creates the command over {@code session}. */
    public ValidateCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        Renderer renderer = session.renderer(machine.machineReadable, false);
        try {
            if (syntaxOnly) {
                new TemplateParser().parse(session.resolve(template.template));
                renderer.say("Syntax-only check passed. Everything looks okay.");
                return 0;
            }
            Kiln kiln = session.kiln(pluginOptions.dirs);
            LoadedTemplate loaded = kiln.load(session.resolve(template.template),
                    template.varFiles.stream().map(session::resolve).toList(), template.variables());
            Plan plan = kiln.plan(loaded, template.only, template.except);
            if (!plan.problems().isEmpty()) {
                return Problems.show(renderer, template.template, plan.problems());
            }
            Problems.warnings(renderer, plan.warnings());
        } catch (TemplateException e) {
            return Problems.show(renderer, template.template, e.problems());
        }
        renderer.say("The configuration is valid.");
        return 0;
    }
}
