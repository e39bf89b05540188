package dev.kiln.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * A template or configuration value is wrong; the user fixes it by editing the template or a variable.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public class ConfigException extends KilnException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and how to fix it, never null
     */
    public ConfigException(String message) {
        super(message);
    }
}
