package dev.kiln.runtime.frontend;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Chooses the front end that reads a template, by its name, as Packer 1.6.6 does: a folder, a {@code .pkr.hcl} or
 * a {@code .pkr.json} file is HCL2; anything else is Packer JSON, whatever its suffix ({@code packer validate
 * template.txt} reads the file as JSON too).
 *
 * <pre>{@code
 * BuildModel model = FrontEnds.of(new JsonFrontEnd(), new HclFrontEnd()).load(input);
 * }</pre>
 *
 * Thread-safe.
 */
public final class FrontEnds {

    private final TemplateFrontEnd json;
    private final TemplateFrontEnd hcl;

    private FrontEnds(TemplateFrontEnd json, TemplateFrontEnd hcl) {
        this.json = Objects.requireNonNull(json, "json");
        this.hcl = Objects.requireNonNull(hcl, "hcl");
    }

    /**
     * The chooser over {@code json} (Packer JSON) and {@code hcl} (HCL2).
     *
     * @param json reads every template that is not HCL2
     * @param hcl reads folders, {@code *.pkr.hcl} and {@code *.pkr.json}
     */
    public static FrontEnds of(TemplateFrontEnd json, TemplateFrontEnd hcl) {
        return new FrontEnds(json, hcl);
    }

    /** Whether {@code template} is read as HCL2: a folder, or a file named {@code *.pkr.hcl} or {@code *.pkr.json}. */
    public static boolean isHcl2(Path template) {
        if (Files.isDirectory(template)) {
            return true;
        }
        Path name = template.getFileName();
        String text = name == null ? "" : name.toString();
        return text.endsWith(".pkr.hcl") || text.endsWith(".pkr.json");
    }

    /** The front end that reads {@code template} (resolved against the working directory already). */
    public TemplateFrontEnd choose(Path template) {
        return isHcl2(template) ? hcl : json;
    }

    /** Both front ends: Packer JSON first. */
    public List<TemplateFrontEnd> all() {
        return List.of(json, hcl);
    }

    /**
     * Reads {@code input} with the front end its template's name chooses.
     *
     * @throws TemplateException with every problem found when the template cannot be read
     */
    public BuildModel load(TemplateInput input) {
        return choose(input.template()).load(input);
    }
}
