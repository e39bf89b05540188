package dev.kiln.api.testing;

import dev.kiln.api.Cancellation;
import dev.kiln.api.CancellationSource;

/**
 * A {@link Cancellation} a test cancels, as the runtime does on Ctrl-C: {@link #cancel()} closes what was registered,
 * and {@link #registered()} tells whether the code under test forgot what it registered.
 * Bind it to the test's thread with {@link Cancellation#bind} to test code that uses {@link Cancellation#current()}.
 *
 * <pre>{@code
 * TestCancellation cancellation = new TestCancellation();
 * try (var bound = Cancellation.bind(cancellation)) {
 *     ... start the blocking work, cancel from another thread ...
 * }
 * }</pre>
 */
public final class TestCancellation extends CancellationSource {
}
