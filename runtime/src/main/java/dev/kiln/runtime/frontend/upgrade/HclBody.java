package dev.kiln.runtime.frontend.upgrade;

import java.util.ArrayList;
import java.util.List;

/**
 * The body of an HCL file or block being written: attributes, blocks, comments and blank lines, in order, printed in
 * the canonical layout that {@code packer fmt} makes: two spaces of indent per level, and the {@code =} of each run
 * of single-line attributes on consecutive lines aligned (a multi-line attribute, a block, a comment or a blank line
 * ends a run).
 */
final class HclBody {

    private sealed interface Item permits Attribute, Block, Comment, Blank {
    }

    /** {@code name = value}; the value may span lines, its later lines indented relative to the attribute. */
    private record Attribute(String name, String value) implements Item {
    }

    private record Block(String type, List<String> labels, HclBody body) implements Item {
    }

    private record Comment(String text) implements Item {
    }

    private record Blank() implements Item {
    }

    private final List<Item> items = new ArrayList<>();

    /** Adds {@code name = value}, the value as HCL expression text. */
    HclBody attribute(String name, String value) {
        items.add(new Attribute(name, value));
        return this;
    }

    /** Adds a block and returns its body. */
    HclBody block(String type, String... labels) {
        HclBody body = new HclBody();
        items.add(new Block(type, List.of(labels), body));
        return body;
    }

    /** Adds a block with the body {@code body}, written beforehand. */
    HclBody block(String type, HclBody body, String... labels) {
        items.add(new Block(type, List.of(labels), body));
        return this;
    }

    /** Adds a comment, one {@code #} line per line of {@code text}. */
    HclBody comment(String text) {
        items.add(new Comment(text));
        return this;
    }

    /** Adds a blank line. */
    HclBody blank() {
        items.add(new Blank());
        return this;
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    /** This body's text at {@code level} levels of indent. */
    String print(int level) {
        StringBuilder out = new StringBuilder();
        print(out, level);
        return out.toString();
    }

    private void print(StringBuilder out, int level) {
        String indent = "  ".repeat(level);
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            if (item instanceof Attribute attribute) {
                int width = attribute.name().length();
                if (!attribute.value().contains("\n")) {
                    for (int j = i; j < items.size() && items.get(j) instanceof Attribute next
                            && !next.value().contains("\n"); j++) {
                        width = Math.max(width, next.name().length());
                    }
                    for (int j = i - 1; j >= 0 && items.get(j) instanceof Attribute prev
                            && !prev.value().contains("\n"); j--) {
                        width = Math.max(width, prev.name().length());
                    }
                }
                out.append(indent).append(attribute.name()).append(" ".repeat(width - attribute.name().length()))
                        .append(" = ").append(attribute.value().replace("\n", "\n" + indent)).append('\n');
            } else if (item instanceof Block block) {
                out.append(indent).append(block.type());
                for (String label : block.labels()) {
                    out.append(' ').append(HclText.quoted(label));
                }
                out.append(" {\n");
                block.body().print(out, level + 1);
                out.append(indent).append("}\n");
            } else if (item instanceof Comment comment) {
                for (String line : comment.text().split("\n", -1)) {
                    out.append(indent).append(line.isEmpty() ? "#" : "# " + line).append('\n');
                }
            } else {
                out.append('\n');
            }
        }
    }
}
