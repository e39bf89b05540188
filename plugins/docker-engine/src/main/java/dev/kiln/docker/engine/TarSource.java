package dev.kiln.docker.engine;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a tar stream; the driver streams what it writes to the engine while it writes, so nothing is buffered whole.
 *
 * <p>Called on the caller's thread. It should check for interruption between large chunks.
 */
@FunctionalInterface
public interface TarSource {

    /**
     * Writes the whole archive to {@code out}; the driver closes {@code out} afterwards.
     *
     * @param out where to write, never null
     * @throws IOException when writing fails
     * @throws InterruptedException when cancelled
     */
    void writeTo(OutputStream out) throws IOException, InterruptedException;
}
