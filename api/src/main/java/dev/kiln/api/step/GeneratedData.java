package dev.kiln.api.step;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apiguardian.api.API;

/**
 * Values a build publishes while it runs, which templates read as {@code {{build `Key`}}} in the fields a component
 * renders when it runs (Packer's generated data): the docker builder publishes {@code ID} (the container) and
 * {@code ConnType}. Found in the state bag under {@link StateKeys#GENERATED_DATA}. Thread-safe.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class GeneratedData {

    private final Map<String, String> values = new ConcurrentHashMap<>();

    /**
     * Publishes a value, replacing an earlier one. Never a secret: templates may print it.
     *
     * @param key the name templates use, e.g. {@code "ID"}
     * @param value the value, never null
     */
    public void put(String key, String value) {
        values.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    }

    /**
     * The values published so far.
     *
     * @return an unmodifiable copy
     */
    public Map<String, String> asMap() {
        return Map.copyOf(values);
    }
}
