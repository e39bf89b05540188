package dev.kiln.runtime.build;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/** The values one build's components share ({@link dev.kiln.api.ComponentContext#buildResource}); closed at its end. */
final class BuildResources {

    private final Map<String, Object> values = new LinkedHashMap<>();
    private boolean closed;

    synchronized <T> T get(String key, Class<T> type, Supplier<? extends T> factory) {
        if (closed) {
            throw new IllegalStateException("build resource '" + key + "' was asked for after the build ended");
        }
        Object value = values.get(key);
        if (value == null) {
            value = factory.get();
            if (value == null) {
                throw new IllegalStateException("the factory of build resource '" + key + "' returned null");
            }
            values.put(key, value);
        }
        if (!type.isInstance(value)) {
            throw new IllegalStateException("build resource '" + key + "' is a " + value.getClass().getName()
                    + " (from " + value.getClass().getClassLoader() + "), not a " + type.getName()
                    + " (from " + type.getClassLoader() + ")");
        }
        return type.cast(value);
    }

    /** Closes every {@link AutoCloseable} value, newest first; reports each failure to {@code onFailure}. */
    void close(BiConsumer<String, Exception> onFailure) {
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
