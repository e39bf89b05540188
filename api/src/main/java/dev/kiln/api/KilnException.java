package dev.kiln.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * The root of Kiln's unchecked exceptions. Its message is shown to the user as it is, so it says what failed, the
 * offending value in single quotes, why, and what to do; never a secret.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public class KilnException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message for the user.
     *
     * @param message the message, never null
     */
    public KilnException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message for the user and the underlying cause.
     *
     * @param message the message, never null
     * @param cause the cause, may be null
     */
    public KilnException(String message, Throwable cause) {
        super(message, cause);
    }
}
