package dev.kiln.shell;

import dev.kiln.shell.command.BuildCommand;
import dev.kiln.shell.command.InspectCommand;
import dev.kiln.shell.command.PluginsCommand;
import dev.kiln.shell.command.Session;
import dev.kiln.shell.command.Signals;
import dev.kiln.shell.command.ValidateCommand;
import dev.kiln.shell.command.VersionCommand;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code kiln} command: Packer's sub-commands and flags, single-dash as Packer writes them. Exit codes follow
 * Packer: 0 success, 1 any failure, 127 an unknown sub-command.
 */
@Command(name = "kiln", description = "Builds container images from Packer templates.",
        synopsisSubcommandLabel = "COMMAND", mixinStandardHelpOptions = false)
public final class KilnCli implements Runnable {

    private final Session session;

    KilnCli(Session session) {
        this.session = session;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(session.out());
    }

    /** Runs one command line and returns its exit code. */
    public static int run(Session session, String... args) {
        args = machineReadableAfterCommand(args);
        CommandLine commandLine = commandLine(session);
        if (args.length > 0 && !args[0].startsWith("-") && !commandLine.getSubcommands().containsKey(args[0])) {
            session.err().println("Unknown command '" + args[0] + "'. Commands: "
                    + String.join(", ", commandLine.getSubcommands().keySet()) + ".");
            return 127;
        }
        if (args.length == 1 && List.of("-h", "-help", "--help").contains(args[0])) {
            commandLine.usage(session.out()); // as 'packer -h': the help, exit code 0
            return 0;
        }
        if (args.length == 0) {
            commandLine.usage(session.err());
            return 127;
        }
        return commandLine.execute(args);
    }

    /**
     * Packer takes {@code -machine-readable} anywhere on the line; picocli wants it after the command, so a copy
     * before the command is moved behind it.
     */
    static String[] machineReadableAfterCommand(String[] args) {
        List<String> before = new ArrayList<>();
        int i = 0;
        boolean flag = false;
        for (; i < args.length && args[i].startsWith("-"); i++) {
            if (args[i].equals("-machine-readable") || args[i].equals("--machine-readable")) {
                flag = true;
            } else {
                before.add(args[i]);
            }
        }
        if (!flag || i == args.length) {
            return args;
        }
        List<String> moved = new ArrayList<>(before);
        moved.add(args[i]);
        moved.add("-machine-readable");
        moved.addAll(List.of(args).subList(i + 1, args.length));
        return moved.toArray(String[]::new);
    }

    static CommandLine commandLine(Session session) {
        CommandLine commandLine = new CommandLine(new KilnCli(session))
                .addSubcommand("build", new BuildCommand(session))
                .addSubcommand("validate", new ValidateCommand(session))
                .addSubcommand("inspect", new InspectCommand(session))
                .addSubcommand("plugins", new PluginsCommand(session))
                .addSubcommand("version", new VersionCommand(session))
                .setPosixClusteredShortOptionsAllowed(false)
                .setOut(new PrintWriter(session.out(), true))
                .setErr(new PrintWriter(session.err(), true))
                .setParameterExceptionHandler((e, args) -> {
                    e.getCommandLine().getErr().println(e.getMessage());
                    e.getCommandLine().usage(e.getCommandLine().getErr());
                    return 1;
                })
                .setExecutionExceptionHandler((e, cl, parsed) -> {
                    cl.getErr().println(e.getMessage() == null ? e.toString() : e.getMessage());
                    return 1;
                });
        return commandLine;
    }

    /** Entry point of {@code bin/kiln}. */
    public static void main(String[] args) {
        // SLF4J is Kiln's diagnostic log, never its output: silent unless KILN_LOG=debug (or info, warn, ...), then on
        // stderr with stack traces. Set before any logger exists.
        String level = System.getenv("KILN_LOG");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level == null || level.isBlank() ? "off" : level);
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        PrintStream out = System.out;
        Session session = new Session(out, System.err, System.getenv(), Path.of("").toAbsolutePath(),
                System.console() != null);
        int code = run(session, args);
        out.flush();
        if (!Signals.shuttingDown()) {
            System.exit(code);
        }
    }
}
