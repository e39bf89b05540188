package dev.kiln.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Whether the work a component is doing has been cancelled: by Ctrl-C or SIGTERM, by the shell's cancel, or by a
 * provisioner's {@code timeout}. Not the thread's interrupt bit, which any library may clear or swallow: a token the
 * runtime cancels once and that stays cancelled.
 *
 * <p>Code that blocks in something an interrupt does not end (a socket read, a stalled stream) registers it with
 * {@link #onCancel}, so a cancel closes it at once:
 *
 * <pre>{@code
 * try (Cancellation.Registration closing = Cancellation.current().onCancel(response)) {
 *     response.transferTo(out);    // a cancel closes the response: the read ends with an IOException
 * }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface Cancellation {

    /** A cancellation that never happens, for work outside a build. */
    Cancellation NONE = new Cancellation() {
        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public Registration onCancel(AutoCloseable action) {
            return () -> { };
        }
    };

    /**
     * Whether cancellation has begun; it never ends.
     *
     * @return true once cancelled
     */
    boolean isCancelled();

    /**
     * Closes {@code action} when cancellation begins, from the cancelling thread, or at once when it has begun.
     * Failures to close are ignored.
     *
     * @param action what to close, e.g. a stream or a socket
     * @return closing it forgets {@code action}: call that when the work ended normally
     */
    Registration onCancel(AutoCloseable action);

    /** A registered action; closing it unregisters the action (it is then never closed by a cancel). */
    @FunctionalInterface
    interface Registration extends AutoCloseable {
        /** Forgets the action. */
        @Override
        void close();
    }

    /**
     * The cancellation of the component call this thread runs: the build's, or a provisioner's own under a
     * {@code timeout}. Driver-level code with no context at hand uses it.
     *
     * @return the token, or {@link #NONE} on a thread outside any build
     */
    static Cancellation current() {
        Cancellation bound = Binding.CURRENT.get();
        return bound == null ? NONE : bound;
    }

    /**
     * Makes {@code cancellation} this thread's {@link #current()} until the returned scope is closed, which restores
     * the previous one. For the runtime, which binds a build's token to the threads that run it.
     *
     * @param cancellation the token to bind
     * @return closing it unbinds
     */
    @API(status = INTERNAL, since = "0.1")
    static Registration bind(Cancellation cancellation) {
        Objects.requireNonNull(cancellation, "cancellation");
        Cancellation previous = Binding.CURRENT.get();
        Binding.CURRENT.set(cancellation);
        return () -> {
            if (previous == null) {
                Binding.CURRENT.remove();
            } else {
                Binding.CURRENT.set(previous);
            }
        };
    }
}

/** Holds {@link Cancellation#current()}; not part of the API. */
final class Binding {
    static final ThreadLocal<Cancellation> CURRENT = new ThreadLocal<>();

    private Binding() {
    }
}
