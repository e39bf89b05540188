package dev.kiln.runtime.frontend;

import java.nio.file.Path;
import java.util.List;

/**
 * A stand-in HCL2 front end for the chooser's tests: accepts what HCL2 reads ({@link FrontEnds#isHcl2}) and reports
 * that it cannot read it, at the template, so a test sees which front end a path reached. (It was the HCL2 slot
 * until {@code HclFrontEnd} came.)
 */
final class UnsupportedHclFrontEnd implements TemplateFrontEnd {

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
