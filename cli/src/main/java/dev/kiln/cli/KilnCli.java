package dev.kiln.cli;

import dev.kiln.cli.command.BuildCommand;
import dev.kiln.cli.command.CleanupCommand;
import dev.kiln.cli.command.Hcl2UpgradeCommand;
import dev.kiln.cli.command.Commands;
import dev.kiln.cli.command.FmtCommand;
import dev.kiln.cli.command.InspectCommand;
import dev.kiln.cli.command.PluginOptions;
import dev.kiln.cli.command.PluginsCommand;
import dev.kiln.cli.command.Session;
import dev.kiln.cli.command.ValidateCommand;
import dev.kiln.cli.command.VersionCommand;
import dev.kiln.cli.repl.ShellCommand;
import dev.kiln.cli.repl.Terminals;
import dev.kiln.runtime.Kiln;
import dev.kiln.runtime.frontend.Suggestions;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The {@code kiln} command: Packer's sub-commands and flags, single-dash as Packer writes them. Exit codes follow
 * Packer: 0 success, 1 any failure, 127 an unknown sub-command. Every command takes {@code -h}, {@code -help} and
 * {@code --help}; {@code kiln -v}, {@code -version} and {@code --version} are {@code kiln version}. {@code kiln} alone
 * opens the interactive shell ({@code kiln shell}) on a terminal, and prints the usage (exit code 127) otherwise.
 */
public final class KilnCli implements Runnable {

    private static final String[] VERSION_FLAGS_IN_ORDER = {"-v", "-version", "--version"};
    private static final Set<String> VERSION_FLAGS = Set.of(VERSION_FLAGS_IN_ORDER);

    private final Session session;

    KilnCli(Session session) {
        this.session = session;
    }

    /** The model of {@code kiln} itself, without its commands. */
    private static CommandSpec spec(Session session) {
        CommandSpec spec = Commands.command(new KilnCli(session), "kiln",
                "Builds container images from Packer templates.");
        spec.usageMessage().synopsisSubcommandLabel("COMMAND");
        spec.versionProvider(new KilnVersion());
        spec.addOption(OptionSpec.builder("-h", "-help", "--help").usageHelp(true).description("Show this help.")
                .build());
        spec.addOption(OptionSpec.builder(VERSION_FLAGS_IN_ORDER).versionHelp(true)
                .description("Print Kiln's version, as 'kiln version' does.").build());
        return spec;
    }

    @Override
    public void run() {
        new CommandLine(spec(session)).usage(session.out());
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
        if (args.length > 0) {
            preloadPlugins(session, args);
        }
        if (args.length == 0) {
            commandLine(session, in, interactive).usage(session.err());
            return 127;
        }
        int command = args[0].equals("help") && args.length > 1 ? 1 : 0; // 'kiln help biuld' is a typo too
        Set<String> names = commandNames(session, in, interactive);
        if (!args[command].startsWith("-") && !names.contains(args[command])) {
            session.err().println(unknownCommand(args[command], names));
            return 127;
        }
        boolean one = !args[0].startsWith("-") && !args[0].equals("help");
        return commandLine(session, in, interactive, one ? args[0] : null).execute(args);
    }

    /**
     * For {@code build} and {@code validate}, which need the plugins: loads those the template uses while picocli
     * builds its model and parses the line (a tenth of a cold start each), from the {@code -plugin-dir} folders read
     * off the line here. The template is the last argument, as Packer requires; a guess that is wrong only costs
     * the loading of every plugin.
     */
    static void preloadPlugins(Session session, String[] args) {
        if (!args[0].equals("build") && !args[0].equals("validate")) {
            return;
        }
        List<Path> dirs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals(ValidateCommand.SYNTAX_ONLY) || arg.equals(ValidateCommand.LONG_SYNTAX_ONLY)
                    || Commands.HELP_FLAGS.contains(arg)) {
                return; // no plugins needed
            }
            for (String flag : List.of(PluginOptions.NAME, PluginOptions.LONG_NAME)) {
                if (arg.equals(flag) && i + 1 < args.length) {
                    dirs.add(Path.of(args[++i]));
                } else if (arg.startsWith(flag + "=")) {
                    dirs.add(Path.of(arg.substring(flag.length() + 1)));
                }
            }
        }
        String last = args[args.length - 1];
        Path template = null;
        if (args.length > 1 && !last.startsWith("-")) {
            try {
                template = Path.of(last);
            } catch (InvalidPathException e) {
                // picocli's parse reports it
            }
        }
        session.preload(dirs, template, args[0].equals("build"));
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
        return commandLine(session, in, interactive, null);
    }

    /**
     * The batch command line; with {@code only}, just that command's model is built (picocli reads every command's
     * annotations when it is added, a tenth of a cold start for all of them), which is all a run of it needs.
     */
    static CommandLine commandLine(Session session, InputStream in, boolean interactive, String only) {
        CommandLine commandLine = new CommandLine(spec(session));
        commands(session, in, interactive).forEach((name, command) -> {
            if (only == null || only.equals(name)) {
                // one help flag for every command, so none can forget it: 'kiln build -h' is help, not a missing
                // template
                commandLine.addSubcommand(name, Commands.withHelpFlag(new CommandLine(command.get())));
            }
        });
        if (only == null) {
            commandLine.addSubcommand("help", new CommandLine.HelpCommand()); // has its own -h
            commandLine.getSubcommands().get("help").getCommandSpec().usageMessage()
                    .description("Show the help of Kiln or of one command.");
        }
        return Commands.configure(commandLine, session, false);
    }

    /** Each command but {@code help}, by name, in the order usage lists them; made only when run. */
    private static Map<String, Supplier<CommandSpec>> commands(Session session, InputStream in,
                                                              boolean interactive) {
        Map<String, Supplier<CommandSpec>> commands = new LinkedHashMap<>();
        commands.put("build", () -> BuildCommand.spec(session));
        commands.put("validate", () -> ValidateCommand.spec(session));
        commands.put("inspect", () -> InspectCommand.spec(session));
        commands.put("fmt", () -> FmtCommand.spec(session, in));
        commands.put("hcl2_upgrade", () -> Hcl2UpgradeCommand.spec(session));
        commands.put("plugins", () -> PluginsCommand.spec(session));
        commands.put("cleanup", () -> CleanupCommand.spec(session));
        commands.put("shell", () -> ShellCommand.spec(session, in, interactive));
        commands.put("version", () -> VersionCommand.spec(session));
        return commands;
    }

    /** The names of the commands {@code kiln} has, {@code help} last. */
    private static Set<String> commandNames(Session session, InputStream in, boolean interactive) {
        Set<String> names = new LinkedHashSet<>(commands(session, in, interactive).keySet());
        names.add("help");
        return names;
    }

    /** Whether the command line is {@code version}, {@code -v}, {@code -version} or {@code --version} alone. */
    static boolean asksForVersionOnly(String[] args) {
        return args.length == 1 && (args[0].equals("version") || VERSION_FLAGS.contains(args[0]));
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
        if (asksForVersionOnly(args)) {
            // what the version command prints, without building a command line (picocli's model and converters
            // cost more than the JVM's own start: about 60 ms of a 150 ms 'kiln version')
            System.out.println(new KilnVersion().getVersion()[0]);
            System.exit(0);
        }
        LogSettings.setUp(System.getenv("KILN_LOG"));
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
