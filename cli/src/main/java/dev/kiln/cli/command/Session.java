package dev.kiln.cli.command;

import dev.kiln.cli.render.LiveRenderer;
import dev.kiln.cli.render.MachineReadableRenderer;
import dev.kiln.cli.render.PackerRenderer;
import dev.kiln.cli.render.Renderer;
import dev.kiln.cli.render.StatusArea;
import dev.kiln.cli.render.TimestampedStream;
import dev.kiln.runtime.build.Prompter;
import dev.kiln.runtime.session.KilnSession;
import java.io.Console;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every command shares: where output goes, who answers questions, where Ctrl-C comes from, and the
 * {@link KilnSession} (opened on first use, so {@code kiln version} stays cheap, and reopened when the plugin folders
 * change). The batch command line makes one per process, the interactive shell one per shell.
 */
public final class Session implements AutoCloseable {

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;
    private final Path workingDir;
    private final boolean terminal;
    private final Prompter prompter;
    private final Interrupts interrupts;
    private final TemplateDefaults defaults;
    private final StatusArea status;
    private KilnSession kiln;
    private boolean warned;

    /**
     * A session of the batch command line: questions go to the console when there is one, signals through the JVM.
     *
     * @param terminal whether stdout is a terminal (colour by default)
     */
    public Session(PrintStream out, PrintStream err, Map<String, String> environment, Path workingDir,
                   boolean terminal) {
        this(out, err, environment, workingDir, terminal, null, new Signals(out));
    }

    /**
     * A session with its own prompter and interrupt source, as the shell has.
     *
     * @param prompter who answers questions; null for the console
     */
    public Session(PrintStream out, PrintStream err, Map<String, String> environment, Path workingDir,
                   boolean terminal, Prompter prompter, Interrupts interrupts) {
        this(out, err, environment, workingDir, terminal, prompter, interrupts, TemplateDefaults.NONE);
    }

    /**
     * A session of the interactive shell: its own prompter and interrupt source, and the template and variables
     * loaded and set at its prompt.
     *
     * @param prompter who answers questions; null for the console
     * @param defaults what commands use where their command line leaves it out
     */
    public Session(PrintStream out, PrintStream err, Map<String, String> environment, Path workingDir,
                   boolean terminal, Prompter prompter, Interrupts interrupts, TemplateDefaults defaults) {
        this(out, err, environment, workingDir, terminal, prompter, interrupts, defaults, null);
    }

    /**
     * A session of the interactive shell on a terminal that can redraw lines: builds show their live status in
     * {@code status}, below their output.
     *
     * @param status the terminal's status area, which {@code out} and {@code err} write above; null for none
     */
    public Session(PrintStream out, PrintStream err, Map<String, String> environment, Path workingDir,
                   boolean terminal, Prompter prompter, Interrupts interrupts, TemplateDefaults defaults,
                   StatusArea status) {
        this.out = out;
        this.err = err;
        this.environment = Map.copyOf(environment);
        this.workingDir = workingDir;
        this.terminal = terminal;
        this.prompter = prompter != null ? prompter : new ConsolePrompter();
        this.interrupts = interrupts;
        this.defaults = defaults;
        this.status = status;
    }

    public PrintStream out() { return out; }
    public PrintStream err() { return err; }
    public Path workingDir() { return workingDir; }
    public Prompter prompter() { return prompter; }
    public Interrupts interrupts() { return interrupts; }
    public Map<String, String> environment() { return environment; }
    public boolean terminal() { return terminal; }
    public TemplateDefaults defaults() { return defaults; }

    /**
     * The runtime session, its plugins found in {@code pluginDirs} first; opened anew when the folders differ from
     * the last command's. Plugin loading problems are shown once, as warnings on stderr.
     */
    public synchronized KilnSession kiln(List<Path> pluginDirs) {
        return open(pluginDirs);
    }

    /**
     * Shows, once, the loading problems of the plugins the runtime session has loaded so far (a command loads those
     * it needs), as warnings on stderr.
     */
    public synchronized void warnAboutPlugins() {
        if (!warned && kiln != null) {
            kiln.loadedPlugins().ifPresent(result -> {
                warned = true;
                result.registry().problems().forEach(problem -> err.println("Warning: " + problem));
            });
        }
    }

    /** The runtime session without the warnings, for {@code kiln plugins}, which reports them itself. */
    public synchronized KilnSession kilnQuietly(List<Path> pluginDirs) {
        warned = true;
        return open(pluginDirs);
    }

    /**
     * Unloads the plugins of the runtime session and loads them again ({@code reload} in the shell). The caller shows
     * what the result reports (a plugin that no longer loads, the warnings); later commands do not repeat it.
     */
    public synchronized dev.kiln.runtime.plugin.PluginLoader.Result reloadPlugins() {
        warned = true;
        return kiln().reload();
    }

    /** The runtime session as it is, for commands that load no plugins ({@code inspect}). */
    public synchronized KilnSession kiln() {
        return kiln != null ? kiln : open(List.of());
    }

    /**
     * Opens the runtime session and starts loading the plugins of {@code pluginDirs} on a background thread, so that
     * both happen while the command line is parsed (opening starts the diagnostic log, whose set-up scans every jar:
     * 30 ms); the command's {@link #kiln(List)} then waits for them (or opens anew, for other folders). A loading
     * failure is left for the command to meet, and report, itself.
     *
     * @param template the template the command line names, read on that thread too so that only the plugins it
     *                 uses are loaded; null loads them all
     * @param build whether the command builds (see {@link KilnSession#warmUp(Path, boolean)})
     */
    public synchronized void preload(List<Path> pluginDirs, Path template, boolean build) {
        if (kiln != null) {
            return;
        }
        Thread loader = new Thread(() -> {
            try {
                KilnSession session;
                synchronized (this) {
                    if (kiln != null && !kiln.options().pluginDirs().equals(pluginDirs)) {
                        return; // the command came first, with other folders: its session is not to be touched
                    }
                    session = open(pluginDirs); // or the command's own, when it came first
                }
                session.warmUp(template, build);
            } catch (RuntimeException e) {
                // the command asks again and reports it
            }
        }, "kiln-plugins");
        loader.setDaemon(true);
        loader.start();
    }

    private KilnSession open(List<Path> pluginDirs) {
        if (kiln != null && !kiln.options().pluginDirs().equals(pluginDirs)) {
            kiln.close();
            kiln = null;
            warned = false;
        }
        if (kiln == null) {
            kiln = KilnSession.open(KilnSession.Options.of(environment, workingDir).withPluginDirs(pluginDirs));
        }
        return kiln;
    }

    /** The renderer the flags ask for; colour defaults to on for a terminal unless NO_COLOR is set. */
    public Renderer renderer(boolean machineReadable, Boolean color) {
        return renderer(machineReadable, color, false);
    }

    /**
     * As {@link #renderer(boolean, Boolean)}, with each human line stamped with the time ({@code -timestamp-ui}).
     * In a shell with a status area, human output is {@link LiveRenderer live}.
     */
    public Renderer renderer(boolean machineReadable, Boolean color, boolean timestamps) {
        if (machineReadable) {
            return new MachineReadableRenderer(out, Clock.systemUTC());
        }
        boolean colored = color != null ? color
                : terminal && !environment.containsKey("NO_COLOR") && !environment.containsKey("PACKER_NO_COLOR");
        Renderer human = timestamps
                ? new PackerRenderer(new TimestampedStream(out, Clock.systemUTC()),
                        new TimestampedStream(err, Clock.systemUTC()), colored)
                : new PackerRenderer(out, err, colored);
        return status != null ? new LiveRenderer(human, status) : human;
    }

    /**
     * The batch prompter: the console, when Kiln runs in a terminal; parallel builds take turns. A shell it attaches
     * gets the terminal, and Kiln ignores Ctrl-C meanwhile, which is the shell's (it would otherwise cancel the build).
     */
    private final class ConsolePrompter implements Prompter {
        @Override
        public Optional<String> ask(String prompt) {
            synchronized (Session.this) {
                Console console = terminal ? System.console() : null;
                if (console == null) {
                    return Optional.empty();
                }
                out.println(prompt);
                out.flush();
                return Optional.ofNullable(console.readLine("> "));
            }
        }

        @Override
        @SuppressWarnings("removal")
        public int runAttached(List<String> command) throws InterruptedException {
            if (!terminal || System.console() == null) {
                return -1;
            }
            out.flush();
            sun.misc.Signal interrupt = new sun.misc.Signal("INT");
            sun.misc.SignalHandler previous = sun.misc.Signal.handle(interrupt, sun.misc.SignalHandler.SIG_IGN);
            try {
                return AttachedProcess.run(command);
            } finally {
                sun.misc.Signal.handle(interrupt, previous);
            }
        }
    }

    /** Resolves a path argument against the working directory. */
    public Path resolve(Path path) {
        return workingDir.resolve(path);
    }

    /** Unloads the plugins. */
    @Override
    public synchronized void close() {
        if (kiln != null) {
            kiln.close();
            kiln = null;
        }
    }
}
