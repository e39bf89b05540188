package dev.kiln.cli.command;

import dev.kiln.cli.render.MachineReadableRenderer;
import dev.kiln.runtime.frontend.BuildModel;
import dev.kiln.runtime.frontend.BuildSpec;
import dev.kiln.runtime.frontend.ComponentSpec;
import dev.kiln.runtime.frontend.TemplateException;
import dev.kiln.runtime.frontend.VariableSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code kiln inspect}: the template's variables, builds, provisioners and post-processors, as Packer lists them,
 * printed from the neutral build model, so every template format shows the same shape.
 */
public final class InspectCommand implements Callable<Integer> {

    private final Session session;
    private CommandSpec spec;

    private InspectCommand(Session session) {
        this.session = session;
    }

    /** The command's model, over {@code session}. */
    public static CommandSpec spec(Session session) {
        InspectCommand command = new InspectCommand(session);
        CommandSpec spec = Commands.command(command, "inspect", "Show what a template contains.");
        TemplateOptions.addTo(spec);
        MachineReadableOption.addTo(spec);
        command.spec = spec;
        return spec;
    }

    @Override
    public Integer call() {
        BuildModel parsed;
        Path file = TemplateOptions.of(spec).file(session);
        boolean machineReadable = MachineReadableOption.given(spec);
        try {
            parsed = session.kiln().read(file);
        } catch (TemplateException e) {
            return Problems.show(session.renderer(machineReadable, false), file, e.problems());
        }
        MachineReadableRenderer lines = machineReadable
                ? new MachineReadableRenderer(session.out(), Clock.systemUTC()) : null;
        Printer print = text -> {
            if (lines != null) {
                lines.line("", "ui", "say", text);
            } else {
                session.out().println(text);
            }
        };
        print.line("Kiln Inspect: " + parsed.format() + " mode");
        if (parsed.description() != null && !parsed.description().isEmpty()) {
            print.line("Description:\n");
            print.line(parsed.description() + "\n");
        }
        List<VariableSpec> required = parsed.variables().stream().filter(VariableSpec::required).toList();
        List<VariableSpec> optional = parsed.variables().stream().filter(v -> !v.required()).toList();
        if (!required.isEmpty()) {
            print.line("Required variables:\n");
            for (VariableSpec v : required) {
                if (lines != null) {
                    lines.line("", "template-variable", v.name(), "", "1");
                }
                print.line("  " + v.name());
            }
            print.line("");
        }
        if (!optional.isEmpty()) {
            print.line("Optional variables and their defaults:\n");
            int width = optional.stream().mapToInt(v -> v.name().length()).max().orElse(0);
            for (VariableSpec v : optional) {
                String shown = v.sensitive() ? "<sensitive>" : v.defaultValue();
                if (lines != null) {
                    lines.line("", "template-variable", v.name(), shown, "0");
                }
                print.line("  " + v.name() + " ".repeat(width - v.name().length()) + " = " + shown);
            }
            print.line("");
        }
        print.line("Builders:\n");
        for (BuildSpec b : parsed.builds()) {
            if (lines != null) {
                lines.line("", "template-builder", b.name(), b.type());
            }
            print.line("  " + (b.name().equals(b.type()) ? b.name() : b.name() + " (" + b.type() + ")"));
        }
        print.line("");
        print.line("Provisioners:\n");
        if (parsed.provisioners().isEmpty()) {
            print.line("  <No provisioners>");
        }
        for (ComponentSpec p : parsed.provisioners()) {
            if (lines != null) {
                lines.line("", "template-provisioner", p.type());
            }
            print.line("  " + p.type());
        }
        List<List<ComponentSpec>> chains = parsed.postProcessorChains();
        if (!chains.isEmpty()) {
            print.line("");
            print.line("Post-processors:\n");
            for (List<ComponentSpec> sequence : chains) {
                print.line("  " + String.join(" -> ", sequence.stream().map(ComponentSpec::name).toList()));
            }
        }
        print.line("\nNote: If your build names contain user variables or template\n"
                + "functions such as 'timestamp', these are processed at build time,\n"
                + "and therefore only show in their raw form here.");
        return 0;
    }

    private interface Printer {
        void line(String text);
    }
}
