package dev.kiln.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Receives a remote command's output, one line at a time, without line terminators.
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
     * A listener that shows standard output with {@link Ui#detail} and standard error with {@link Ui#error}, as
     * Packer does.
     *
     * @param ui where to show the lines, never null
     * @return the listener
     */
    static OutputListener to(Ui ui) {
        return new OutputListener() {
            @Override public void stdout(String line) { ui.detail(line); }
            @Override public void stderr(String line) { ui.error(line); }
        };
    }
}
