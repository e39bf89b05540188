package dev.kiln.runtime.frontend.json;

import com.fasterxml.jackson.core.JsonPointer;
import dev.kiln.runtime.frontend.SourcePosition;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where each JSON node of one file starts, so that any problem found later can name file, line and column.
 *
 * <p>Nodes are identified by {@link JsonPointer}. An object member maps to the position of its key; an array element
 * and the root map to the start of their value. {@link #valueAt} gives the start of a member's value instead.
 * Instances are immutable once the parser has built them.
 */
public final class SourceMap {

    private final String file;
    private final Map<String, SourcePosition> keys;
    private final Map<String, SourcePosition> values;

    SourceMap(String file, Map<String, SourcePosition> keys, Map<String, SourcePosition> values) {
        this.file = Objects.requireNonNull(file, "file");
        this.keys = Map.copyOf(keys);
        this.values = Map.copyOf(values);
    }

    /** A map with no positions for {@code file}: every lookup answers the file's first character. */
    public static SourceMap empty(String file) {
        return new SourceMap(file, new HashMap<>(), new HashMap<>());
    }

    /** The file as the user named it. */
    public String file() {
        return file;
    }

    /**
     * The position of the node at {@code pointer} (its key, for an object member), or of its nearest ancestor that was
     * recorded; the start of the file when none is.
     */
    public SourcePosition at(JsonPointer pointer) {
        return lookup(keys, pointer);
    }

    /** Like {@link #at}, but for an object member answers where its value starts rather than its key. */
    public SourcePosition valueAt(JsonPointer pointer) {
        return lookup(values, pointer);
    }

    /** True when the node at {@code pointer} itself was recorded. */
    public boolean contains(JsonPointer pointer) {
        return pointer != null && keys.containsKey(pointer.toString());
    }

    private SourcePosition lookup(Map<String, SourcePosition> map, JsonPointer pointer) {
        for (JsonPointer p = pointer; p != null; p = p.head()) {
            SourcePosition found = map.get(p.toString());
            if (found != null) {
                return found;
            }
        }
        SourcePosition root = map.get("");
        return root != null ? root : new SourcePosition(file, 1, 1);
    }
}
