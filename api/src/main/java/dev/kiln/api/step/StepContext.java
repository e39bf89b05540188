package dev.kiln.api.step;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.kiln.api.Ui;
import org.apiguardian.api.API;

/**
 * What a {@link Step} receives: where to report, and the state shared with the other steps of the build.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface StepContext {

    /**
     * Where the step reports.
     *
     * @return the Ui, never null
     */
    Ui ui();

    /**
     * The values earlier steps produced.
     *
     * @return the build's state, never null
     */
    StateBag state();
}
