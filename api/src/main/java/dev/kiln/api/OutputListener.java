package dev.kiln.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Receives a remote command's output, one line at a time, without line terminators.
 *
 * <p>A communicator that bounds the memory a line may take passes an over-long line on in parts: {@code stdoutPart}
 * for each part but the last, then {@code stdout} with the last part, which ends the line (Kiln's docker
 * communicator does so for lines over 64 KiB). A listener that shows output passes parts on to
 * {@link Ui#detailPart}/{@link Ui#errorPart}, so that a sensitive value cut in two by a part boundary is still
 * masked; by default a part is handled as a line of its own.
 *
 * <p>Called on a communicator's thread; implementations must be thread-safe.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface OutputListener {

    /**
     * One line of standard output.
     *
     * @param line the line, never null
     */
    void stdout(String line);

    /**
     * One line of standard error.
     *
     * @param line the line, never null
     */
    void stderr(String line);

    /**
     * Part of a line of standard output too long to pass on whole; the next {@code stdoutPart} or {@link #stdout}
     * call continues it, and {@code stdout} ends it.
     *
     * @param part the text, never null
     * @since 0.1
     */
    default void stdoutPart(String part) {
        stdout(part);
    }

    /**
     * Part of a line of standard error too long to pass on whole; the next {@code stderrPart} or {@link #stderr}
     * call continues it, and {@code stderr} ends it.
     *
     * @param part the text, never null
     * @since 0.1
     */
    default void stderrPart(String part) {
        stderr(part);
    }

    /**
     * A listener that shows standard output with {@link Ui#detail} and standard error with {@link Ui#error}, as
     * Packer does; the parts of an over-long line go to {@link Ui#detailPart} and {@link Ui#errorPart}.
     *
     * @param ui where to show the lines, never null
     * @return the listener
     */
    static OutputListener to(Ui ui) {
        return new OutputListener() {
            @Override public void stdout(String line) { ui.detail(line); }
            @Override public void stderr(String line) { ui.error(line); }
            @Override public void stdoutPart(String part) { ui.detailPart(part); }
            @Override public void stderrPart(String part) { ui.errorPart(part); }
        };
    }
}
