package dev.kiln.cli;

import dev.kiln.runtime.Kiln;
import dev.kiln.runtime.log.LogMasking;
import dev.kiln.runtime.template.Suggestions;
import dev.kiln.cli.command.BuildCommand;
import dev.kiln.cli.command.Commands;
import dev.kiln.cli.command.InspectCommand;
import dev.kiln.cli.command.PluginsCommand;
import dev.kiln.cli.command.Session;
import dev.kiln.cli.command.ValidateCommand;
import dev.kiln.cli.command.VersionCommand;
import dev.kiln.cli.repl.ShellCommand;
import dev.kiln.cli.repl.Terminals;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;

/**
 * The {@code kiln} command: Packer's sub-commands and flags, single-dash as Packer writes them. Exit codes follow
 * Packer: 0 success, 1 any failure, 127 an unknown sub-command. Every command takes {@code -h}, {@code -help} and
 * {@code --help}; {@code kiln -v}, {@code -version} and {@code --version} are {@code kiln version}. {@code kiln} alone
 * opens the interactive shell ({@code kiln shell}) on a terminal, and prints the usage (exit code 127) otherwise.
 */
@Command(name = "kiln", description = "Builds container images from Packer templates.",
        synopsisSubcommandLabel = "COMMAND", versionProvider = KilnCli.KilnVersion.class)
public final class KilnCli implements Runnable {

    private static final Set<String> VERSION_FLAGS = Set.of("-v", "-version", "--version");

    private final Session session;

    @Option(names = {"-h", "-help", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Option(names = {"-v", "-version", "--version"}, versionHelp = true,
            description = "Print Kiln's version, as 'kiln version' does.")
    boolean version;

    KilnCli(Session session) {
        this.session = session;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(session.out());
    }

    /** Runs one command line and returns its exit code. */
    public static int run(Session session, String... args) {
        return run(session, InputStream.nullInputStream(), false, args);
    }

    /**
     * Runs one command line whose {@code kiln shell} reads {@code in}, at a prompt when {@code interactive}; with no
     * arguments at all, an interactive run opens the shell, as {@code kiln shell} does.
     */
    public static int run(Session session, InputStream in, boolean interactive, String... args) {
        if (args.length == 0 && interactive) {
            args = new String[] {"shell"};
        }
        args = machineReadableAfterCommand(versionFlagAsCommand(args));
        CommandLine commandLine = commandLine(session, in, interactive);
        if (args.length == 0) {
            commandLine.usage(session.err());
            return 127;
        }
        int command = args[0].equals("help") && args.length > 1 ? 1 : 0; // 'kiln help biuld' is a typo too
        if (!args[command].startsWith("-") && !commandLine.getSubcommands().containsKey(args[command])) {
            session.err().println(unknownCommand(args[command], commandLine.getSubcommands().keySet()));
            return 127;
        }
        return commandLine.execute(args);
    }

    private static String unknownCommand(String name, Set<String> commands) {
        Optional<String> closest = Suggestions.closest(name, commands);
        return closest.isPresent() ? "Unknown command '" + name + "'; did you mean '" + closest.get() + "'?"
                : "Unknown command '" + name + "'. Commands: " + String.join(", ", commands) + ".";
    }

    /** Packer's {@code -v}, {@code -version} and {@code --version} (after any {@code -machine-readable}). */
    static String[] versionFlagAsCommand(String[] args) {
        String[] rewritten = args.clone();
        for (int i = 0; i < rewritten.length; i++) {
            if (VERSION_FLAGS.contains(rewritten[i])) {
                rewritten[i] = "version";
                return rewritten;
            }
            if (!isMachineReadable(rewritten[i])) {
                return args;
            }
        }
        return args;
    }

    private static boolean isMachineReadable(String arg) {
        return arg.equals("-machine-readable") || arg.equals("--machine-readable");
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
            if (isMachineReadable(args[i])) {
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
        return commandLine(session, InputStream.nullInputStream(), false);
    }

    /**
     * The batch command line; {@code kiln shell} reads its commands from {@code in}, at a prompt when
     * {@code interactive} (standard input and output are a terminal).
     */
    static CommandLine commandLine(Session session, InputStream in, boolean interactive) {
        CommandLine commandLine = new CommandLine(new KilnCli(session))
                .addSubcommand("build", new BuildCommand(session))
                .addSubcommand("validate", new ValidateCommand(session))
                .addSubcommand("inspect", new InspectCommand(session))
                .addSubcommand("plugins", new PluginsCommand(session))
                .addSubcommand("shell", new ShellCommand(session, in, interactive))
                .addSubcommand("version", new VersionCommand(session));
        // One help flag for every command, so none can forget it: 'kiln build -h' is help, not a missing template.
        commandLine.getSubcommands().values().forEach(Commands::withHelpFlag);
        commandLine.addSubcommand("help", new CommandLine.HelpCommand()); // has its own -h
        commandLine.getSubcommands().get("help").getCommandSpec().usageMessage()
                .description("Show the help of Kiln or of one command.");
        return Commands.configure(commandLine, session, false);
    }

    /** What {@code -v} prints when picocli itself handles it. */
    static final class KilnVersion implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Kiln v" + Kiln.version()};
        }
    }

    /** Entry point of {@code bin/kiln}. */
    public static void main(String[] args) {
        // SLF4J is Kiln's diagnostic log, never its output: silent unless KILN_LOG=debug (or info, warn, ...), then on
        // stderr with stack traces; docker-java's wire log only with KILN_LOG=debug,wire. Set before any logger exists.
        LogSettings.properties(System.getenv("KILN_LOG")).forEach(System::setProperty);
        // Everything on stderr, the log first of all, is masked with the sensitive values of the templates loaded.
        System.setErr(LogMasking.masking(System.err, LogSettings.stderrCharset()));
        PrintStream out = System.out;
        boolean interactive = Terminals.interactive();
        Session session = new Session(out, System.err, System.getenv(), Path.of("").toAbsolutePath(), interactive);
        int code;
        try {
            code = run(session, System.in, interactive, args);
        } finally {
            session.close(); // the engine clients the builds shared: their threads must not keep the JVM alive
        }
        out.flush();
        System.err.flush();
        if (!session.interrupts().stopping()) {
            System.exit(code);
        }
    }
}
