package dev.kiln.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.kiln.api.step.Step;
import dev.kiln.api.step.StepRunner;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * What the runtime offers a {@link Builder} during {@link Builder#build}.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface BuildContext extends ComponentContext {

    /**
     * Runs steps with cleanup, cancellation and {@code -on-error} handled by the runtime.
     *
     * @return the runner, never null
     */
    StepRunner steps();

    /**
     * A step that runs the template's provisioners for this build through the communicator an earlier step put
     * under {@link dev.kiln.api.step.StateKeys#COMMUNICATOR}.
     *
     * @return the step, never null
     */
    Step provisionStep();

    /**
     * Opens a communicator of the given type, found in the registry like every component.
     *
     * @param type the communicator type, e.g. {@code "docker"}
     * @param settings the connection settings, bound to the factory's config record (snake_case keys)
     * @return an open communicator; the caller closes it
     * @throws InterruptedException when cancelled
     * @throws KilnException when no such communicator exists or it cannot connect
     */
    Communicator connect(String type, Map<String, ?> settings) throws InterruptedException;
}
