package dev.kiln.runtime.frontend.hcl;

import dev.kiln.runtime.frontend.TemplateInput;
import dev.kiln.runtime.frontend.hcl.eval.EvalContext;
import dev.kiln.runtime.frontend.hcl.syntax.HclFile;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the HCL2 front end keeps of a loaded template for its resolver: the evaluation context with {@code var},
 * {@code local}, {@code path} and {@code packer}, and each build's source.
 *
 * @param input what was loaded
 * @param rootDir the template's folder ({@code path.root})
 * @param context the context component bodies are evaluated in (before {@code source} and {@code build})
 * @param builds each build's source and build block, by build name
 * @param files the parsed template files, for the source lines of problems
 */
record HclTemplate(TemplateInput input, Path rootDir, EvalContext context, Map<String, BuildInfo> builds,
                   List<HclFile> files) {
    HclTemplate {
        builds = Map.copyOf(builds);
        files = List.copyOf(files);
    }

    /** Makes the problems of component bodies, with their source lines. */
    HclProblems problems() {
        return new HclProblems(files);
    }

    BuildInfo buildInfo(String buildName) {
        return builds.get(buildName);
    }

    /**
     * Where one build comes from.
     *
     * @param sourceType the source's type
     * @param sourceName the source's name as the build names it
     * @param buildBlockName the build block's {@code name}, or null
     */
    record BuildInfo(String sourceType, String sourceName, String buildBlockName) {
    }
}
