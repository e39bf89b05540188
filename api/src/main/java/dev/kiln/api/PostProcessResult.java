package dev.kiln.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What a {@link PostProcessor} made, and what should happen to its input.
 *
 * <p>The template's {@code keep_input_artifact} overrides {@code keepInput}, unless {@code keepInputForced} is true
 * and the input must be kept (docker-tag forces it: a tag is worthless without its image).
 *
 * <p>What happens to each, once every post-processor sequence of the build has run:
 * <ul>
 *   <li>{@code artifact} is passed to the next post-processor of the sequence, or, at the end of the sequence, is one
 *       of the build's results. The runtime never destroys a result.</li>
 *   <li>The input is a result too when it is kept. When it is not kept, the runtime calls its
 *       {@link Artifact#destroy()}, unless it is also a result of this build: the same object, or an artifact with
 *       the same non-empty {@link Artifact#id()}. So a post-processor that passes its input on unchanged
 *       ({@code new PostProcessResult(input, false, false)}) never deletes what it returns.</li>
 *   <li>When a post-processor fails or the build is cancelled, the builder's artifact and whatever the failed
 *       sequence made so far are kept and reported.</li>
 * </ul>
 *
 * @param artifact the new artifact, never null (return the input to pass it on unchanged)
 * @param keepInput whether the input artifact is kept when the template does not say
 * @param keepInputForced whether {@code keepInput == true} wins over the template's {@code keep_input_artifact: false}
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record PostProcessResult(Artifact artifact, boolean keepInput, boolean keepInputForced) {

    /** Checks that an artifact is given. */
    public PostProcessResult {
        Objects.requireNonNull(artifact, "artifact");
    }
}
