package dev.kiln.runtime.build;

import dev.kiln.api.step.StateBag;
import dev.kiln.api.step.StateKey;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The state bag of one build. */
final class SimpleStateBag implements StateBag {

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
