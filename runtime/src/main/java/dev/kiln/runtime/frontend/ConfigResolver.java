package dev.kiln.runtime.frontend;

import java.util.List;

/**
 * Resolves component configs for builds: what the planner asks a {@link BuildModel} for, one resolver per plan (a
 * resolver may keep what the plan's resolutions share, such as a limit on their total size). Front ends interpolate
 * or evaluate here: Packer JSON renders its Go templates, HCL2 evaluates its expressions. Not thread-safe.
 */
public interface ConfigResolver {

    /**
     * The config of {@code component} as the build {@code build} sees it (its override for that build merged in),
     * every value resolved that can be: values still to be filled by the component itself (such as
     * {@code {{.Image}}}) stay as written.
     *
     * @param component a component of {@code build}, from the same model
     * @param build the build
     * @return the resolved tree, the problems found resolving it, and where each key is
     */
    ResolvedConfig resolve(ComponentSpec component, BuildSpec build);

    /**
     * The runtime's own settings of {@code component} for {@code build}, typed: {@code pause_before},
     * {@code timeout} and {@code max_retries} (zero when absent). A value that cannot be read is added to
     * {@code problems} (at the option's position) and counts as absent; one that uses a variable whose value is not
     * known is no problem of its own.
     */
    RuntimeSettings settings(ComponentSpec component, BuildSpec build, List<TemplateProblem> problems);

    /** How the components of {@code build} render their own fields while it runs (e.g. {@code {{.Path}}}). */
    Interpolation interpolation(BuildSpec build);

    /**
     * {@code problem} with the {@link TemplateProblem#report() report} the format prints for it, for problems found
     * after resolving (binding options, a component's own checks) and the model's; formats that print problems on
     * one line return it unchanged.
     *
     * @param warning whether it is a warning rather than an error
     */
    default TemplateProblem report(TemplateProblem problem, boolean warning) {
        return problem;
    }
}
