package dev.kiln.runtime.frontend;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings of a component block that the runtime, not the component, acts on, typed.
 *
 * @param pauseBefore a provisioner's {@code pause_before}, zero when absent
 * @param timeout a provisioner's {@code timeout}, zero for none
 * @param maxRetries a provisioner's {@code max_retries}, zero when absent
 */
public record RuntimeSettings(Duration pauseBefore, Duration timeout, int maxRetries) {

    /** No pause, no timeout, no retries. */
    public static final RuntimeSettings NONE = new RuntimeSettings(Duration.ZERO, Duration.ZERO, 0);

    /** Checks the durations are given. */
    public RuntimeSettings {
        Objects.requireNonNull(pauseBefore, "pauseBefore");
        Objects.requireNonNull(timeout, "timeout");
    }
}
