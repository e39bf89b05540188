package dev.kiln.shell.command;

import dev.kiln.runtime.Kiln;
import dev.kiln.runtime.plugin.PluginFolders;
import dev.kiln.runtime.plugin.PluginLoader;
import dev.kiln.shell.render.MachineReadableRenderer;
import dev.kiln.shell.render.PackerRenderer;
import dev.kiln.shell.render.Renderer;
import dev.kiln.shell.render.TimestampedStream;
import java.io.Console;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Map;

/**
 * What every command shares: where output goes, the environment, and the runtime (created on first use, so
 * {@code kiln version} stays cheap).
 */
public final class Session {

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;
    private final Path workingDir;
    private final boolean terminal;
    private Kiln kiln;
    private PluginLoader.Result plugins;

    /**
     * Creates a session.
     *
     * @param terminal whether stdout is a terminal (colour by default)
     */
    public Session(PrintStream out, PrintStream err, Map<String, String> environment, Path workingDir,
                   boolean terminal) {
        this.out = out;
        this.err = err;
        this.environment = Map.copyOf(environment);
        this.workingDir = workingDir;
        this.terminal = terminal;
    }

    public PrintStream out() { return out; }
    public PrintStream err() { return err; }
    public Path workingDir() { return workingDir; }

    /**
     * The runtime, with the components of every plugin folder and of the class path; loading problems are shown once
     * as warnings.
     *
     * @param pluginDirs the {@code --plugin-dir} folders, searched first
     */
    public synchronized Kiln kiln(List<Path> pluginDirs) {
        if (kiln == null) {
            plugins = loadPlugins(pluginDirs);
            plugins.registry().problems().forEach(problem -> err.println("Warning: " + problem));
            kiln = new Kiln(plugins.registry(), environment, workingDir);
        }
        return kiln;
    }

    /** Loads the plugins without warnings, for {@code kiln plugins}, which reports them itself. */
    public synchronized PluginLoader.Result plugins(List<Path> pluginDirs) {
        if (plugins == null) {
            plugins = loadPlugins(pluginDirs);
        }
        return plugins;
    }

    private PluginLoader.Result loadPlugins(List<Path> pluginDirs) {
        String home = System.getProperty("kiln.home");
        String userHome = environment.getOrDefault("HOME", System.getProperty("user.home"));
        List<Path> folders = PluginFolders.resolve(pluginDirs.stream().map(this::resolve).toList(), environment,
                userHome == null ? null : Path.of(userHome), home == null ? null : Path.of(home));
        return PluginLoader.load(folders, Kiln.version(), Session.class.getClassLoader());
    }

    /** The renderer the flags ask for; colour defaults to on for a terminal unless NO_COLOR is set. */
    public Renderer renderer(boolean machineReadable, Boolean color) {
        return renderer(machineReadable, color, false);
    }

    /** As {@link #renderer(boolean, Boolean)}, with each human line stamped with the time ({@code -timestamp-ui}). */
    public Renderer renderer(boolean machineReadable, Boolean color, boolean timestamps) {
        if (machineReadable) {
            return new MachineReadableRenderer(out, Clock.systemUTC());
        }
        boolean colored = color != null ? color
                : terminal && !environment.containsKey("NO_COLOR") && !environment.containsKey("PACKER_NO_COLOR");
        return timestamps
                ? new PackerRenderer(new TimestampedStream(out, Clock.systemUTC()),
                        new TimestampedStream(err, Clock.systemUTC()), colored)
                : new PackerRenderer(out, err, colored);
    }

    /**
     * Asks the person at the terminal ({@code -on-error=ask}); parallel builds take turns.
     *
     * @return the answer, or empty when Kiln does not run in a terminal
     */
    public synchronized Optional<String> ask(String prompt) {
        Console console = terminal ? System.console() : null;
        if (console == null) {
            return Optional.empty();
        }
        out.println(prompt);
        out.flush();
        return Optional.ofNullable(console.readLine("> "));
    }

    /** Resolves a path argument against the working directory. */
    public Path resolve(Path path) {
        return workingDir.resolve(path);
    }
}
