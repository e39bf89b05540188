package dev.kiln.docker.engine;

import dev.kiln.api.Durations;
import java.time.Duration;

/**
 * A quick request that the engine did not answer within {@link EngineRef#timeout()} (see {@link EngineTransport}).
 * {@link EngineErrors} turns it into the message of the call that failed; its own message names the engine and says
 * what to do.
 */
final class EngineTimeoutException extends RuntimeException {

    private final Duration limit;

    EngineTimeoutException(EngineRef endpoint, Duration limit, boolean afterCancel) {
        super(describe(endpoint.host(), limit, afterCancel));
        this.limit = limit;
    }

    /** @return how long the request waited, as Go prints it, e.g. {@code 1m0s} */
    String limitText() {
        return Durations.format(limit);
    }

    private static String describe(String host, Duration limit, boolean afterCancel) {
        String within = Durations.format(limit);
        return afterCancel
                ? "the Docker engine at '" + host + "' did not answer within " + within + " of the cancel"
                : "the Docker engine at '" + host + "' did not answer within " + within + "; check that it is "
                        + "running and healthy ('docker info'), or set " + EngineRef.TIMEOUT_VARIABLE
                        + " to wait longer";
    }
}
