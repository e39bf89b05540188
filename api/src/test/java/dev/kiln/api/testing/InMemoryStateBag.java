package dev.kiln.api.testing;

import dev.kiln.api.step.StateBag;
import dev.kiln.api.step.StateKey;
import java.util.Optional;

/** A {@link StateBag} for tests; the same bag the runtime gives each build ({@link StateBag#create()}). */
public final class InMemoryStateBag implements StateBag {

    private final StateBag bag = StateBag.create();

    @Override
    public <T> void put(StateKey<T> key, T value) {
        bag.put(key, value);
    }

    @Override
    public <T> Optional<T> get(StateKey<T> key) {
        return bag.get(key);
    }

    @Override
    public void remove(StateKey<?> key) {
        bag.remove(key);
    }
}
