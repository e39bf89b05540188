package dev.kiln.cli.repl;

import dev.kiln.cli.command.BuildCommand;
import dev.kiln.cli.command.CleanupCommand;
import dev.kiln.cli.command.Commands;
import dev.kiln.cli.command.FmtCommand;
import dev.kiln.cli.command.InspectCommand;
import dev.kiln.cli.command.PluginsCommand;
import dev.kiln.cli.command.Session;
import dev.kiln.cli.command.Signals;
import dev.kiln.cli.command.ValidateCommand;
import dev.kiln.cli.command.VersionCommand;
import dev.kiln.cli.render.StatusArea;
import dev.kiln.runtime.Kiln;
import dev.kiln.runtime.build.Prompter;
import dev.kiln.runtime.frontend.Suggestions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Parser.ParseContext;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;
import picocli.CommandLine;

/**
 * Kiln's interactive shell: a prompt where templates are loaded, variables set, and builds validated, inspected, run
 * and cancelled, one line at a time. Its {@code build}, {@code validate}, {@code inspect}, {@code fmt}, {@code plugins}
 * and {@code cleanup} are the batch command line's commands (so their flags mean the same), over one {@link Session}
 * that keeps the plugins loaded between commands; without a {@code TEMPLATE}, {@code build}, {@code validate} and
 * {@code inspect} use the loaded template and the shell's variables.
 *
 * <p>Two ways in: {@link #interactive} on a terminal (JLine: editing, completion, history in
 * {@code ~/.kiln/history}, Ctrl-C cancels a build and clears the line at the prompt), and {@link #scripted} for
 * commands read from a file or pipe, which prints no prompt and stops at the first command that fails.
 *
 * <p>On a terminal that is not dumb, a build's output scrolls above a {@link StatusArea} that shows each running
 * build's elapsed time, what it does now and its progress bars; everything the shell prints goes through it.
 */
public final class Shell implements AutoCloseable {

    /** A command the shell knows: how it is listed by {@code help}, and how to make a fresh one for each line. */
    record Entry(String name, String arguments, String description, Supplier<Object> command, boolean template) {
    }

    private final Session session;
    private final ShellState state;
    private final LineReader reader;
    private final DefaultParser parser;
    private final Map<String, Entry> commands = new LinkedHashMap<>();
    private boolean exit;

    private Shell(Session session, ShellState state, LineReader reader, DefaultParser parser) {
        this.session = session;
        this.state = state;
        this.reader = reader;
        this.parser = parser;
        ShellCommands shell = new ShellCommands(this);
        add("load", "FILE", "Load a template; later commands use it when they name none.", shell::load, false);
        add("reload", "", "Load the plugins again and re-read the loaded template.", shell::reload, false);
        add("validate", "[flags] [TEMPLATE]", "Check the template without building.",
                () -> ValidateCommand.spec(session), true);
        add("inspect", "[flags] [TEMPLATE]", "Show what the template contains.",
                () -> InspectCommand.spec(session), true);
        add("fmt", "[flags] TEMPLATE", "Rewrite HCL2 templates in the canonical layout, as 'packer fmt' does.",
                () -> FmtCommand.spec(session), false);
        add("build", "[flags] [TEMPLATE]", "Build images from the template; Ctrl-C cancels and cleans up.",
                () -> BuildCommand.spec(session), true);
        add("vars", "", "Show the template's variables and the values set here.", shell::vars, false);
        add("set", "NAME=VALUE...", "Set user variables for later commands, as -var does.", shell::set, false);
        add("unset", "NAME...", "Forget variables set with 'set'.", shell::unset, false);
        add("var-file", "[-clear] [FILE...]", "Read a JSON file of variables in later commands, as -var-file does.",
                shell::varFile, false);
        add("plugins", "[flags] [TYPE...]", "List the plugins and the components they provide.",
                () -> PluginsCommand.spec(session), false);
        add("cleanup", "[flags]", "Remove what Kiln builds that no longer run left behind (this shell's are kept).",
                () -> CleanupCommand.spec(session), false);
        add("history", "", "Show the commands typed before (kept in ~/.kiln/history).", shell::history, false);
        add("version", "", "Print Kiln's version.", () -> VersionCommand.spec(session), false);
        add("help", "[COMMAND]", "List the commands, or show the usage of one.", shell::help, false);
        add("exit", "", "Leave the shell (Ctrl-D does too).", shell::exit, false);
    }

    private void add(String name, String arguments, String description, Supplier<Object> command,
                     boolean template) {
        commands.put(name, new Entry(name, arguments, description, command, template));
    }

    /**
     * A shell on {@code terminal}: JLine reads the lines, questions and Ctrl-C go through the terminal.
     *
     * @param batch where the environment and working directory come from
     */
    public static Shell interactive(Session batch, Terminal terminal) {
        ShellState state = new ShellState();
        DefaultParser parser = parser();
        LineReaderImpl reader = (LineReaderImpl) LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("kiln")
                .parser(parser)
                .history(new ShellHistory(state))
                .variable(LineReader.HISTORY_FILE, historyFile(batch.environment()))
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // '!' in a value is just '!'
                .build();
        boolean plain = Terminals.dumb(terminal);
        StatusArea status = plain ? null : new StatusArea(terminal.output(), terminal.encoding(), terminal::getWidth);
        PrintStream out = new PrintStream(status != null ? status.stream() : terminal.output(), true,
                terminal.encoding());
        Session session = new Session(out, out, batch.environment(), batch.workingDir(), !plain,
                new ReaderPrompter(reader, out, status), new TerminalInterrupts(terminal, out), state, status);
        Shell shell = new Shell(session, state, reader, parser);
        reader.setCompleter(new ShellCompleter(shell));
        return shell;
    }

    /**
     * A shell for commands read from a file or pipe: no prompt, no echo, nobody to ask; Ctrl-C (SIGINT) and SIGTERM
     * cancel a build and end the process after its cleanups, as in the batch command line.
     */
    public static Shell scripted(Session batch) {
        ShellState state = new ShellState();
        Session session = new Session(batch.out(), batch.err(), batch.environment(), batch.workingDir(),
                batch.terminal(), Prompter.NONE, new Signals(batch.out()), state);
        return new Shell(session, state, null, parser());
    }

    private static DefaultParser parser() {
        DefaultParser parser = new DefaultParser();
        parser.setEofOnUnclosedQuote(true); // a line with an open quote continues on the next one
        return parser;
    }

    /** {@code ~/.kiln/history}, with the home folder from {@code HOME}. */
    static Path historyFile(Map<String, String> environment) {
        String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".kiln", "history");
    }

    /**
     * Reads and runs commands at the prompt until {@code exit} or Ctrl-D. Ctrl-C at the prompt clears the line; a
     * failing command (a build that fails, a template that does not load) never ends the shell.
     *
     * @return 0
     */
    public int runInteractive() {
        session.out().println("Kiln v" + Kiln.version() + " shell. 'help' lists the commands, Tab completes, Ctrl-C "
                + "cancels a build, Ctrl-D or 'exit' leaves.");
        while (!exit) {
            String line;
            try {
                line = reader.readLine(prompt());
            } catch (UserInterruptException e) {
                continue; // Ctrl-C: the line is dropped, a fresh prompt follows
            } catch (EndOfFileException e) {
                break; // Ctrl-D
            }
            execute(line);
        }
        return 0;
    }

    /**
     * Runs the commands of {@code script}, one per line (blank lines and {@code #} comments are skipped), printing
     * nothing but their output.
     *
     * @param keepGoing run the remaining lines after a command fails ({@code -k})
     * @return 0 when every command succeeded, else 1
     */
    public int runScript(BufferedReader script, boolean keepGoing) throws IOException {
        boolean failed = false;
        int number = 0;
        String line;
        while (!exit && (line = script.readLine()) != null) {
            number++;
            String command = line.strip();
            if (command.isEmpty() || command.startsWith("#")) {
                continue;
            }
            if (execute(line) != 0) {
                failed = true;
                if (!keepGoing) {
                    session.err().println("kiln shell: line " + number + " ('" + firstWord(command)
                            + "') failed; stopping (-k runs the remaining lines).");
                    return 1;
                }
            }
        }
        return failed ? 1 : 0;
    }

    private static String firstWord(String line) {
        int space = line.indexOf(' ');
        return space < 0 ? line : line.substring(0, space);
    }

    /** The prompt, naming the loaded template: {@code kiln (template.json)> }. */
    String prompt() {
        return state.template().map(file -> "kiln (" + file.getFileName() + ")> ").orElse("kiln> ");
    }

    /**
     * Runs one command line.
     *
     * @return its exit code: 0 when it succeeded
     */
    int execute(String line) {
        List<String> words;
        try {
            words = new ArrayList<>(parser.parse(line, line.length(), ParseContext.ACCEPT_LINE).words());
        } catch (EOFError e) {
            session.err().println("The line ends inside a quote: " + line.strip());
            return 1;
        }
        while (!words.isEmpty() && words.get(words.size() - 1).isEmpty()) {
            words.remove(words.size() - 1);
        }
        if (words.isEmpty()) {
            return 0;
        }
        String name = words.get(0);
        Entry entry = commands.get(name);
        if (entry == null) {
            session.err().println(unknownCommand(name, commands.keySet()));
            return 1;
        }
        try {
            return commandLine(entry).execute(words.subList(1, words.size()).toArray(String[]::new));
        } finally {
            session.out().flush();
            session.err().flush();
        }
    }

    /** A fresh command line for {@code entry}, set up as the batch command line's is. */
    CommandLine commandLine(Entry entry) {
        CommandLine command = Commands.withHelpFlag(new CommandLine(entry.command().get()));
        if (entry.template()) {
            Commands.templateOptional(command);
        }
        return Commands.configure(command, session, true);
    }

    /** "Unknown command 'va'; did you mean 'validate', 'var-file' or 'vars'?" */
    static String unknownCommand(String name, Collection<String> names) {
        if (name.equals("kiln")) {
            return "In the shell, commands go without 'kiln': type 'build template.json', 'validate', ...";
        }
        List<String> close = new ArrayList<>();
        Suggestions.closest(name, names).ifPresent(close::add);
        names.stream().filter(n -> n.startsWith(name) && !close.contains(n)).forEach(close::add);
        if (close.isEmpty()) {
            return "Unknown command '" + name + "'; 'help' lists the commands.";
        }
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < close.size(); i++) {
            list.append(i == 0 ? "" : i == close.size() - 1 ? " or " : ", ").append('\'').append(close.get(i))
                    .append('\'');
        }
        return "Unknown command '" + name + "'; did you mean " + list + "?";
    }

    Session session() {
        return session;
    }

    ShellState state() {
        return state;
    }

    /** The line reader, or empty for a scripted shell. */
    Optional<LineReader> reader() {
        return Optional.ofNullable(reader);
    }

    /** The commands, in the order {@code help} lists them. */
    Map<String, Entry> commands() {
        return commands;
    }

    /** Ends the loop after the current command. */
    void requestExit() {
        exit = true;
    }

    /** Saves the history and unloads the plugins. */
    @Override
    public void close() {
        if (reader != null) {
            try {
                reader.getHistory().save();
            } catch (IOException e) {
                session.err().println("Warning: the history could not be saved: " + e.getMessage());
            }
        }
        session.close();
    }
}
