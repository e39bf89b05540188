package dev.kiln.api.step;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import org.apiguardian.api.API;

/**
 * Runs steps in order, then their cleanups in reverse, honouring cancellation and {@code -on-error}.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface StepRunner {

    /**
     * Runs {@code steps} and then the cleanup of every step that was entered.
     *
     * @param steps the steps, in order, never null
     * @return the state after the last step, for the builder to read its results from
     * @throws InterruptedException when cancelled; cleanups have run
     * @throws dev.kiln.api.KilnException the first step failure; cleanups have run (unless {@code -on-error=abort})
     */
    StateBag run(List<? extends Step> steps) throws InterruptedException;
}
