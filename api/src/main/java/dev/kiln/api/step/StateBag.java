package dev.kiln.api.step;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Values that steps of one build produce for later steps, under typed keys. Thread-safe.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface StateBag {

    /**
     * Stores a value, replacing any earlier one.
     *
     * @param key the key, never null
     * @param value the value, never null
     * @param <T> the value's type
     */
    <T> void put(StateKey<T> key, T value);

    /**
     * Reads a value.
     *
     * @param key the key, never null
     * @param <T> the value's type
     * @return the value, or empty
     */
    <T> Optional<T> get(StateKey<T> key);

    /**
     * Reads a value that an earlier step must have produced.
     *
     * @param key the key, never null
     * @param <T> the value's type
     * @return the value, never null
     * @throws IllegalStateException when missing: a bug in the builder's step order, not a user error
     */
    default <T> T require(StateKey<T> key) {
        return get(key).orElseThrow(() -> new IllegalStateException(
                "a step needs '" + key.name() + "' but no earlier step provided it"));
    }

    /**
     * Removes a value.
     *
     * @param key the key, never null
     */
    void remove(StateKey<?> key);

    /**
     * A new, empty, thread-safe bag: what the runtime gives each build, and what tests can use.
     *
     * @return the bag
     */
    static StateBag create() {
        return new ConcurrentStateBag();
    }
}
