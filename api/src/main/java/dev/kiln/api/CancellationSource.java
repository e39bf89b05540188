package dev.kiln.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * A {@link Cancellation} its owner cancels: {@link #cancel()} makes {@link #isCancelled()} true for good and closes
 * every registered action, newest first, once. The runtime cancels one per run and per build on Ctrl-C or SIGTERM; a
 * plugin's tests cancel one as the runtime would ({@code TestCancellation} in the api's test jar).
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public class CancellationSource implements Cancellation {

    private final Set<AutoCloseable> actions = new LinkedHashSet<>();
    private boolean cancelled;

    /** Creates a source that is not cancelled. */
    public CancellationSource() {
    }

    /** Cancels: from now on {@link #isCancelled()} is true, and every registered action is closed. */
    public void cancel() {
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
                    synchronized (CancellationSource.this) {
                        actions.remove(action);
                    }
                };
            }
        }
        closeQuietly(action);
        return () -> { };
    }

    /** @return how many actions are registered and not yet closed or forgotten */
    public synchronized int registered() {
        return actions.size();
    }

    private static void closeQuietly(AutoCloseable action) {
        try {
            action.close();
        } catch (Exception e) {
            // a stream that is already broken: cancelling goes on
        }
    }
}
