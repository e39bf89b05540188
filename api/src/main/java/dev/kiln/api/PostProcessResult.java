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
