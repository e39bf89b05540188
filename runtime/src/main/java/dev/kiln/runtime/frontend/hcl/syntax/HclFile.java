package dev.kiln.runtime.frontend.hcl.syntax;

/**
 * A parsed configuration file: its name, its bytes (for source snippets) and its body.
 *
 * @param filename the name given to the parser
 * @param source the UTF-8 source; do not modify
 * @param body the top-level body
 */
public record HclFile(String filename, byte[] source, Body body) {
    /** The source text of {@code range}. */
    public String text(Range range) {
        return range.text(source);
    }

    /** The header of the top-level block containing byte {@code offset} (e.g. {@code build}), or null. */
    public String contextAt(int offset) {
        for (Block b : body.blocks()) {
            if (b.range().containsOffset(offset)) {
                return b.header();
            }
        }
        return null;
    }
}
