package dev.kiln.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Creates a machine image (here: a container image) and describes what it made.
 *
 * @param <C> the config record
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface Builder<C extends Record> extends Component<C> {

    /**
     * Runs the build.
     *
     * <p>Called once per build on that build's own thread, after {@link #validate} found no problem. The builder runs
     * its steps through {@link BuildContext#steps()} and places {@link BuildContext#provisionStep()} where the
     * template's provisioners should run. Cancellation interrupts the thread.
     *
     * @param context what the runtime offers this build, never null
     * @param config the validated config, never null
     * @return the artifact, never null
     * @throws InterruptedException when the build is cancelled; cleanups have run by then
     * @throws KilnException when the build fails; cleanups have run by then
     */
    Artifact build(BuildContext context, C config) throws InterruptedException;
}
