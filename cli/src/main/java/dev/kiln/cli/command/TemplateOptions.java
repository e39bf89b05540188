package dev.kiln.cli.command;

import dev.kiln.api.ConfigException;
import dev.kiln.runtime.session.TemplateRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/** The flags {@code build}, {@code validate} and {@code inspect} share, spelled as Packer spells them. */
public final class TemplateOptions {

    /** The label of the template parameter, which the shell makes optional. */
    static final String TEMPLATE = "TEMPLATE";

    private final List<String> vars;
    private final List<Path> varFiles;
    private final List<String> only;
    private final List<String> except;
    private final Path template;

    private TemplateOptions(Commands.Parsed parsed) {
        vars = parsed.values("-var");
        varFiles = parsed.values("-var-file");
        only = parsed.values("-only");
        except = parsed.values("-except");
        template = parsed.parameter(0, null);
    }

    /** Adds the flags and the template parameter to {@code spec}. */
    static void addTo(CommandSpec spec) {
        spec.addOption(Commands.repeatable(String.class, "KEY=VALUE", "Set a user variable (repeatable).",
                "-var", "--var").build());
        spec.addOption(Commands.repeatable(Path.class, "FILE",
                "JSON file of user variables (repeatable; later files win).", "-var-file", "--var-file").build());
        spec.addOption(Commands.repeatable(String.class, "NAMES", "Build only these builds.", "-only", "--only")
                .splitRegex(",").build());
        spec.addOption(Commands.repeatable(String.class, "NAMES", "Build all builds and post-processors except these.",
                "-except", "--except").splitRegex(",").build());
        spec.addPositional(Commands.parameter(0, Path.class, TEMPLATE,
                "The template: Packer JSON, or HCL2 (a .pkr.hcl file or a folder of them).").build());
    }

    /** What the last parse of {@code spec}'s command line gave. */
    static TemplateOptions of(CommandSpec spec) {
        return new TemplateOptions(Commands.parsed(spec));
    }

    /**
     * The template to read: the one given, else the session's loaded one (in the shell).
     *
     * @throws ConfigException when neither is there
     */
    Path file(Session session) {
        if (template != null) {
            return template;
        }
        return session.defaults().template().orElseThrow(() -> new ConfigException(
                "No template: name one ('TEMPLATE' after the flags) or load one first ('load FILE')."));
    }

    /**
     * What the flags ask for, as the runtime takes it, over the session's defaults (the shell's {@code set}
     * variables and var files, which come first so the flags win; see {@link TemplateDefaults}).
     */
    TemplateRequest request(Session session) {
        TemplateDefaults defaults = session.defaults();
        List<Path> files = new ArrayList<>(defaults.varFiles());
        files.addAll(varFiles);
        Map<String, String> values = new LinkedHashMap<>(defaults.variables());
        values.putAll(variables());
        return new TemplateRequest(file(session), files, values, only, except);
    }

    /** The {@code -var} values as a map; the last one for a key wins. */
    Map<String, String> variables() {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : vars) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("-var: '" + pair + "' must look like KEY=VALUE.");
            }
            values.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return values;
    }
}
