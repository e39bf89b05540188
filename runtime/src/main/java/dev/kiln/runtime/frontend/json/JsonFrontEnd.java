package dev.kiln.runtime.frontend.json;

import dev.kiln.runtime.frontend.BuildModel;
import dev.kiln.runtime.frontend.ComponentSpec;
import dev.kiln.runtime.frontend.FrontEnds;
import dev.kiln.runtime.frontend.TemplateException;
import dev.kiln.runtime.frontend.TemplateFrontEnd;
import dev.kiln.runtime.frontend.TemplateInput;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /** The types of the template's blocks; Packer interpolates no {@code type}, so they are as written. */
    @Override
    public Optional<Set<String>> components(TemplateInput input) {
        Template template;
        try {
            template = new TemplateParser().parse(input.template());
        } catch (TemplateException e) {
            return Optional.empty();
        }
        Set<String> components = new LinkedHashSet<>();
        template.builders().forEach(b -> components.add(ComponentSpec.BUILDER + " " + b.type()));
        template.provisioners().forEach(p -> components.add(ComponentSpec.PROVISIONER + " " + p.type()));
        if (template.errorCleanupProvisioner() != null) {
            components.add(ComponentSpec.PROVISIONER + " " + template.errorCleanupProvisioner().type());
        }
        template.postProcessors().forEach(chain -> chain.forEach(
                p -> components.add(ComponentSpec.POST_PROCESSOR + " " + p.type())));
        return Optional.of(components);
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
