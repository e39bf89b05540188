package dev.kiln.docker.engine;

/**
 * Receives what the engine reports while it pulls an image. Called on a driver thread.
 */
public interface PullListener {

    /**
     * A status line worth showing, e.g. {@code Digest: sha256:...} or {@code Status: Downloaded newer image for x}.
     *
     * @param line the line, never null
     */
    void status(String line);

    /**
     * Progress of one layer's download or extraction.
     *
     * @param task e.g. {@code Downloading 4abcf2066143}
     * @param done bytes done
     * @param total bytes in all, or -1 when unknown
     */
    default void progress(String task, long done, long total) {
    }
}
