package dev.kiln.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Opens {@link Communicator} connections of one type, e.g. {@code "docker"}.
 *
 * <p>Builders do not construct communicators themselves: they ask {@link BuildContext#connect} for a type, and the
 * runtime finds the factory in its registry, binds the settings to {@link #configType()} and calls
 * {@link #connect}. A third party can so replace or add a communicator without touching the builder.
 *
 * @param <C> the connection settings record
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface CommunicatorFactory<C extends Record> extends Component<C> {

    /**
     * Opens a connection.
     *
     * @param context the build's services, never null
     * @param config the validated settings, never null
     * @return an open communicator; the caller closes it
     * @throws InterruptedException when cancelled
     * @throws KilnException when the machine cannot be reached
     */
    Communicator connect(ComponentContext context, C config) throws InterruptedException;
}
