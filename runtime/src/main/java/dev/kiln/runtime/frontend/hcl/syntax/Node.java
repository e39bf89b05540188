package dev.kiln.runtime.frontend.hcl.syntax;

/** Anything in the syntax tree: it knows where it is in its file. */
public interface Node {
    /** The span of source this node was parsed from. */
    Range range();
}
