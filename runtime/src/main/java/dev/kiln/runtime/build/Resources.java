package dev.kiln.runtime.build;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The values components share for as long as their scope lasts: one build ({@link
 * dev.kiln.api.ComponentContext#buildResource}) or one session ({@link dev.kiln.api.ComponentContext#sessionResource});
 * closed at its end.
 */
public final class Resources {

    private final String scope;
    private final Map<String, Object> values = new LinkedHashMap<>();
    private boolean closed;

    /** @param scope what the values live as long as, for messages: {@code "build"} or {@code "session"} */
    public Resources(String scope) {
        this.scope = scope;
    }

    /** The value kept under {@code key}, made by {@code factory} on first use. */
    public synchronized <T> T get(String key, Class<T> type, Supplier<? extends T> factory) {
        if (closed) {
            throw new IllegalStateException(scope + " resource '" + key + "' was asked for after the " + scope
                    + " ended");
        }
        Object value = values.get(key);
        if (value == null) {
            value = factory.get();
            if (value == null) {
                throw new IllegalStateException("the factory of " + scope + " resource '" + key + "' returned null");
            }
            values.put(key, value);
        }
        if (!type.isInstance(value)) {
            throw new IllegalStateException(scope + " resource '" + key + "' is a " + value.getClass().getName()
                    + " (from " + value.getClass().getClassLoader() + "), not a " + type.getName()
                    + " (from " + type.getClassLoader() + ")");
        }
        return type.cast(value);
    }

    /** Closes every {@link AutoCloseable} value, newest first; reports each failure to {@code onFailure}. */
    public void close(BiConsumer<String, Exception> onFailure) {
        List<Map.Entry<String, Object>> made;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            made = new ArrayList<>(values.entrySet());
            values.clear();
        }
        for (int i = made.size() - 1; i >= 0; i--) {
            if (made.get(i).getValue() instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                    onFailure.accept(made.get(i).getKey(), e);
                }
            }
        }
    }
}
