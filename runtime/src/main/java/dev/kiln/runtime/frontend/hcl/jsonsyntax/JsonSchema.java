package dev.kiln.runtime.frontend.hcl.jsonsyntax;

import java.util.List;

/**
 * What a JSON body means at one level: which property names are block types (with how many labels and the schema of
 * their bodies) and how each attribute's value is read. A JSON object cannot say by itself whether {@code "x": {...}}
 * is a block or an object-valued attribute, so the caller says it, as HCL's {@code Body.Content(schema)} does.
 */
public interface JsonSchema {
    /** The block type {@code name} at this level, or null when a property of that name is an attribute. */
    BlockType blockType(String name);

    /**
     * Whether this body is read in HCL's "just attributes" mode: every property is an attribute, and the body must be
     * one JSON object (not an array of objects).
     */
    default boolean justAttributes() {
        return false;
    }

    /** How the value of attribute {@code name} is read. */
    default Mode mode(String name) {
        return Mode.TEMPLATE;
    }

    /**
     * A block type: one nested object level per label, then the body (an object, or an array of objects for
     * several blocks with the same labels).
     *
     * @param labelNames the labels' names, used in diagnostics (e.g. {@code "type"}, {@code "name"})
     * @param body the schema of the blocks' bodies
     */
    record BlockType(List<String> labelNames, JsonSchema body) {
        public BlockType {
            labelNames = List.copyOf(labelNames);
        }
    }

    /** How a JSON string is read (other JSON values read the same in every mode, their strings in this mode). */
    enum Mode {
        /** A standalone native-syntax template ({@code ${...}}, {@code %{...}}): HCL's full expression mode. */
        TEMPLATE,
        /**
         * A native-syntax expression, not a template: where HCL analyses an expression statically (a variable's
         * {@code type}, a {@code dynamic} block's {@code iterator}), a JSON string holds the expression's text.
         */
        EXPRESSION,
        /** The string as it is, nothing interpolated: HCL's literal-only mode (values of {@code .pkrvars.json}). */
        LITERAL
    }

    /** Every property an attribute, read in {@code mode}: a {@code .pkrvars.json} file, a {@code locals} block. */
    static JsonSchema attributes(Mode mode) {
        return new JsonSchema() {
            @Override
            public BlockType blockType(String name) {
                return null;
            }

            @Override
            public boolean justAttributes() {
                return true;
            }

            @Override
            public Mode mode(String name) {
                return mode;
            }
        };
    }
}
