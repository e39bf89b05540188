package dev.kiln.cli.command;

import dev.kiln.runtime.discovery.ComponentRegistry.Conflict;
import dev.kiln.runtime.discovery.RegisteredComponent;
import dev.kiln.runtime.frontend.Suggestions;
import dev.kiln.runtime.plugin.PluginLoader;
import dev.kiln.runtime.plugin.PluginReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code kiln plugins}: each plugin, its state and what it provides, a type that another plugin provides too marked
 * as a conflict. A refused plugin or one without components says why; {@code --verbose} adds why a plugin failed.
 * Problems that are not about one plugin (a plugin folder that is a file, a type provided twice) follow as warnings
 * on stderr, as {@code build} and {@code validate} print them. With component types, only what provides them is
 * listed ({@code kiln plugins docker}).
 */
public final class PluginsCommand implements Callable<Integer> {

    private final Session session;
    private CommandSpec spec;
    private List<String> types = List.of();

    private PluginsCommand(Session session) {
        this.session = session;
    }

    /** The command's model, over {@code session}. */
    public static CommandSpec spec(Session session) {
        PluginsCommand command = new PluginsCommand(session);
        CommandSpec spec = Commands.command(command, "plugins",
                "List installed plugins and the components they provide.");
        PluginOptions.addTo(spec);
        spec.addOption(Commands.flag("Show why each failed plugin failed.", "--verbose", "-verbose", "-v"));
        spec.addPositional(PositionalParamSpec.builder().index("0..*").arity("0..*").type(List.class)
                .auxiliaryTypes(String.class).paramLabel("TYPE")
                .description("Show only what provides these component types (e.g. docker, docker-tag).").build());
        command.spec = spec;
        return spec;
    }

    @Override
    public Integer call() {
        Commands.Parsed parsed = Commands.parsed(spec);
        boolean verbose = parsed.flag("--verbose");
        types = parsed.parameter(0, List.of());
        PluginLoader.Result result = session.kilnQuietly(PluginOptions.dirs(spec)).plugins();
        PrintStream out = session.out();
        Set<String> known = result.registry().all().stream().map(c -> c.component().type())
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        result.plugins().forEach(p -> p.provides().forEach(c -> known.add(typeOf(c))));
        for (String type : types) {
            if (!known.contains(type)) {
                session.err().println("No plugin provides a component of type '" + type + "'"
                        + Suggestions.closest(type, known).map(c -> "; did you mean '" + c + "'?").orElse(".")
                        + " 'plugins' lists them all.");
                return 1;
            }
        }
        out.println("Plugin folders: " + (result.folders().isEmpty() ? "(none)"
                : result.folders().stream().map(Path::toString).collect(Collectors.joining(", "))));
        out.println();
        List<Conflict> conflicts = result.registry().conflicts();
        for (PluginReport plugin : result.plugins()) {
            if (!types.isEmpty() && plugin.provides().stream().noneMatch(this::shown)) {
                continue;
            }
            out.println(plugin.id() + (plugin.version().isEmpty() ? "" : " " + plugin.version()) + "  "
                    + plugin.state() + "  " + plugin.file());
            plugin.provides().stream().filter(this::shown).forEach(component -> out.println("    " + component
                    + conflictNote(conflicts, component, plugin.file())));
            if (plugin.failure() != null) {
                out.println(verbose || plugin.state() != PluginReport.State.FAILED ? "    cause: " + plugin.failure()
                        : "    (failed; --verbose shows why)");
            }
        }
        Set<String> pluginFiles = result.plugins().stream().map(PluginReport::file).collect(Collectors.toSet());
        List<String> onClassPath = new ArrayList<>();
        for (RegisteredComponent component : result.registry().all()) {
            if (!pluginFiles.contains(component.origin()) && shown(component.component().type())) {
                onClassPath.add(component.kind().word() + " " + component.component().type() + "  ("
                        + component.origin() + ")");
            }
        }
        for (Conflict conflict : conflicts) {
            String component = conflict.kind().word() + " " + conflict.type();
            conflict.origins().stream().filter(origin -> !pluginFiles.contains(origin) && shown(component))
                    .forEach(origin ->
                    onClassPath.add(component + "  (" + origin + ")" + conflictNote(conflicts, component, origin)));
        }
        if (!onClassPath.isEmpty()) {
            out.println("class path");
            onClassPath.forEach(line -> out.println("    " + line));
        }
        result.warnings().forEach(warning -> session.err().println("Warning: " + warning));
        return 0;
    }

    /** Whether {@code component} ({@code "post-processor docker-tag"}, or a bare type) is one of the types asked for. */
    private boolean shown(String component) {
        return types.isEmpty() || types.contains(typeOf(component));
    }

    private static String typeOf(String component) {
        return component.substring(component.lastIndexOf(' ') + 1);
    }

    /** Marks {@code component} ({@code "post-processor docker-tag"}) of {@code origin} when others provide it too. */
    private static String conflictNote(List<Conflict> conflicts, String component, String origin) {
        for (Conflict conflict : conflicts) {
            if ((conflict.kind().word() + " " + conflict.type()).equals(component)
                    && conflict.origins().contains(origin)) {
                List<String> others = conflict.origins().stream().filter(o -> !o.equals(origin)).distinct().toList();
                return "  (conflict: also provided by " + String.join(" and ", others) + "; "
                        + (others.size() == 1 ? "neither" : "none") + " is used)";
            }
        }
        return "";
    }
}
