package dev.kiln.runtime.event;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Delivers events to handlers subscribed by type, on the publishing thread. Handlers must be thread-safe: builds
 * run in parallel.
 */
public final class EventBus {

    private record Subscription<E extends KilnEvent>(Class<E> type, Consumer<? super E> handler) {
        void deliver(KilnEvent event) {
            if (type.isInstance(event)) {
                handler.accept(type.cast(event));
            }
        }
    }

    private final List<Subscription<?>> subscriptions = new CopyOnWriteArrayList<>();

    /**
     * Subscribes {@code handler} to events of {@code type} and its subtypes.
     *
     * @return this bus
     */
    public <E extends KilnEvent> EventBus subscribe(Class<E> type, Consumer<? super E> handler) {
        subscriptions.add(new Subscription<>(type, handler));
        return this;
    }

    /** Delivers {@code event} to every matching handler. */
    public void publish(KilnEvent event) {
        for (Subscription<?> subscription : subscriptions) {
            subscription.deliver(event);
        }
    }
}
