package dev.kiln.cli.command;

import dev.kiln.runtime.Kiln;
import dev.kiln.cli.render.MachineReadableRenderer;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kiln version}. */
public final class VersionCommand implements Callable<Integer> {

    private final Session session;
    private CommandSpec spec;

    private VersionCommand(Session session) {
        this.session = session;
    }

    /** The command's model, over {@code session}. */
    public static CommandSpec spec(Session session) {
        VersionCommand command = new VersionCommand(session);
        CommandSpec spec = Commands.command(command, "version", "Print Kiln's version.");
        MachineReadableOption.addTo(spec);
        command.spec = spec;
        return spec;
    }

    @Override
    public Integer call() {
        String version = Kiln.version();
        if (MachineReadableOption.given(spec)) {
            MachineReadableRenderer lines = new MachineReadableRenderer(session.out(), Clock.systemUTC());
            lines.line("", "version", version);
            lines.line("", "ui", "say", "Kiln v" + version);
        } else {
            session.out().println("Kiln v" + version);
        }
        return 0;
    }
}
