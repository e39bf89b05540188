package dev.kiln.api.step;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.kiln.api.Communicator;
import org.apiguardian.api.API;

/**
 * State keys the runtime itself reads.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class StateKeys {

    /** The communicator the {@link dev.kiln.api.BuildContext#provisionStep() provision step} uses. */
    public static final StateKey<Communicator> COMMUNICATOR = StateKey.of("kiln.communicator", Communicator.class);

    /** What the build publishes for {@code {{build `Key`}}}; the runtime puts it in every build's bag. */
    public static final StateKey<GeneratedData> GENERATED_DATA = StateKey.of("kiln.generated-data",
            GeneratedData.class);

    private StateKeys() {
    }
}
