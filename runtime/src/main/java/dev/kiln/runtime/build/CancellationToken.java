package dev.kiln.runtime.build;

import dev.kiln.api.Cancellation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The runtime's {@link Cancellation}: cancelled once, by {@link #cancel()} or by its parent; a child (a provisioner
 * under a {@code timeout}) can be cancelled alone. Cancelling closes every registered action, newest first.
 */
final class CancellationToken implements Cancellation {

    private final Set<AutoCloseable> actions = new LinkedHashSet<>();
    private boolean cancelled;

    /** A token of its own, cancelled only by {@link #cancel()}. */
    CancellationToken() {
    }

    /**
     * A token cancelled with this one, or alone; close the returned scope's registration when the child's work ends.
     *
     * @return the child
     */
    Child child() {
        CancellationToken child = new CancellationToken();
        Registration link = onCancel(child::cancel);
        return new Child(child, link);
    }

    /** A child token and its link to the parent; closing it unlinks, so the parent does not keep it. */
    record Child(CancellationToken token, Registration link) implements AutoCloseable {
        @Override
        public void close() {
            link.close();
        }
    }

    /** Cancels: from now on {@link #isCancelled()} is true, and every registered action is closed. */
    void cancel() {
        List<AutoCloseable> toClose;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toClose = new ArrayList<>(actions);
            actions.clear();
        }
        for (int i = toClose.size() - 1; i >= 0; i--) {
            closeQuietly(toClose.get(i));
        }
    }

    @Override
    public synchronized boolean isCancelled() {
        return cancelled;
    }

    @Override
    public Registration onCancel(AutoCloseable action) {
        synchronized (this) {
            if (!cancelled) {
                actions.add(action);
                return () -> {
                    synchronized (CancellationToken.this) {
                        actions.remove(action);
                    }
                };
            }
        }
        closeQuietly(action);
        return () -> { };
    }

    private static void closeQuietly(AutoCloseable action) {
        try {
            action.close();
        } catch (Exception e) {
            // a stream that is already broken: cancelling goes on
        }
    }
}
