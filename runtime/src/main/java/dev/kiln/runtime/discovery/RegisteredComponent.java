package dev.kiln.runtime.discovery;

import dev.kiln.api.Component;

/**
 * A component and where it came from.
 *
 * @param kind its extension point
 * @param component the instance
 * @param origin the jar or folder it was loaded from, for messages
 */
public record RegisteredComponent(ComponentKind kind, Component<?> component, String origin) {
}
