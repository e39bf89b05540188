package dev.kiln.runtime.frontend.json;

import dev.kiln.runtime.frontend.BuildModel;
import dev.kiln.runtime.frontend.FrontEnds;
import dev.kiln.runtime.frontend.TemplateFrontEnd;
import dev.kiln.runtime.frontend.TemplateInput;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Packer JSON templates ({@code *.json}, and any other name that is not HCL2's, as Packer 1.6.6 reads
 * {@code template.txt}): {@link TemplateParser} reads the file, {@link Variables} resolves the user variables
 * ({@code -var-file}s in order, then {@code -var}s over all of them), and the model's {@link JsonConfigResolver}
 * renders the Go templates of each block for each build. Stateless and thread-safe.
 */
public final class JsonFrontEnd implements TemplateFrontEnd {

    /** Creates the front end. */
    public JsonFrontEnd() {
    }

    @Override
    public String format() {
        return "JSON";
    }

    @Override
    public boolean accepts(Path template) {
        return !FrontEnds.isHcl2(template);
    }

    @Override
    public BuildModel load(TemplateInput input) {
        return read(input).model();
    }

    /**
     * Reads {@code input} into the JSON front end's own form, from which {@link LoadedTemplate#model()} makes the
     * neutral model.
     *
     * @throws dev.kiln.runtime.frontend.TemplateException with every problem when the file cannot be read
     */
    public LoadedTemplate read(TemplateInput input) {
        Path file = input.template();
        Template template = new TemplateParser().parse(file);
        RenderContext base = new RenderContext(Map.of(), true, input.environment(), "", "",
                file.toAbsolutePath().getParent(), input.workingDir(), input.now(), input.kilnVersion(), Map.of(),
                false);
        Map<String, String> vars = new LinkedHashMap<>();
        input.vars().forEach(v -> vars.put(v.name(), v.value()));
        List<Path> varFiles = input.varFiles();
        Variables.Resolution resolved = Variables.resolveAll(template, varFiles, vars, base);
        Set<String> sensitive = Variables.sensitiveValues(template, resolved.values());
        return new LoadedTemplate(template, resolved.values(), sensitive, input.environment(), input.workingDir(),
                input.now(), input.kilnVersion(), resolved.unknown(), resolved.problems(), varFiles);
    }
}
