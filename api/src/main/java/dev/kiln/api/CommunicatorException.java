package dev.kiln.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * A command or transfer through a {@link Communicator} failed.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public class CommunicatorException extends KilnException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, never null
     * @param cause the cause, may be null
     */
    public CommunicatorException(String message, Throwable cause) {
        super(message, cause);
    }
}
