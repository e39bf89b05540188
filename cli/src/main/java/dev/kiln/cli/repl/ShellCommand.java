package dev.kiln.cli.repl;

import dev.kiln.cli.command.Commands;
import dev.kiln.cli.command.Session;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code kiln shell} (and {@code kiln} alone on a terminal): the interactive shell at a prompt when standard input
 * and output are a terminal; otherwise the commands of standard input, one per line, so {@code kiln shell <
 * steps.kiln} runs a script.
 */
public final class ShellCommand implements Callable<Integer> {

    private final Session session;
    private final InputStream in;
    private final boolean interactive;
    private CommandSpec spec;

    private ShellCommand(Session session, InputStream in, boolean interactive) {
        this.session = session;
        this.in = in;
        this.interactive = interactive;
    }

    /**
     * The command's model.
     *
     * @param session the batch command line's session, for the environment, working directory and output
     * @param in where commands come from when not {@code interactive}
     * @param interactive whether standard input and output are a terminal
     */
    public static CommandSpec spec(Session session, InputStream in, boolean interactive) {
        ShellCommand command = new ShellCommand(session, in, interactive);
        CommandSpec spec = Commands.command(command, "shell", "Open the interactive shell: load, validate, inspect "
                + "and build templates at a prompt.", "With standard input not a terminal, run its lines as shell "
                + "commands; the first that fails ends the run with exit code 1 (unless -k).");
        spec.addOption(Commands.flag("With commands from standard input, run the remaining lines after one fails "
                + "(exit code 1).", "-k", "--keep-going"));
        command.spec = spec;
        return spec;
    }

    @Override
    public Integer call() throws IOException {
        if (!interactive) {
            try (Shell shell = Shell.scripted(session)) {
                return shell.runScript(new BufferedReader(new InputStreamReader(in, Charset.defaultCharset())),
                        Commands.parsed(spec).flag("-k"));
            }
        }
        // The terminal's own signal handling replaces the JVM's: Ctrl-C reaches the shell (which cancels a build or
        // clears the line) instead of ending the process; other signals keep doing nothing.
        try (Terminal terminal = TerminalBuilder.builder().system(true).nativeSignals(true)
                .signalHandler(Terminal.SignalHandler.SIG_IGN).build();
             Shell shell = Shell.interactive(session, terminal)) {
            return shell.runInteractive();
        }
    }
}
