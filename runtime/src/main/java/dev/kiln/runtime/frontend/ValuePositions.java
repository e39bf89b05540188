package dev.kiln.runtime.frontend;

import com.fasterxml.jackson.core.JsonPointer;

/** Where each key path of a resolved config tree is written in the template. */
@FunctionalInterface
public interface ValuePositions {

    /**
     * Where the node at {@code pointer} (relative to the config's root) is written: its key for an object member,
     * or the nearest enclosing node that is known, or the block's position.
     */
    SourcePosition at(JsonPointer pointer);
}
