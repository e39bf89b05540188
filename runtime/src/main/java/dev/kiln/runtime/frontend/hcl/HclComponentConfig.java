package dev.kiln.runtime.frontend.hcl;

import dev.kiln.runtime.frontend.ComponentConfig;
import dev.kiln.runtime.frontend.ComponentSpec;
import dev.kiln.runtime.frontend.SourcePosition;
import dev.kiln.runtime.frontend.hcl.syntax.Attribute;
import dev.kiln.runtime.frontend.hcl.syntax.Block;
import dev.kiln.runtime.frontend.hcl.syntax.Body;
import dev.kiln.runtime.frontend.hcl.value.HclValue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An HCL2 component block's config: its body (a source's body with the build's in-place override body over it), the
 * runtime's own arguments left out, evaluated per build by {@link HclConfigResolver}.
 */
final class HclComponentConfig implements ComponentConfig {
    private final List<Body> layers;
    private final Set<String> excluded;
    private final SourcePosition position;
    private final Map<String, HclValue> scope;

    /**
     * @param layers the bodies, later ones overriding earlier ones attribute by attribute
     * @param excluded argument names that are not the component's (runtime settings, removed options)
     * @param position the block's position
     * @param scope the iterator variables of the {@code dynamic} block that generated this block, else empty
     */
    HclComponentConfig(List<Body> layers, Set<String> excluded, SourcePosition position,
                       Map<String, HclValue> scope) {
        this.layers = List.copyOf(layers);
        this.excluded = Set.copyOf(excluded);
        this.position = Objects.requireNonNull(position, "position");
        this.scope = Map.copyOf(scope);
    }

    static HclComponentConfig of(ComponentSpec spec) {
        if (!(spec.config() instanceof HclComponentConfig hcl)) {
            throw new IllegalArgumentException(spec.path() + " was not read by the HCL2 front end");
        }
        return hcl;
    }

    List<Body> layers() {
        return layers;
    }

    Set<String> excluded() {
        return excluded;
    }

    SourcePosition position() {
        return position;
    }

    Map<String, HclValue> scope() {
        return scope;
    }

    @Override
    public Set<String> optionNames() {
        Set<String> names = new LinkedHashSet<>();
        for (Body b : layers) {
            for (Attribute a : b.attributes()) {
                if (!excluded.contains(a.name())) {
                    names.add(a.name());
                }
            }
            for (Block block : b.blocks()) {
                String type = block.type().equals("dynamic") && block.labels().size() == 1 ? block.labels().get(0)
                        : block.type();
                if (!excluded.contains(type)) {
                    names.add(type);
                }
            }
        }
        return Collections.unmodifiableSet(names);
    }

    @Override
    public ComponentConfig without(Collection<String> keys) {
        if (keys.isEmpty()) {
            return this;
        }
        Set<String> more = new LinkedHashSet<>(excluded);
        more.addAll(keys);
        return new HclComponentConfig(layers, more, position, scope);
    }

    @Override
    public SourcePosition positionOfKey(String key) {
        List<Body> reversed = new ArrayList<>(layers);
        Collections.reverse(reversed);
        for (Body b : reversed) {
            Attribute a = b.attribute(key);
            if (a != null) {
                return HclProblems.position(a.nameRange());
            }
            for (Block block : b.blocks()) {
                if (block.type().equals(key)
                        || block.type().equals("dynamic") && block.labels().equals(List.of(key))) {
                    return HclProblems.position(block.typeRange());
                }
            }
        }
        return position;
    }

    @Override
    public SourcePosition positionOfOption(String option) {
        int end = 0;
        while (end < option.length() && option.charAt(end) != '.' && option.charAt(end) != '[') {
            end++;
        }
        return positionOfKey(option.substring(0, end));
    }
}
