package dev.kiln.docker.engine;

/**
 * Receives what the engine reports while it pushes an image. Called on a driver thread.
 */
public interface PushListener {

    /**
     * A status line worth showing, e.g. {@code 4abcf2066143: Pushed} or {@code 1: digest: sha256:... size: 527}.
     *
     * @param line the line, never null
     */
    void status(String line);

    /**
     * Progress of one layer's upload.
     *
     * @param task e.g. {@code Pushing 4abcf2066143}
     * @param done bytes done
     * @param total bytes in all, or -1 when unknown
     */
    default void progress(String task, long done, long total) {
    }
}
