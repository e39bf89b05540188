package dev.kiln.runtime.frontend;

import java.nio.file.Path;

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
