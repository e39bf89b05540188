package dev.kiln.runtime.build;

import dev.kiln.runtime.discovery.RegisteredComponent;
import dev.kiln.runtime.frontend.Interpolation;
import dev.kiln.runtime.frontend.TemplateProblem;
import java.util.List;

/**
 * One build, ready to run: its builder bound and validated, the provisioners and post-processor sequences that apply
 * to it.
 *
 * @param name the build's name
 * @param builder the builder component
 * @param config its bound config
 * @param provisioners the provisioners that apply, in order
 * @param errorCleanupProvisioner the template's {@code error-cleanup-provisioner}, run when provisioning fails; null
 *     when there is none
 * @param postProcessors the post-processor sequences that apply
 * @param interpolation what components render their own fields with; null renders nothing
 * @param warnings what the build tells its user before it starts (e.g. ignored options), masked already
 * @param componentName the build's name as its components see it, {@link
 *     dev.kiln.runtime.frontend.BuildSpec#componentName()}; null means {@code name}
 */
public record PreparedBuild(String name, RegisteredComponent builder, Record config,
                            List<PreparedComponent> provisioners, PreparedComponent errorCleanupProvisioner,
                            List<List<PreparedComponent>> postProcessors,
                            Interpolation interpolation, List<TemplateProblem> warnings, String componentName) {

    /** Makes the warnings list unmodifiable; null means none. */
    public PreparedBuild {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        interpolation = interpolation == null ? Interpolation.NONE : interpolation;
        componentName = componentName == null ? name : componentName;
    }

    /** A build whose components see its own name. */
    public PreparedBuild(String name, RegisteredComponent builder, Record config,
                         List<PreparedComponent> provisioners, PreparedComponent errorCleanupProvisioner,
                         List<List<PreparedComponent>> postProcessors, Interpolation interpolation,
                         List<TemplateProblem> warnings) {
        this(name, builder, config, provisioners, errorCleanupProvisioner, postProcessors, interpolation, warnings,
                null);
    }

    /** A build without warnings. */
    public PreparedBuild(String name, RegisteredComponent builder, Record config,
                         List<PreparedComponent> provisioners, PreparedComponent errorCleanupProvisioner,
                         List<List<PreparedComponent>> postProcessors, Interpolation interpolation) {
        this(name, builder, config, provisioners, errorCleanupProvisioner, postProcessors, interpolation, List.of());
    }

    /** The builder's type. */
    public String type() {
        return builder.component().type();
    }
}
