package dev.kiln.runtime.frontend.hcl;

import dev.kiln.runtime.frontend.hcl.jsonsyntax.JsonSchema;

import java.util.List;

/**
 * Packer's schema for {@code *.pkr.json} files, level by level, as Packer 1.9.5 applies it: which properties are
 * blocks (and with which labels), which attributes hold an expression's text rather than a template ({@code type},
 * {@code iterator}). Component bodies ({@code source}, {@code provisioner}, ...) have only {@code dynamic} blocks:
 * what a component nests in its body is an object-valued attribute in JSON, which the resolver evaluates to the same
 * config tree a nested block gives.
 */
enum PackerJsonSchema implements JsonSchema {
    /** A file's top level. */
    FILE,
    /** {@code packer {}}. */
    PACKER,
    /** {@code variable "name" {}}: {@code type} is a type expression, {@code validation} a block. */
    VARIABLE,
    /** Bodies with attributes only but not HCL's just-attributes mode: {@code validation}, {@code local}. */
    PLAIN,
    /** {@code build {}}. */
    BUILD,
    /** {@code post-processors {}} of a build. */
    POST_PROCESSORS,
    /** The body of a source, provisioner or post-processor (or of a {@code dynamic} block's {@code content}). */
    COMPONENT,
    /** {@code dynamic "type" {}}: {@code iterator} is a name, {@code content} a block. */
    DYNAMIC;

    private static final JsonSchema ATTRIBUTES = JsonSchema.attributes(Mode.TEMPLATE);

    @Override
    public BlockType blockType(String name) {
        return switch (this) {
            case FILE -> switch (name) {
                case "packer", "build" -> new BlockType(List.of(), name.equals("packer") ? PACKER : BUILD);
                case "variables", "locals" -> new BlockType(List.of(), ATTRIBUTES);
                case "variable" -> new BlockType(List.of("name"), VARIABLE);
                case "local" -> new BlockType(List.of("name"), PLAIN);
                case "source", "data" -> new BlockType(List.of("type", "name"), COMPONENT);
                default -> null;
            };
            case PACKER -> name.equals("required_plugins") ? new BlockType(List.of(), ATTRIBUTES) : null;
            case VARIABLE -> name.equals("validation") ? new BlockType(List.of(), PLAIN) : null;
            case BUILD -> switch (name) {
                case "source" -> new BlockType(List.of("reference"), COMPONENT);
                case "provisioner", "error-cleanup-provisioner", "post-processor" ->
                        new BlockType(List.of("type"), COMPONENT);
                case "post-processors" -> new BlockType(List.of(), POST_PROCESSORS);
                case "dynamic" -> new BlockType(List.of("type"), DYNAMIC);
                default -> null;
            };
            case POST_PROCESSORS -> switch (name) {
                case "post-processor" -> new BlockType(List.of("type"), COMPONENT);
                case "dynamic" -> new BlockType(List.of("type"), DYNAMIC);
                default -> null;
            };
            case COMPONENT -> name.equals("dynamic") ? new BlockType(List.of("type"), DYNAMIC) : null;
            case DYNAMIC -> name.equals("content") ? new BlockType(List.of(), COMPONENT) : null;
            case PLAIN -> null;
        };
    }

    @Override
    public Mode mode(String name) {
        boolean expression = this == VARIABLE && name.equals("type") || this == DYNAMIC && name.equals("iterator");
        return expression ? Mode.EXPRESSION : Mode.TEMPLATE;
    }
}
