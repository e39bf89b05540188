package dev.kiln.docker.engine;

/**
 * An engine request that ended because the work it belongs to was cancelled: the wait was cut short, or the request's
 * connection was closed under it (see {@link EngineTransport}).
 */
final class EngineCallCancelledException extends RuntimeException {

    EngineCallCancelledException(Throwable cause) {
        super("the request was cancelled", cause);
    }
}
