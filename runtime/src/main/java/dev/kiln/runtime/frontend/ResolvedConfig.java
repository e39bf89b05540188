package dev.kiln.runtime.frontend;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A component's config resolved for one build: a plain value tree for the binder, with where each key is written.
 *
 * @param component the component block it belongs to
 * @param tree the resolved options; the binder copies it before changing it
 * @param positions where each key path of {@code tree} is written
 * @param unknown the top-level options left as written because their value is not known yet (it uses a variable
 *     whose value is not known, or a limit was reached); the checks that need them are skipped
 * @param problems what was wrong resolving (the options concerned are left out of {@code tree})
 */
public record ResolvedConfig(ComponentSpec component, ObjectNode tree, ValuePositions positions,
                             Set<String> unknown, List<TemplateProblem> problems) {

    /** Checks the required parts and copies the collections. */
    public ResolvedConfig {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(tree, "tree");
        Objects.requireNonNull(positions, "positions");
        unknown = unknown == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(unknown));
        problems = problems == null ? List.of() : List.copyOf(problems);
    }
}
