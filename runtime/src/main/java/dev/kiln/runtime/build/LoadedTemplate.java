package dev.kiln.runtime.build;

import dev.kiln.runtime.template.RenderContext;
import dev.kiln.runtime.template.Template;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A parsed template with its user variables resolved.
 *
 * @param template the template
 * @param variables every user variable's value
 * @param sensitiveValues the values to mask in every output
 * @param environment the process environment {@code env} reads
 * @param workingDir what {@code pwd} returns
 * @param now the instant {@code timestamp} and {@code isotime} render, fixed for the run
 * @param kilnVersion what {@code packer_version} returns
 */
public record LoadedTemplate(Template template, Map<String, String> variables, Set<String> sensitiveValues,
                             Map<String, String> environment, Path workingDir, Instant now, String kilnVersion) {

    /** The context a build renders with; lenient keeps dot-fields and generated data for the component to fill. */
    public RenderContext renderContext(String buildName, String buildType, boolean lenient) {
        Path dir = template.file().toAbsolutePath().getParent();
        return new RenderContext(variables, false, environment, buildName, buildType, dir, workingDir, now,
                kilnVersion, Map.of(), lenient);
    }
}
