package dev.kiln.cli.command;

import dev.kiln.runtime.Kiln;
import dev.kiln.cli.render.MachineReadableRenderer;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code kiln version}. */
@Command(name = "version", description = "Print Kiln's version.")
public final class VersionCommand implements Callable<Integer> {

    private final Session session;

    @Mixin MachineReadableOption machine;

    /** Creates the command over {@code session}. */
    public VersionCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        String version = Kiln.version();
        if (machine.machineReadable) {
            MachineReadableRenderer lines = new MachineReadableRenderer(session.out(), Clock.systemUTC());
            lines.line("", "version", version);
            lines.line("", "ui", "say", "Kiln v" + version);
        } else {
            session.out().println("Kiln v" + version);
        }
        return 0;
    }
}
