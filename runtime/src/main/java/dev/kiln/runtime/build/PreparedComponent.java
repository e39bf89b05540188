package dev.kiln.runtime.build;

import dev.kiln.runtime.discovery.RegisteredComponent;
import dev.kiln.runtime.frontend.ComponentSpec;
import java.time.Duration;

/**
 * A provisioner or post-processor bound to its config for one build, with the runtime-owned settings parsed.
 *
 * @param spec the template block
 * @param component the registered component
 * @param config the bound, validated config record
 * @param pauseBefore provisioners' {@code pause_before}
 * @param timeout provisioners' {@code timeout}, zero for none
 * @param maxRetries provisioners' {@code max_retries}
 */
public record PreparedComponent(ComponentSpec spec, RegisteredComponent component, Record config,
                                Duration pauseBefore, Duration timeout, int maxRetries) {

    /** The template type, e.g. {@code "shell"}. */
    public String type() {
        return spec.type();
    }
}
