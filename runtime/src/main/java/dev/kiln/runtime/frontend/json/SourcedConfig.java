package dev.kiln.runtime.frontend.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * A block's config that remembers the {@link SourceMap} of the file it came from, so that the positions
 * {@link JsonConfigResolver} gives the binder place binding problems at the offending key. Copies made with
 * {@link #deepCopy()} remember it too.
 */
@SuppressWarnings("unchecked") // JsonNode declares <T extends JsonNode> T deepCopy(); narrowing it is unchecked
final class SourcedConfig extends ObjectNode {

    private static final long serialVersionUID = 1L;

    private final transient SourceMap sourceMap;

    SourcedConfig(SourceMap sourceMap) {
        super(JsonNodeFactory.instance);
        this.sourceMap = sourceMap;
    }

    /** The positions of the file this config was read from. */
    SourceMap sourceMap() {
        return sourceMap;
    }

    @Override
    public SourcedConfig deepCopy() {
        SourcedConfig copy = new SourcedConfig(sourceMap);
        for (Map.Entry<String, JsonNode> entry : properties()) {
            copy.set(entry.getKey(), entry.getValue().deepCopy());
        }
        return copy;
    }
}
