package dev.kiln.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * A pluggable part of a build, configured by one block of the template.
 *
 * <p>Implementations are {@code public final}, have a public no-argument constructor, keep no mutable state and do no
 * work when constructed: the runtime creates every component just to list them. One instance serves every build,
 * concurrently, so per-build state belongs in steps and the {@link dev.kiln.api.step.StateBag}.
 *
 * @param <C> the record this component's template block is bound to
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface Component<C extends Record> {

    /**
     * The name templates use for this component, e.g. {@code "docker-tag"}.
     *
     * @return a lower-case kebab name, never null
     */
    String type();

    /**
     * The record this component's template block is bound to, with Packer's snake_case keys mapped to the record's
     * camelCase components. Unknown keys are errors.
     *
     * @return the config record class, never null
     */
    Class<C> configType();

    /**
     * Checks {@code config} without side effects: no engine calls, no files written.
     *
     * <p>Called by the runtime on the calling thread before any build starts; every problem from every component is
     * reported together.
     *
     * @param config the bound config, never null
     * @return every problem found, each phrased for the template's author; empty when the config is usable
     */
    default List<String> validate(C config) {
        return List.of();
    }

    /**
     * Checks {@code config} as {@link #validate} does, naming the option each finding is about and telling errors from
     * warnings, so that the runtime places each at its option's line and column and shows warnings before the build
     * (in {@code validate} too) instead of during it.
     *
     * <p>Same contract as {@link #validate}: no side effects, called before any build starts. The default turns each
     * message of {@link #validate} into an error about the block as a whole; override this method instead of
     * {@code validate} to say more. The runtime calls only this method.
     *
     * @param config the bound config, never null
     * @return every finding; empty when the config is usable and there is nothing to tell
     * @since 0.1
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    default List<ConfigProblem> check(C config) {
        return validate(config).stream().map(message -> ConfigProblem.error(null, message)).toList();
    }

    /**
     * Options that templates written for Packer set and that this component accepts but does not use, each with the
     * reason. The runtime takes matching keys out of the block before binding, so they are not unknown options, and
     * warns once per block and reason, naming the keys it found, before the build starts and in {@code validate}.
     *
     * <p>A pattern is an exact option name ({@code "container_dir"}) or a prefix ending in {@code *}
     * ({@code "ssh_*"}). The reason completes the sentence "options a, b are ignored: ...".
     *
     * @return patterns mapped to why they are ignored; empty by default, never null
     * @since 0.1
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    default Map<String, String> ignoredOptions() {
        return Map.of();
    }

    /**
     * The local files this component reads, as the template names them (relative paths are against the working
     * directory), e.g. a provisioner's scripts. With the template and its var files they are the build's inputs, which
     * no {@link #localOutputs output} of the build may overwrite: the runtime refuses such a template before anything
     * runs.
     *
     * @param config the bound config, never null
     * @return the paths, empty by default, never null
     * @since 0.1
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    default List<String> localInputs(C config) {
        return List.of();
    }

    /**
     * The local files this component writes, by the option that names each (e.g. {@code export_path}), so the runtime
     * can refuse, at that option's line and column, an output that would overwrite one of the build's inputs (the
     * template itself, a var file, a script). A path still holding template syntax ({@code {{.BuildName}}}), which the
     * component renders itself later, is not checked.
     *
     * @param config the bound config, never null
     * @return option names mapped to paths, empty by default, never null
     * @since 0.1
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    default Map<String, String> localOutputs(C config) {
        return Map.of();
    }
}
