package dev.kiln.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Takes an artifact and makes another from it: tags, saves, pushes, imports.
 *
 * @param <C> the config record
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface PostProcessor<C extends Record> extends Component<C> {

    /**
     * Processes {@code artifact}.
     *
     * <p>Called on the build's thread after the builder (or the previous post-processor of the same sequence)
     * produced {@code artifact}.
     *
     * @param context the build's services, never null
     * @param artifact the input artifact, never null
     * @param config the validated config, never null
     * @return the new artifact and whether the input should be kept, never null
     * @throws InterruptedException when cancelled
     * @throws KilnException when it fails, including when it cannot handle this kind of artifact
     */
    PostProcessResult process(PostProcessContext context, Artifact artifact, C config) throws InterruptedException;
}
