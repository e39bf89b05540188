package dev.kiln.cli.command;

import dev.kiln.runtime.frontend.TemplateException;
import dev.kiln.runtime.frontend.upgrade.Hcl2Upgrade;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code kiln hcl2_upgrade [-output-file=FILE] TEMPLATE.json}: writes the {@code .pkr.hcl} equivalent of a Packer
 * JSON template, as {@code packer hcl2_upgrade} does ({@code TEMPLATE.json.pkr.hcl} by default, an existing file
 * overwritten, its folder made). Unlike Packer 1.6.6, which creates the output file before reading the template, a
 * template with problems writes nothing: its problems are shown, each with file, line and column, and the exit code
 * is 1. The file is written whole or not at all (through a temporary file beside it), and never over the template
 * itself (1.6.6 empties the template when {@code -output-file} names it).
 */
public final class Hcl2UpgradeCommand implements Callable<Integer> {

    private final Session session;
    private CommandSpec spec;

    private Hcl2UpgradeCommand(Session session) {
        this.session = session;
    }

    /** The command's model, over {@code session}. */
    public static CommandSpec spec(Session session) {
        Hcl2UpgradeCommand command = new Hcl2UpgradeCommand(session);
        CommandSpec spec = Commands.command(command, "hcl2_upgrade",
                "Transform a JSON template into an HCL2 configuration.");
        spec.addOption(Commands.option(Path.class, "FILE", "Where to write the HCL2 template (default: "
                + "TEMPLATE.pkr.hcl, e.g. template.json.pkr.hcl).", "-output-file", "--output-file").build());
        spec.addPositional(Commands.parameter(0, Path.class, "TEMPLATE", "The Packer JSON template.").build());
        command.spec = spec;
        return spec;
    }

    @Override
    public Integer call() {
        Commands.Parsed parsed = Commands.parsed(spec);
        Path outputFile = parsed.value("-output-file", null);
        Path template = parsed.parameter(0, null);
        String hcl;
        try {
            hcl = Hcl2Upgrade.convert(session.resolve(template));        // read by Kiln's JSON front end
        } catch (TemplateException e) {
            return Problems.show(session.renderer(false, false), template, e.problems());
        }
        Path named = outputFile != null ? outputFile : Path.of(template + ".pkr.hcl");
        Path target = session.resolve(named);
        Path source = session.resolve(template);
        try {
            if (Files.exists(target) && Files.isSameFile(target, source)) {
                // Packer 1.6.6 creates (empties) the output file before it reads the template: this loses it.
                session.err().println("Error: '" + named + "' is the template; Kiln does not overwrite what it "
                        + "reads: choose another -output-file.");
                return 1;
            }
            Path folder = target.toAbsolutePath().getParent();
            Files.createDirectories(folder);
            Path partial = Files.createTempFile(folder, "." + target.getFileName() + ".", ".kiln-part");
            try {
                Files.writeString(partial, hcl, StandardCharsets.UTF_8);
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            session.err().println("Failed to create output file '" + named + "': " + e.getMessage());
            return 1;
        }
        session.out().println("Successfully created " + named);
        return 0;
    }
}
