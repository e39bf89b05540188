package dev.kiln.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Changes the machine being built, through a {@link Communicator}.
 *
 * @param <C> the config record
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface Provisioner<C extends Record> extends Component<C> {

    /**
     * Provisions the machine.
     *
     * <p>Called on the build's thread, in template order, once per attempt ({@code max_retries} calls it again).
     * A {@code timeout} interrupts the thread.
     *
     * @param context the build's services, never null
     * @param communicator the connection to the machine, never null; owned by the builder, do not close it
     * @param config the validated config, never null
     * @throws InterruptedException when cancelled or timed out
     * @throws KilnException when provisioning fails
     */
    void provision(ProvisionContext context, Communicator communicator, C config) throws InterruptedException;
}
