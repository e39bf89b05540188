package dev.kiln.runtime.frontend;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one template format (Packer JSON, HCL2) into the neutral {@link BuildModel} that planning and building use.
 * {@link FrontEnds} chooses one by file name. Implementations are stateless and thread-safe.
 */
public interface TemplateFrontEnd {

    /** The format's name as {@code inspect} shows it, e.g. {@code "JSON"} or {@code "HCL2"}. */
    String format();

    /** Whether this front end reads {@code template} (a file or a folder), going by its name. */
    boolean accepts(Path template);

    /**
     * The components the template names, as {@code "kind type"} ({@code "builder docker"}), from its syntax alone:
     * no variables resolved, nothing evaluated, so that the plugins a command needs can load while the rest of the
     * start-up goes on. It may name more than the builds use (a source no build takes), never fewer.
     *
     * @return the components, or empty when the syntax cannot tell (a file that does not parse, a {@code dynamic}
     *     block that makes components): then only reading the template does
     */
    default Optional<Set<String>> components(TemplateInput input) {
        return Optional.empty();
    }

    /**
     * Reads the template and resolves its variables. Problems of the variables (a required one not set, a bad var
     * file) do not stop the load: they are in {@link BuildModel#problems()}, so they are reported together with
     * everything planning finds.
     *
     * @param input the template and its variable inputs
     * @return the model, never null
     * @throws TemplateException with every problem found when the template itself cannot be read
     */
    BuildModel load(TemplateInput input);
}
