package dev.kiln.api.step;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The {@link StateBag} {@link StateBag#create()} makes: a concurrent map from key names to values. */
final class ConcurrentStateBag implements StateBag {

    private final Map<String, Object> values = new ConcurrentHashMap<>();

    @Override
    public <T> void put(StateKey<T> key, T value) {
        values.put(key.name(), key.type().cast(value));
    }

    @Override
    public <T> Optional<T> get(StateKey<T> key) {
        return Optional.ofNullable(values.get(key.name())).map(key.type()::cast);
    }

    @Override
    public void remove(StateKey<?> key) {
        values.remove(key.name());
    }
}
