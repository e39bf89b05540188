package dev.kiln.runtime.frontend.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.runtime.frontend.ComponentConfig;
import dev.kiln.runtime.frontend.ComponentSpec;
import dev.kiln.runtime.frontend.SourcePosition;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/** A Packer JSON block's config: its {@link BlockNode}, whose strings {@link JsonConfigResolver} renders per build. */
final class JsonComponentConfig implements ComponentConfig {

    private final BlockNode block;

    JsonComponentConfig(BlockNode block) {
        this.block = Objects.requireNonNull(block, "block");
    }

    /** {@code block} as a component of the neutral model. */
    static ComponentSpec spec(BlockNode block) {
        return new ComponentSpec(block.kind(), block.type(), block.name(), block.path(), block.position(),
                block.only(), block.except(), block.keepInputArtifact(), new JsonComponentConfig(block));
    }

    /** The block of a spec this front end made. */
    static BlockNode blockOf(ComponentSpec spec) {
        if (!(spec.config() instanceof JsonComponentConfig json)) {
            throw new IllegalArgumentException(spec.path() + " was not read by the Packer JSON front end");
        }
        return json.block;
    }

    BlockNode block() {
        return block;
    }

    @Override
    public Set<String> optionNames() {
        Set<String> keys = new LinkedHashSet<>();
        block.config().fieldNames().forEachRemaining(keys::add);
        if (block.override() != null) {
            for (ObjectNode override : block.override().values()) {
                override.fieldNames().forEachRemaining(keys::add);
            }
        }
        return Collections.unmodifiableSet(keys);
    }

    @Override
    public ComponentConfig without(Collection<String> keys) {
        BlockNode kept = block.withoutOptions(keys);
        return kept == block ? this : new JsonComponentConfig(kept);
    }

    @Override
    public SourcePosition positionOfKey(String key) {
        return block.positionOf(key);
    }

    @Override
    public SourcePosition positionOfOption(String option) {
        return block.positionOfOption(option);
    }
}
