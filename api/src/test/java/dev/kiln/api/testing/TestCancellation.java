package dev.kiln.api.testing;

import dev.kiln.api.Cancellation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link Cancellation} a test cancels, as the runtime does on Ctrl-C: {@link #cancel()} closes what was registered.
 * Bind it to the test's thread with {@link Cancellation#bind} to test code that uses {@link Cancellation#current()}.
 *
 * <pre>{@code
 * TestCancellation cancellation = new TestCancellation();
 * try (var bound = Cancellation.bind(cancellation)) {
 *     ... start the blocking work, cancel from another thread ...
 * }
 * }</pre>
 */
public final class TestCancellation implements Cancellation {

    private final Set<AutoCloseable> actions = new LinkedHashSet<>();
    private boolean cancelled;

    /** Cancels: closes every registered action, newest first. */
    public void cancel() {
        List<AutoCloseable> toClose;
        synchronized (this) {
            cancelled = true;
            toClose = new ArrayList<>(actions);
            actions.clear();
        }
        for (int i = toClose.size() - 1; i >= 0; i--) {
            close(toClose.get(i));
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
                    synchronized (TestCancellation.this) {
                        actions.remove(action);
                    }
                };
            }
        }
        close(action);
        return () -> { };
    }

    /** @return how many actions are registered and not yet closed or forgotten */
    public synchronized int registered() {
        return actions.size();
    }

    private static void close(AutoCloseable action) {
        try {
            action.close();
        } catch (Exception e) {
            // as the runtime: a broken stream does not stop the cancel
        }
    }
}
