package dev.kiln.runtime.frontend;

import java.nio.file.Path;
import java.util.List;

/**
 * Stands in for the HCL2 front end until it exists: accepts what HCL2 reads ({@link FrontEnds#isHcl2}) and reports
 * that it cannot read it, at the template, rather than reading it as JSON and failing on its first word.
 */
public final class UnsupportedHclFrontEnd implements TemplateFrontEnd {

    /** Creates the stand-in. */
    public UnsupportedHclFrontEnd() {
    }

    @Override
    public String format() {
        return "HCL2";
    }

    @Override
    public boolean accepts(Path template) {
        return FrontEnds.isHcl2(template);
    }

    /** @throws TemplateException always: {@code HCL2 templates are not supported yet: FILE} */
    @Override
    public BuildModel load(TemplateInput input) {
        String file = input.template().toString();
        throw new TemplateException(List.of(new TemplateProblem(SourcePosition.of(file), "",
                "HCL2 templates are not supported yet: " + file)));
    }
}
