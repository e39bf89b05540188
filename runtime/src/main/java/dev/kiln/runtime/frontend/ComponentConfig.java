package dev.kiln.runtime.frontend;

import java.util.Collection;
import java.util.Objects;
import java.util.Set;

/**
 * A component block's own options as its front end holds them (Packer JSON: a tree of not yet rendered strings;
 * HCL2: expressions), before they are resolved for a build by the {@link ConfigResolver} of the same model.
 * Immutable.
 */
public interface ComponentConfig {

    /** The top-level option names written in the block, in every per-build override too; in template order. */
    Set<String> optionNames();

    /** This config without the top-level options {@code keys}, in every override too. */
    ComponentConfig without(Collection<String> keys);

    /** Where the top-level option {@code key} is written, or the block's position when it is not there. */
    SourcePosition positionOfKey(String key);

    /**
     * Where an option is written, given as a path such as {@code changes[0]} or {@code auth.user}: the nearest
     * enclosing key that is found, or the block's position.
     */
    SourcePosition positionOfOption(String option);

    /** A config with no options, every position at {@code position}: for components built in code (tests). */
    static ComponentConfig empty(SourcePosition position) {
        Objects.requireNonNull(position, "position");
        return new ComponentConfig() {
            @Override public Set<String> optionNames() { return Set.of(); }
            @Override public ComponentConfig without(Collection<String> keys) { return this; }
            @Override public SourcePosition positionOfKey(String key) { return position; }
            @Override public SourcePosition positionOfOption(String option) { return position; }
        };
    }
}
