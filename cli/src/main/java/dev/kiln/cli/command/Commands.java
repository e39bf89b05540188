package dev.kiln.cli.command;

import dev.kiln.runtime.frontend.Suggestions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one command model the batch command line and the interactive shell share: how a command line is set up
 * (Packer's single-dash flags, one help flag for every command, errors as one line a person can act on), so a flag
 * means the same in both.
 *
 * <p>Commands declare their model in code ({@link #command}, {@link #flag}, {@link #option}) and read what was given
 * from the parse result ({@link #parsed}), instead of picocli's annotations: reading those costs a cold start
 * reflection over every member and a generated proxy class per annotation type, about 50 ms of CPU time before any
 * command runs.
 */
public final class Commands {

    /** The help flag every command takes. */
    public static final List<String> HELP_FLAGS = List.of("-h", "-help", "--help");

    private Commands() {
    }

    /** The model of {@code command} (a {@code Callable} or {@code Runnable}), named and described, without options. */
    public static CommandSpec command(Object command, String name, String... description) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name(name);
        spec.usageMessage().description(description);
        return spec;
    }

    /** A flag without a value, such as {@code -debug}. */
    public static OptionSpec flag(String description, String... names) {
        return OptionSpec.builder(names).type(boolean.class).description(description).build();
    }

    /** An option with a value of {@code type}, labelled {@code label} in the usage; finish it with {@code build()}. */
    public static OptionSpec.Builder option(Class<?> type, String label, String description, String... names) {
        return OptionSpec.builder(names).type(type).paramLabel(label).description(description);
    }

    /** A repeatable option, each value of {@code type}; finish it with {@code build()}. */
    public static OptionSpec.Builder repeatable(Class<?> type, String label, String description, String... names) {
        return OptionSpec.builder(names).type(List.class).auxiliaryTypes(type).paramLabel(label)
                .description(description);
    }

    /** The required positional parameter {@code index}, of {@code type}; finish it with {@code build()}. */
    public static PositionalParamSpec.Builder parameter(int index, Class<?> type, String label, String description) {
        return PositionalParamSpec.builder().index(String.valueOf(index)).arity("1").required(true).type(type)
                .paramLabel(label).description(description);
    }

    /** What the last parse of {@code spec}'s command line gave that command. */
    public static Parsed parsed(CommandSpec spec) {
        return new Parsed(spec.commandLine().getParseResult());
    }

    /** What a command was given, by option name (any of its names) or parameter index. */
    public record Parsed(ParseResult result) {

        /** Whether the flag {@code name} was given. */
        public boolean flag(String name) {
            return result.hasMatchedOption(name);
        }

        /** The value of the option {@code name}, or {@code otherwise} when it was not given. */
        public <T> T value(String name, T otherwise) {
            return result.matchedOptionValue(name, otherwise);
        }

        /** Every value of the repeatable option {@code name}, in order; empty when it was not given. */
        public <T> List<T> values(String name) {
            return new ArrayList<>(result.matchedOptionValue(name, List.<T>of()));
        }

        /** The positional parameter {@code index}, or {@code otherwise} when it was not given. */
        public <T> T parameter(int index, T otherwise) {
            return result.matchedPositionalValue(index, otherwise);
        }
    }

    /** Gives {@code command} the help flags {@link #HELP_FLAGS}, unless it has its own. */
    public static CommandLine withHelpFlag(CommandLine command) {
        if (command.getCommandSpec().optionsMap().keySet().stream().noneMatch(HELP_FLAGS::contains)) {
            command.getCommandSpec().addOption(OptionSpec.builder(HELP_FLAGS.toArray(String[]::new))
                    .usageHelp(true).description("Show this help.").build());
        }
        return command;
    }

    /**
     * Sets up {@code command} and the sub-commands it has so far: Packer's flags are never clustered, output goes to
     * the session, a bad command line is one line on stderr with exit code 1 (followed by the command's usage line
     * when {@code withSynopsis}), and a command that throws shows its message, not a stack trace.
     */
    public static CommandLine configure(CommandLine command, Session session, boolean withSynopsis) {
        return command
                .setPosixClusteredShortOptionsAllowed(false)
                .setOut(new PrintWriter(session.out(), true))
                .setErr(new PrintWriter(session.err(), true))
                .setParameterExceptionHandler((e, args) -> {
                    e.getCommandLine().getErr().println(usageError(e));
                    if (withSynopsis) {
                        e.getCommandLine().getErr().print(synopsis(e.getCommandLine()));
                    }
                    e.getCommandLine().getErr().flush();
                    return 1;
                })
                .setExecutionExceptionHandler((e, cl, parsed) -> {
                    cl.getErr().println(e.getMessage() == null ? e.toString() : e.getMessage());
                    return 1;
                });
    }

    /** The command's usage line(s), {@code Usage: build [-h] [-var=KEY=VALUE]... TEMPLATE}, ending in a newline. */
    public static String synopsis(CommandLine command) {
        Help help = command.getHelp();
        return help.synopsisHeading() + help.synopsis(help.synopsisHeadingLength());
    }

    /** One line: what is wrong with the command line and what to do, with the closest flag for a misspelt one. */
    public static String usageError(ParameterException e) {
        String command = e.getCommandLine().getCommandSpec().qualifiedName();
        if (e instanceof UnmatchedArgumentException && ((UnmatchedArgumentException) e).isUnknownOption()) {
            String flag = ((UnmatchedArgumentException) e).getUnmatched().stream()
                    .filter(arg -> arg.startsWith("-")).findFirst().orElse("");
            int eq = flag.indexOf('=');
            String name = eq > 0 ? flag.substring(0, eq) : flag;
            return "Unknown flag '" + name + "' for '" + command + "'; "
                    + closestFlag(name, e.getCommandLine().getCommandSpec().optionsMap().keySet())
                    .map(c -> "did you mean '" + c + "'?").orElse("'" + command + " -h' lists its flags.");
        }
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        message = message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
        return message + "; see '" + command + " -h'.";
    }

    /**
     * The flag closest to {@code name}, compared without their dashes (so {@code -x} is not "close" to {@code -h}),
     * spelt with as many dashes as {@code name} where the flag has that spelling.
     */
    public static Optional<String> closestFlag(String name, Set<String> flags) {
        String dashes = name.startsWith("--") ? "--" : "-";
        Map<String, String> byBareName = new TreeMap<>();
        for (String flag : flags) {
            String bare = flag.replaceFirst("^-+", "");
            if (!byBareName.containsKey(bare) || flag.startsWith(dashes) && !flag.startsWith(dashes + "-")) {
                byBareName.put(bare, flag);
            }
        }
        return Suggestions.closest(name.substring(dashes.length()), byBareName.keySet()).map(byBareName::get);
    }

    /**
     * Makes the {@code TEMPLATE} parameter of a command with {@link TemplateOptions} optional, as in the shell,
     * where a command without one uses the loaded template.
     */
    public static CommandLine templateOptional(CommandLine command) {
        CommandSpec spec = command.getCommandSpec();
        spec.positionalParameters().stream().filter(p -> TemplateOptions.TEMPLATE.equals(p.paramLabel())).toList()
                .forEach(p -> {
                    spec.remove(p);
                    // a new spec bound to the same field: one copied from p would keep p's capacity, and with it
                    // the synopsis of a required parameter
                    spec.addPositional(PositionalParamSpec.builder().index("0").arity("0..1")
                            .paramLabel(p.paramLabel()).type(p.type()).getter(p.getter()).setter(p.setter())
                            .scope(p.scope()).description("The template, JSON or HCL2 (default: the loaded one).")
                            .build());
                });
        return command;
    }
}
