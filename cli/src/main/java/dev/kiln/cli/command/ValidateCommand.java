package dev.kiln.cli.command;

import dev.kiln.cli.render.Renderer;
import dev.kiln.runtime.frontend.TemplateException;
import dev.kiln.runtime.session.Validation;
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

    /** The names of {@code -syntax-only}, which needs no plugins. */
    public static final String SYNTAX_ONLY = "-syntax-only";
    public static final String LONG_SYNTAX_ONLY = "--syntax-only";

    @Option(names = {SYNTAX_ONLY, LONG_SYNTAX_ONLY}, description = "Only check the template's syntax.")
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
                session.kiln().read(template.file(session));
                renderer.say("Syntax-only check passed. Everything looks okay.");
                return 0;
            }
            Validation validation = session.kiln(pluginOptions.dirs).validate(template.request(session));
            session.warnAboutPlugins();
            if (!validation.ok()) {
                return Problems.show(renderer, template.file(session), validation.problems());
            }
            Problems.warnings(renderer, validation.warnings());
        } catch (TemplateException e) {
            return Problems.show(renderer, template.file(session), e.problems());
        }
        renderer.say("The configuration is valid.");
        return 0;
    }
}
