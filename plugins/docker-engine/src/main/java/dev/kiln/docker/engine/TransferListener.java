package dev.kiln.docker.engine;

import dev.kiln.api.Ui;

/**
 * Receives what the engine reports while it pulls or pushes an image. Called on a driver thread.
 */
public interface TransferListener {

    /**
     * A status line worth showing, e.g. {@code 4abcf2066143: Pull complete}, {@code 4abcf2066143: Pushed} or
     * {@code Status: Downloaded newer image for x}.
     *
     * @param line the line, never null
     */
    void status(String line);

    /**
     * Progress of one layer's download, extraction or upload.
     *
     * @param task e.g. {@code Downloading 4abcf2066143} or {@code Pushing 4abcf2066143}
     * @param done bytes done
     * @param total bytes in all, or -1 when unknown
     */
    default void progress(String task, long done, long total) {
    }

    /**
     * Shows status lines as details and progress as progress on {@code ui}, as pulls and pushes in a build do.
     *
     * @param ui where the build's output goes
     * @return the listener
     */
    static TransferListener to(Ui ui) {
        return new TransferListener() {
            @Override
            public void status(String line) {
                ui.detail(line);
            }

            @Override
            public void progress(String task, long done, long total) {
                ui.progress(task, done, total);
            }
        };
    }
}
