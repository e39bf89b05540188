package dev.kiln.cli.command;

import dev.kiln.runtime.frontend.format.HclFormatter;
import dev.kiln.runtime.frontend.format.UnifiedDiff;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code kiln fmt}: rewrites HCL2 templates ({@code .pkr.hcl}) and variable files ({@code .pkrvars.hcl}) in HCL's
 * canonical layout, as {@code packer fmt} does (Packer 1.6.6): the name of every file that changes is printed on
 * stdout, {@code -diff} adds its unified diff, {@code -write=false} and {@code -check} leave the files alone. Exit
 * codes as Packer's: 0, 3 for {@code -check} when a file is not formatted, 1 for a file that does not parse (its
 * diagnostics on stderr, the file untouched; the other files are still formatted) or a path that is no template.
 * A folder means its own {@code *.pkr.hcl} files, then its {@code *.pkrvars.hcl} files, each in name order; JSON
 * files and sub-folders are left alone. {@code -} reads standard input and prints the formatted text, as later Packer
 * versions do (Packer 1.6.6 has no such mode).
 */
public final class FmtCommand implements Callable<Integer> {

    /** The exit code of {@code -check} when some file is not formatted (Packer's, taken from {@code terraform fmt}). */
    public static final int NOT_FORMATTED = 3;

    private static final String HCL = ".pkr.hcl";
    private static final String VARS = ".pkrvars.hcl";

    private final Session session;
    private final InputStream stdin;

    private CommandSpec spec;
    private boolean check;
    private boolean diff;
    private boolean write;
    private String template;

    private FmtCommand(Session session, InputStream stdin) {
        this.session = session;
        this.stdin = stdin;
    }

    /** The command's model, over {@code session}, with no standard input (as in the shell). */
    public static CommandSpec spec(Session session) {
        return spec(session, InputStream.nullInputStream());
    }

    /** The command's model, over {@code session}; {@code kiln fmt -} reads {@code stdin}. */
    public static CommandSpec spec(Session session, InputStream stdin) {
        FmtCommand command = new FmtCommand(session, stdin);
        CommandSpec spec = Commands.command(command, "fmt",
                "Rewrite HCL2 templates (.pkr.hcl) and variable files (.pkrvars.hcl) in the canonical layout, as "
                        + "'packer fmt' does; JSON templates are left alone.",
                "TEMPLATE is a file or a folder ('.' is the current one). The files that change are listed; exit "
                        + "code 3 with -check when a file is not formatted, 1 when one does not parse.");
        spec.addOption(Commands.flag("Check whether the files are formatted: exit code 0 if all are, 3 otherwise "
                + "(lists those that are not); writes nothing.", "-check", "--check"));
        spec.addOption(Commands.flag("Show the changes as a unified diff.", "-diff", "--diff"));
        spec.addOption(Commands.option(boolean.class, "BOOL", "Write the changes to the files (default true; "
                + "-write=false only lists them; always off with -check).", "-write", "--write")
                .arity("0..1").fallbackValue("true").build());
        spec.addPositional(Commands.parameter(0, String.class, "TEMPLATE", "A .pkr.hcl or .pkrvars.hcl file, or a "
                + "folder of them ('.' for the current one); '-' formats standard input onto standard output.")
                .build());
        command.spec = spec;
        return spec;
    }

    @Override
    public Integer call() {
        Commands.Parsed parsed = Commands.parsed(spec);
        check = parsed.flag("-check");
        diff = parsed.flag("-diff");
        write = parsed.value("-write", true);
        template = parsed.parameter(0, null);
        if (template.equals("-")) {
            return standardInput();
        }
        Path path = session.workingDir().resolve(template);
        List<String> names;
        if (Files.isDirectory(path)) {
            try {
                names = folder(path);
            } catch (UncheckedIOException e) {
                return error("Cannot read the folder '" + template + "': " + e.getCause().getMessage());
            }
        } else if (!Files.exists(path)) {
            return error("'" + template + "' does not exist; name a " + HCL + " or " + VARS + " file, or a folder.");
        } else {
            names = template.endsWith(HCL) || template.endsWith(VARS) ? List.of(template) : List.of();
        }
        if (names.isEmpty()) {
            return error("Cannot tell whether " + template + " contains HCL2 configuration data: 'fmt' rewrites "
                    + HCL + " and " + VARS + " files (JSON templates are left alone).");
        }
        boolean failed = false;
        boolean unformatted = false;
        StringBuilder problems = new StringBuilder();
        for (String name : names) {
            Path file = session.workingDir().resolve(name);
            byte[] source;
            try {
                source = Files.readAllBytes(file);
            } catch (IOException e) {
                failed = true;
                problems.append("Error: Cannot read '").append(name).append("': ").append(e.getMessage())
                        .append("\n\n");
                continue;
            }
            HclFormatter.Result result = HclFormatter.format(name, source);
            if (!result.ok()) {
                failed = true;
                problems.append(result.problems());
                continue;
            }
            if (!result.changed()) {
                continue;
            }
            unformatted = true;
            session.out().println(name);
            if (write && !check) {
                try {
                    Files.write(file, result.output());
                } catch (IOException e) {
                    failed = true;
                    problems.append("Error: Cannot write '").append(name).append("': ").append(e.getMessage())
                            .append("\n\n");
                    continue;
                }
            }
            if (diff) {
                session.out().print(UnifiedDiff.of("old/" + name, "new/" + name, source, result.output()));
            }
        }
        session.out().flush();
        if (failed) {
            session.err().print(problems);
            session.err().flush();
            return 1;
        }
        return check && unformatted ? NOT_FORMATTED : 0;
    }

    /**
     * Formats standard input onto standard output (unless {@code -check}, which prints nothing and exits 3 when the
     * input is not formatted); {@code -diff} and {@code -write} do not apply.
     */
    private int standardInput() {
        byte[] source;
        try {
            source = stdin.readAllBytes();
        } catch (IOException e) {
            return error("Cannot read standard input: " + e.getMessage());
        }
        String name = "<stdin>";
        HclFormatter.Result result = HclFormatter.format(name, source);
        if (!result.ok()) {
            session.err().print(result.problems());
            session.err().flush();
            return 1;
        }
        if (check) {
            return result.changed() ? NOT_FORMATTED : 0;
        }
        session.out().write(result.output(), 0, result.output().length);
        session.out().flush();
        return 0;
    }

    /**
     * The folder's templates then its variable files, each in name order, named as Packer names them (the folder as
     * given joined with the file name, {@code ./} and doubled slashes dropped).
     */
    private List<String> folder(Path path) {
        List<String> hcl = new ArrayList<>();
        List<String> vars = new ArrayList<>();
        try (Stream<Path> entries = Files.list(path)) {
            entries.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().forEach(name -> {
                if (name.endsWith(HCL)) {
                    hcl.add(name);
                } else if (name.endsWith(VARS)) {
                    vars.add(name);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> names = new ArrayList<>();
        Stream.concat(hcl.stream(), vars.stream())
                .forEach(name -> names.add(Path.of(template).resolve(name).normalize().toString()));
        return names;
    }

    private int error(String message) {
        session.err().println("Error: " + message);
        session.err().flush();
        return 1;
    }
}
