package dev.kiln.cli.repl;

import dev.kiln.runtime.discovery.RegisteredComponent;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Tab completion at the shell's prompt: command names; each command's flags, read from its picocli model so they
 * are the batch command line's; and values: file paths (templates, var files, plugin folders), variable names
 * after {@code set}, {@code unset} and {@code -var}, build names after {@code -only} and {@code -except} from the
 * loaded template, component types after {@code plugins}, and the fixed choices of {@code -on-error} and
 * {@code -color}. A flag that takes a value completes as {@code -only=}, Packer's spelling.
 */
final class ShellCompleter implements Completer {

    private static final List<String> ON_ERROR = List.of("cleanup", "abort", "ask");
    private static final List<String> BOOLEANS = List.of("true", "false");

    private final Shell shell;

    ShellCompleter(Shell shell) {
        this.shell = shell;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        candidates.addAll(candidates(line.words(), line.wordIndex(), line.word().substring(0, line.wordCursor())));
    }

    /**
     * What may stand at word {@code index} of {@code words}, whose part before the cursor is {@code typed}.
     * JLine keeps the candidates that start with {@code typed}.
     */
    List<Candidate> candidates(List<String> words, int index, String typed) {
        List<Candidate> out = new ArrayList<>();
        Map<String, Shell.Entry> commands = shell.commands();
        if (index == 0) {
            commands.values().forEach(e -> out.add(candidate(e.name(), e.name(), e.description(), true)));
            return out;
        }
        Shell.Entry entry = commands.get(words.get(0));
        if (entry == null) {
            return out;
        }
        CommandSpec spec = shell.commandLine(entry).getCommandSpec();
        int eq = typed.indexOf('=');
        if (typed.startsWith("-") && eq > 0) { // -only=dock
            OptionSpec option = spec.findOption(typed.substring(0, eq));
            if (option != null) {
                values(option, typed.substring(0, eq + 1), typed.substring(eq + 1), out);
            }
            return out;
        }
        if (typed.startsWith("-")) {
            flags(spec, typed, out);
            return out;
        }
        String previous = words.get(index - 1);
        OptionSpec option = previous.startsWith("-") && previous.indexOf('=') < 0 ? spec.findOption(previous) : null;
        if (option != null && option.arity().max() > 0 && !option.usageHelp()) {
            values(option, "", typed, out);
            if (option.arity().min() > 0) {
                return out; // -only NAMES: only a value fits here
            }
        }
        positionals(entry.name(), typed, out); // -color [BOOL]: a value or the next argument
        return out;
    }

    /** The command's flags, in the dashes typed: {@code -} offers the single-dash names, {@code --} the others. */
    private static void flags(CommandSpec spec, String typed, List<Candidate> out) {
        boolean doubleDash = typed.startsWith("--");
        for (OptionSpec option : spec.options()) {
            if (option.hidden()) {
                continue;
            }
            String description = option.description().length == 0 ? null : option.description()[0];
            for (String name : option.names()) {
                if (name.startsWith("--") != doubleDash) {
                    continue;
                }
                boolean takesValue = option.arity().max() > 0 && option.arity().min() > 0;
                out.add(takesValue ? candidate(name + "=", name + "=" + option.paramLabel(), description, false)
                        : candidate(name, name, description, true));
            }
        }
    }

    /** The values of {@code option}, each after {@code prefix} ({@code "-only="} or nothing). */
    private void values(OptionSpec option, String prefix, String typed, List<Candidate> out) {
        String name = option.longestName().replaceFirst("^-+", "");
        switch (name) {
            case "only" -> list(prefix, typed, shell.state().buildNames(), out);
            case "except" -> list(prefix, typed, shell.state().exceptNames(), out);
            case "var" -> variables(prefix, out);
            case "var-file" -> files(prefix, typed, false, out);
            case "plugin-dir" -> files(prefix, typed, true, out);
            case "on-error" -> ON_ERROR.forEach(v -> out.add(candidate(prefix + v, v, null, true)));
            case "color" -> BOOLEANS.forEach(v -> out.add(candidate(prefix + v, v, null, true)));
            default -> {
                // a number or free text: nothing to offer
            }
        }
    }

    /** A comma-separated list ({@code -only=a,b}): completes the last name, offering those not yet given. */
    private static void list(String prefix, String typed, List<String> names, List<Candidate> out) {
        int comma = typed.lastIndexOf(',');
        String given = typed.substring(0, comma + 1);
        Set<String> taken = Set.of(given.split(","));
        for (String name : names) {
            if (!taken.contains(name)) {
                out.add(candidate(prefix + given + name, name, null, true));
            }
        }
    }

    private void variables(String prefix, List<Candidate> out) {
        for (String name : shell.state().variableNames()) {
            out.add(candidate(prefix + name + "=", name, null, false));
        }
    }

    private void positionals(String command, String typed, List<Candidate> out) {
        switch (command) {
            case "load", "build", "validate", "inspect", "var-file", "fmt" -> files("", typed, false, out);
            case "set" -> variables("", out);
            case "unset" -> shell.state().variablesInOrder().forEach(v -> out.add(candidate(v.getKey(), v.getKey(),
                    null, true)));
            case "help" -> shell.commands().keySet().forEach(name -> out.add(candidate(name, name, null, true)));
            case "plugins" -> componentTypes(out);
            default -> {
                // takes no arguments
            }
        }
    }

    /** Every component type the loaded plugins provide (loading them on first use). */
    private void componentTypes(List<Candidate> out) {
        Set<String> types = new TreeSet<>();
        try {
            for (RegisteredComponent component : shell.session().kiln().plugins().registry().all()) {
                types.add(component.component().type());
            }
        } catch (RuntimeException e) {
            return; // a completion never fails the prompt
        }
        types.forEach(type -> out.add(candidate(type, type, null, true)));
    }

    /**
     * The files and folders that complete {@code typed} (relative to the working directory, {@code ~/} for the home
     * folder), each after {@code prefix}; a folder ends in {@code /} and completes no further, so Tab goes on into it.
     */
    private void files(String prefix, String typed, boolean foldersOnly, List<Candidate> out) {
        int slash = typed.lastIndexOf('/');
        String folderPart = typed.substring(0, slash + 1);
        String namePart = typed.substring(slash + 1);
        Path folder = folderPart.isEmpty() ? shell.session().workingDir() : resolve(folderPart);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".") && !namePart.startsWith(".")) {
                    continue;
                }
                boolean directory = Files.isDirectory(entry);
                if (directory) {
                    out.add(candidate(prefix + folderPart + name + "/", name + "/", null, false));
                } else if (!foldersOnly) {
                    out.add(candidate(prefix + folderPart + name, name, null, true));
                }
            }
        } catch (IOException | RuntimeException e) {
            // a folder that cannot be read offers nothing
        }
    }

    private Path resolve(String folder) {
        if (folder.startsWith("~/")) {
            String home = shell.session().environment().getOrDefault("HOME", System.getProperty("user.home"));
            return Path.of(home).resolve(folder.substring(2));
        }
        return shell.session().workingDir().resolve(folder);
    }

    private static Candidate candidate(String value, String display, String description, boolean complete) {
        return new Candidate(value, display, null, description, null, null, complete);
    }
}
