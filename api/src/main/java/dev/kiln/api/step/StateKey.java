package dev.kiln.api.step;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A typed key into a {@link StateBag}; names are {@code <plugin>.<noun>}, e.g. {@code docker.container-id}.
 *
 * @param name the key's name, never null
 * @param type the value's type, never null
 * @param <T> the value's type
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record StateKey<T>(String name, Class<T> type) {

    /** Checks that both parts are given. */
    public StateKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    /**
     * Creates a key.
     *
     * @param name the key's name
     * @param type the value's type
     * @param <T> the value's type
     * @return the key
     */
    public static <T> StateKey<T> of(String name, Class<T> type) {
        return new StateKey<>(name, type);
    }
}
