package dev.kiln.cli.repl;

import dev.kiln.cli.command.Commands;
import dev.kiln.cli.command.Problems;
import dev.kiln.cli.command.Session;
import dev.kiln.runtime.frontend.BuildModel;
import dev.kiln.runtime.frontend.ComponentSpec;
import dev.kiln.runtime.frontend.Suggestions;
import dev.kiln.runtime.frontend.TemplateException;
import dev.kiln.runtime.frontend.VariableSpec;
import dev.kiln.runtime.plugin.PluginLoader;
import dev.kiln.runtime.plugin.PluginReport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.jline.reader.History;
import org.jline.reader.LineReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The commands only the shell has: they work on what the shell has loaded and set ({@link ShellState}). */
final class ShellCommands {

    private final Shell shell;

    ShellCommands(Shell shell) {
        this.shell = shell;
    }

    private Session session() {
        return shell.session();
    }

    private PrintStream out() {
        return shell.session().out();
    }

    private PrintStream err() {
        return shell.session().err();
    }

    Object load() {
        return new Load();
    }

    Object reload() {
        return new Reload();
    }

    Object vars() {
        return new Vars();
    }

    Object set() {
        return new SetVariables();
    }

    Object unset() {
        return new UnsetVariables();
    }

    Object varFile() {
        return new VarFile();
    }

    Object history() {
        return new HistoryCommand();
    }

    Object help() {
        return new Help();
    }

    Object exit() {
        return new Exit();
    }

    /** Reads {@code file}; a template that does not load shows its problems and leaves the loaded one loaded. */
    private int read(Path file) {
        BuildModel template;
        try {
            template = session().kiln().read(file);
        } catch (TemplateException e) {
            Problems.show(session().renderer(false, false), file, e.problems());
            shell.state().template().ifPresent(loaded -> err().println("Still loaded: " + loaded));
            return 1;
        }
        shell.state().load(file, template);
        out().println("Loaded " + file + ": " + describe(template));
        List<String> missing = template.variables().stream().filter(VariableSpec::required)
                .map(VariableSpec::name).filter(name -> !shell.state().variables().containsKey(name))
                .toList();
        if (!missing.isEmpty()) {
            out().println("Required variables not set yet: " + String.join(", ", missing) + " ('set "
                    + missing.get(0) + "=VALUE')");
        }
        return 0;
    }

    /** "builds docker; provisioners shell; post-processors docker-tag" */
    private static String describe(BuildModel template) {
        List<String> parts = new ArrayList<>();
        parts.add(count(template.buildNames().size(), "build", "builds") + " ("
                + String.join(", ", template.buildNames()) + ")");
        if (!template.provisioners().isEmpty()) {
            parts.add(count(template.provisioners().size(), "provisioner", "provisioners") + " ("
                    + template.provisioners().stream().map(ComponentSpec::type).collect(Collectors.joining(", "))
                    + ")");
        }
        if (!template.postProcessorChains().isEmpty()) {
            parts.add("post-processors " + template.postProcessorChains().stream()
                    .map(chain -> chain.stream().map(ComponentSpec::name).collect(Collectors.joining(" -> ")))
                    .collect(Collectors.joining(", ")));
        }
        return String.join("; ", parts) + ".";
    }

    private static String count(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    @Command(name = "load", description = "Load a template; later commands use it when they name none.")
    final class Load implements Callable<Integer> {

        @Parameters(paramLabel = "FILE",
                description = "The template: Packer JSON, or HCL2 (a .pkr.hcl file or a folder of them).")
        Path file;

        @Override
        public Integer call() {
            return read(file);
        }
    }

    @Command(name = "reload", description = "Load the plugins again (a plugin that fails is reported and the others "
            + "keep working) and re-read the loaded template.")
    final class Reload implements Callable<Integer> {

        @Override
        public Integer call() {
            PluginLoader.Result result = session().reloadPlugins();
            List<PluginReport> broken = result.plugins().stream().filter(p -> !p.ok()).toList();
            out().println("Plugins reloaded: " + (result.plugins().size() - broken.size()) + " working"
                    + (broken.isEmpty() ? "" : ", " + broken.size() + " not") + "; "
                    + count(result.registry().all().size(), "component", "components") + ".");
            for (PluginReport plugin : broken) {
                out().println("  " + plugin.id() + "  " + plugin.state() + "  " + plugin.file()
                        + (plugin.failure() == null ? "" : ": " + plugin.failure()));
            }
            result.warnings().forEach(warning -> err().println("Warning: " + warning));
            return shell.state().template().map(ShellCommands.this::read).orElse(0);
        }
    }

    @Command(name = "vars", description = "Show the loaded template's variables and the values set in this shell.")
    final class Vars implements Callable<Integer> {

        @Override
        public Integer call() {
            ShellState state = shell.state();
            Map<String, String> set = state.variables();
            BuildModel template = state.parsed().orElse(null);
            List<String[]> rows = new ArrayList<>();
            if (template != null) {
                for (VariableSpec v : template.variables()) {
                    String value = set.containsKey(v.name()) ? shown(v.name(), set.get(v.name()))
                            : v.required() ? "" : shown(v.name(), v.defaultValue());
                    String source = set.containsKey(v.name()) ? "set" : v.required() ? "required, not set"
                            : "default";
                    rows.add(new String[] {v.name(), value, source});
                }
            }
            for (Map.Entry<String, String> entry : state.variablesInOrder()) {
                if (template == null || template.variable(entry.getKey()).isEmpty()) {
                    rows.add(new String[] {entry.getKey(), shown(entry.getKey(), entry.getValue()),
                            template == null ? "set" : "set, not a variable of the template"});
                }
            }
            if (rows.isEmpty()) {
                out().println(template == null ? "No template loaded and no variables set." :
                        "The template declares no variables and none are set.");
            } else {
                out().println(template == null ? "Variables set (no template loaded):"
                        : "Variables of " + state.template().orElseThrow() + ":");
                int name = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
                int value = rows.stream().mapToInt(r -> r[1].length()).max().orElse(0);
                for (String[] row : rows) {
                    out().println("  " + pad(row[0], name) + " = " + pad(row[1], value) + "  (" + row[2] + ")");
                }
            }
            if (!state.varFiles().isEmpty()) {
                out().println("Var files (later ones win; 'set' values win over all): "
                        + state.varFiles().stream().map(Path::toString).collect(Collectors.joining(", ")));
            }
            return 0;
        }

        private String shown(String name, String value) {
            return shell.state().sensitive(name) ? "<sensitive>" : "'" + value + "'";
        }

        private String pad(String text, int width) {
            return text + " ".repeat(width - text.length());
        }
    }

    @Command(name = "set", description = "Set user variables for every later command, as -var does; a command's "
            + "own -var wins.")
    final class SetVariables implements Callable<Integer> {

        @Parameters(arity = "1..*", paramLabel = "NAME=VALUE", description = "The variable and its value.")
        List<String> assignments;

        @Override
        public Integer call() {
            for (String assignment : assignments) {
                int eq = assignment.indexOf('=');
                if (eq <= 0) {
                    err().println("set: '" + assignment + "' must look like NAME=VALUE.");
                    return 1;
                }
            }
            ShellState state = shell.state();
            for (String assignment : assignments) {
                int eq = assignment.indexOf('=');
                String name = assignment.substring(0, eq);
                state.set(name, assignment.substring(eq + 1));
                state.parsed().filter(t -> t.variable(name).isEmpty()).ifPresent(t -> err().println(
                        "Warning: '" + name + "' is not a variable of " + state.template().orElseThrow()
                                + Suggestions.closest(name, t.variables().stream().map(VariableSpec::name).toList())
                                .map(c -> "; did you mean '" + c + "'?").orElse(".")));
            }
            return 0;
        }
    }

    @Command(name = "unset", description = "Forget variables set with 'set'.")
    final class UnsetVariables implements Callable<Integer> {

        @Parameters(arity = "1..*", paramLabel = "NAME", description = "The variable to forget.")
        List<String> names;

        @Override
        public Integer call() {
            int code = 0;
            for (String name : names) {
                if (!shell.state().unset(name)) {
                    err().println("unset: '" + name + "' is not set" + Suggestions.closest(name,
                            shell.state().variables().keySet()).map(c -> "; did you mean '" + c + "'?").orElse("."));
                    code = 1;
                }
            }
            return code;
        }
    }

    @Command(name = "var-file", description = "Read a JSON file of variables in every later command, as -var-file "
            + "does (later files win; a command's own -var-file wins). Without FILE, list them.")
    final class VarFile implements Callable<Integer> {

        @Option(names = {"-clear", "--clear"}, description = "Forget the var files given before.")
        boolean clear;

        @Parameters(arity = "0..*", paramLabel = "FILE", description = "A JSON object of variable values.")
        List<Path> files = new ArrayList<>();

        @Override
        public Integer call() {
            for (Path file : files) {
                if (!Files.isRegularFile(session().resolve(file))) {
                    err().println("var-file: '" + file + "' is not a file.");
                    return 1;
                }
            }
            if (clear) {
                shell.state().clearVarFiles();
            }
            files.forEach(shell.state()::addVarFile);
            if (files.isEmpty() && !clear) {
                List<Path> all = shell.state().varFiles();
                out().println(all.isEmpty() ? "No var files." : "Var files: "
                        + all.stream().map(Path::toString).collect(Collectors.joining(", ")));
            }
            return 0;
        }
    }

    @Command(name = "history", description = "Show the commands typed before, also in earlier sessions "
            + "(~/.kiln/history).")
    final class HistoryCommand implements Callable<Integer> {

        @Override
        public Integer call() {
            LineReader reader = shell.reader().orElse(null);
            if (reader == null) {
                out().println("No history: commands read from a script are not recorded.");
                return 0;
            }
            for (History.Entry entry : reader.getHistory()) {
                out().printf("%5d  %s%n", entry.index() + 1, entry.line());
            }
            return 0;
        }
    }

    @Command(name = "help", description = "List the commands, or show the usage of one.")
    final class Help implements Callable<Integer> {

        @Parameters(arity = "0..1", paramLabel = "COMMAND", description = "The command to explain.")
        String command;

        @Override
        public Integer call() {
            Map<String, Shell.Entry> commands = shell.commands();
            if (command != null) {
                Shell.Entry entry = commands.get(command);
                if (entry == null) {
                    err().println(Shell.unknownCommand(command, commands.keySet()));
                    return 1;
                }
                shell.commandLine(entry).usage(out());
                return 0;
            }
            out().println("Commands:");
            int width = commands.values().stream().mapToInt(e -> (e.name() + " " + e.arguments()).length())
                    .max().orElse(0);
            for (Shell.Entry entry : commands.values()) {
                String usage = (entry.name() + " " + entry.arguments()).strip();
                out().println("  " + usage + " ".repeat(width - usage.length()) + "  " + entry.description());
            }
            out().println();
            out().println("'help COMMAND' shows a command's flags (so does " + String.join(", ", Commands.HELP_FLAGS)
                    + " after it).");
            out().println("Without TEMPLATE, build, validate and inspect use the loaded template and the variables "
                    + "set here;");
            out().println("a command's own flags win. Tab completes commands, flags, files, variables and build "
                    + "names.");
            return 0;
        }
    }

    @Command(name = "exit", description = "Leave the shell (Ctrl-D does too).")
    final class Exit implements Callable<Integer> {

        @Override
        public Integer call() {
            shell.requestExit();
            return 0;
        }
    }
}
