/**
 * The template front-end seam: how templates of every format reach planning and building.
 *
 * <p>A {@link dev.kiln.runtime.frontend.TemplateFrontEnd} reads a template and its variable inputs
 * ({@link dev.kiln.runtime.frontend.TemplateInput}) into the neutral
 * {@link dev.kiln.runtime.frontend.BuildModel}: the declared variables, and the builds, each with its builder,
 * provisioners and post-processor chains as {@link dev.kiln.runtime.frontend.ComponentSpec}s (kind, type, name,
 * position, {@code only}/{@code except}, {@code keep_input_artifact}). {@link dev.kiln.runtime.frontend.FrontEnds}
 * chooses the front end by the template's name, as Packer 1.6.6 does: a folder, {@code *.pkr.hcl} and
 * {@code *.pkr.json} are HCL2, everything else Packer JSON.
 *
 * <p>The planner asks the model for a {@link dev.kiln.runtime.frontend.ConfigResolver} (one per plan) and gets from
 * it, for each component of each build, a {@link dev.kiln.runtime.frontend.ResolvedConfig}: a plain value tree with
 * a position for every key path, which the binder binds to the component's record; the front end does its own
 * interpolation or evaluation there, and types the runtime's settings ({@code pause_before}, {@code timeout},
 * {@code max_retries}) as {@link dev.kiln.runtime.frontend.RuntimeSettings}.
 *
 * <p>Problems with positions ({@link dev.kiln.runtime.frontend.TemplateProblem},
 * {@link dev.kiln.runtime.frontend.TemplateException}, {@link dev.kiln.runtime.frontend.SourcePosition}) and
 * suggestions by edit distance are shared by every front end. This package knows no front end: they depend on it.
 */
package dev.kiln.runtime.frontend;
