package dev.kiln.runtime.frontend.hcl;

import dev.kiln.runtime.frontend.BuildModel;
import dev.kiln.runtime.frontend.FrontEnds;
import dev.kiln.runtime.frontend.TemplateException;
import dev.kiln.runtime.frontend.TemplateFrontEnd;
import dev.kiln.runtime.frontend.TemplateInput;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * HCL2 templates: a {@code *.pkr.hcl} or {@code *.pkr.json} file, or a folder whose {@code *.pkr.hcl} files and then
 * {@code *.pkr.json} files (each sorted by name) make one template, with {@code *.auto.pkrvars.hcl} and {@code
 * *.auto.pkrvars.json} of that folder. {@link HclLoader} reads the blocks ({@code packer}, {@code variable}, {@code
 * variables}, {@code locals}, {@code local}, {@code source}, {@code build}) and the variable inputs; the model's
 * resolver evaluates each component body per build. {@code data} blocks are reported as not supported yet. Stateless
 * and thread-safe.
 */
public final class HclFrontEnd implements TemplateFrontEnd {
    /** Creates the front end. */
    public HclFrontEnd() {
    }

    @Override
    public String format() {
        return "HCL2";
    }

    @Override
    public boolean accepts(Path template) {
        return FrontEnds.isHcl2(template);
    }

    /** The types of the {@code source} blocks and of the components in the {@code build} blocks. */
    @Override
    public Optional<Set<String>> components(TemplateInput input) {
        try {
            return new HclLoader(input).components();
        } catch (TemplateException e) {
            return Optional.empty();
        }
    }

    /**
     * Reads the template.
     *
     * @throws TemplateException with every syntax error when a file cannot be parsed, or when the template is a
     *     folder without {@code .pkr.hcl} and {@code .pkr.json} files
     */
    @Override
    public BuildModel load(TemplateInput input) {
        return new HclLoader(input).load();
    }
}
