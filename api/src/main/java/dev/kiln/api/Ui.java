package dev.kiln.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The only way components talk to the person or program running the build.
 *
 * <p>Each call becomes an event tagged with the build and component; renderers decide how it looks. Thread-safe.
 * Never pass secrets: values of sensitive variables are masked, but nothing else is.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface Ui {

    /**
     * A headline: what the build does now ({@code ==> docker: Committing the container}).
     *
     * @param message the text, never null
     */
    void say(String message);

    /**
     * A detail under the last headline ({@code     docker: Image ID: sha256:…}).
     *
     * @param message the text, never null
     */
    void detail(String message);

    /**
     * Part of a detail line too long to pass on whole, such as a remote command's output line of megabytes: the next
     * {@code detailPart} continues it, and {@link #detail} passes its last part and ends it. Renderers may show each
     * part as a line of its own, but the values of sensitive variables are masked across the parts, so a value that a
     * part boundary cuts in two is still hidden. Pass parts here rather than to {@code detail}, which masks each call
     * on its own.
     *
     * @param part the text, never null
     * @since 0.1
     */
    default void detailPart(String part) {
        detail(part);
    }

    /**
     * Something the user should know that does not stop the build.
     *
     * @param message the text, never null
     */
    void warn(String message);

    /**
     * An error, e.g. a line of a remote command's standard error.
     *
     * @param message the text, never null
     */
    void error(String message);

    /**
     * Part of an error line too long to pass on whole, as {@link #detailPart} is for {@link #detail}: the next
     * {@code errorPart} continues it, and {@link #error} ends it.
     *
     * @param part the text, never null
     * @since 0.1
     */
    default void errorPart(String part) {
        error(part);
    }

    /**
     * Progress of a long task; renderers may show it as a bar or not at all.
     *
     * @param task what is in progress, never null
     * @param done units done so far
     * @param total units in all, or -1 when unknown
     */
    default void progress(String task, long done, long total) {
    }

    /**
     * Asks the person running the build a question.
     *
     * @param prompt the question, never null
     * @return the answer, or empty when nobody can answer (batch runs)
     */
    default Optional<String> ask(String prompt) {
        return Optional.empty();
    }
}
