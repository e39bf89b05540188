package dev.kiln.cli.command;

import dev.kiln.cli.render.Renderer;
import dev.kiln.runtime.frontend.TemplateException;
import dev.kiln.runtime.session.Validation;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kiln validate}: every problem of the template at once, with no engine calls and no files written. */
public final class ValidateCommand implements Callable<Integer> {

    /** The names of {@code -syntax-only}, which needs no plugins. */
    public static final String SYNTAX_ONLY = "-syntax-only";
    public static final String LONG_SYNTAX_ONLY = "--syntax-only";

    private final Session session;
    private CommandSpec spec;

    private ValidateCommand(Session session) {
        this.session = session;
    }

    /** The command's model, over {@code session}. */
    public static CommandSpec spec(Session session) {
        ValidateCommand command = new ValidateCommand(session);
        CommandSpec spec = Commands.command(command, "validate", "Check a template without building.");
        TemplateOptions.addTo(spec);
        MachineReadableOption.addTo(spec);
        PluginOptions.addTo(spec);
        spec.addOption(Commands.flag("Only check the template's syntax.", SYNTAX_ONLY, LONG_SYNTAX_ONLY));
        command.spec = spec;
        return spec;
    }

    @Override
    public Integer call() {
        Renderer renderer = session.renderer(MachineReadableOption.given(spec), false);
        TemplateOptions template = TemplateOptions.of(spec);
        try {
            if (Commands.parsed(spec).flag(SYNTAX_ONLY)) {
                session.kiln().read(template.file(session));
                renderer.say("Syntax-only check passed. Everything looks okay.");
                return 0;
            }
            Validation validation = session.kiln(PluginOptions.dirs(spec)).validate(template.request(session));
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
