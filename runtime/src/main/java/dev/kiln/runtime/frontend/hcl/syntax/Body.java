package dev.kiln.runtime.frontend.hcl.syntax;

import java.util.List;

/**
 * The content of a file or of a block: attributes and nested blocks, each in source order.
 *
 * @param attributes the attributes; names are unique (a repeated name is reported and the repeat dropped)
 * @param blocks the nested blocks
 * @param range the whole body (for a block, the span between its braces, braces included)
 */
public record Body(List<Attribute> attributes, List<Block> blocks, Range range) implements Node {
    public Body {
        attributes = List.copyOf(attributes);
        blocks = List.copyOf(blocks);
    }

    /** The attribute called {@code name}, or null. */
    public Attribute attribute(String name) {
        for (Attribute a : attributes) {
            if (a.name().equals(name)) {
                return a;
            }
        }
        return null;
    }

    /** The blocks of type {@code type}, in order. */
    public List<Block> blocks(String type) {
        return blocks.stream().filter(b -> b.type().equals(type)).toList();
    }
}
