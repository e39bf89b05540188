package dev.kiln.runtime.frontend.json;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.runtime.frontend.SourcePosition;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One component block of a template (a builder, a provisioner or a post-processor), with the keys the runtime owns
 * taken out of its config.
 *
 * <p>Builders own {@code type} and {@code name}; provisioners own {@code type}, {@code only}, {@code except},
 * {@code pause_before}, {@code max_retries}, {@code timeout} and {@code override}; post-processors own {@code type},
 * {@code name}, {@code only}, {@code except} and {@code keep_input_artifact}. Everything else is in {@link #config()},
 * not yet rendered. The config node is shared: copy it before changing it.
 *
 * @param kind {@code "builder"}, {@code "provisioner"} or {@code "post-processor"}
 * @param type the component type, e.g. {@code "docker"}
 * @param name the block's name; defaults to the type (provisioners have no name of their own, so it is the type)
 * @param path where the block is, e.g. {@code builders[0]} or {@code post-processors[1][0]}
 * @param pointer the block's JSON pointer in the template, for {@link SourceMap} lookups
 * @param position where the block starts
 * @param config the component's own keys
 * @param only builder names this block is limited to; empty when absent
 * @param except builder names this block skips; empty when absent
 * @param pauseBefore the provisioner's {@code pause_before} as written (a Go duration, maybe templated), or null
 * @param maxRetries the provisioner's {@code max_retries} as text (maybe templated), or null
 * @param timeout the provisioner's {@code timeout} as written, or null
 * @param override per-builder-name config merged over {@link #config()} for that build, or null when absent
 * @param keepInputArtifact the post-processor's {@code keep_input_artifact}, or null when absent
 */
public record BlockNode(String kind, String type, String name, String path, JsonPointer pointer,
                        SourcePosition position, ObjectNode config, List<String> only, List<String> except,
                        String pauseBefore, String maxRetries, String timeout, Map<String, ObjectNode> override,
                        Boolean keepInputArtifact) {

    /** The kind of a builder block. */
    public static final String BUILDER = "builder";
    /** The kind of a provisioner block. */
    public static final String PROVISIONER = "provisioner";
    /** The kind of a post-processor block. */
    public static final String POST_PROCESSOR = "post-processor";

    /** Checks the required parts and makes the lists and map unmodifiable. */
    public BlockNode {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(config, "config");
        name = name == null || name.isEmpty() ? type : name;
        only = only == null ? List.of() : List.copyOf(only);
        except = except == null ? List.of() : List.copyOf(except);
        override = override == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(override));
    }

    /** Whether this block takes part in the build named {@code buildName}, going by {@code only} and {@code except}. */
    public boolean appliesTo(String buildName) {
        if (!only.isEmpty()) {
            return only.contains(buildName);
        }
        return !except.contains(buildName);
    }

    /** Where {@code key} of this block's config is written, or the block's position when it is not found. */
    public SourcePosition positionOf(String key) {
        return config instanceof SourcedConfig
                ? ((SourcedConfig) config).sourceMap().at(pointer.append(JsonPointer.empty().appendProperty(key)))
                : position;
    }

    /**
     * Where an option of this block's config is written, given as a template path such as {@code changes[0]} or
     * {@code auth.user}; the nearest enclosing key that is found, or the block's position.
     */
    public SourcePosition positionOfOption(String option) {
        if (!(config instanceof SourcedConfig)) {
            return position;
        }
        JsonPointer relative = JsonPointer.empty();
        for (String part : option.split("\\.")) {
            int bracket = part.indexOf('[');
            String name = bracket < 0 ? part : part.substring(0, bracket);
            if (!name.isEmpty()) {
                relative = relative.appendProperty(name);
            }
            java.util.regex.Matcher index = java.util.regex.Pattern.compile("\\[(\\d+)]").matcher(part);
            while (index.find()) {
                relative = relative.appendIndex(Integer.parseInt(index.group(1)));
            }
        }
        return ((SourcedConfig) config).sourceMap().at(pointer.append(relative));
    }

    /** This block without the given keys in its config (and its overrides); this block itself when none is there. */
    public BlockNode withoutOptions(Collection<String> keys) {
        if (keys.isEmpty()) {
            return this;
        }
        ObjectNode kept = config.deepCopy();
        kept.remove(keys);
        Map<String, ObjectNode> overrides = null;
        if (override != null) {
            overrides = new LinkedHashMap<>();
            for (Map.Entry<String, ObjectNode> entry : override.entrySet()) {
                ObjectNode copy = entry.getValue().deepCopy();
                copy.remove(keys);
                overrides.put(entry.getKey(), copy);
            }
        }
        return new BlockNode(kind, type, name, path, pointer, position, kept, only, except, pauseBefore, maxRetries,
                timeout, overrides, keepInputArtifact);
    }

    /**
     * This block as the build named {@code buildName} sees it: its {@code override} for that build (if any) merged
     * over the config, key by key, as Packer does.
     */
    public BlockNode forBuild(String buildName) {
        ObjectNode extra = override == null ? null : override.get(buildName);
        if (extra == null) {
            return this;
        }
        ObjectNode merged = config.deepCopy();
        merged.setAll(extra.deepCopy());
        return new BlockNode(kind, type, name, path, pointer, position, merged, only, except, pauseBefore, maxRetries,
                timeout, override, keepInputArtifact);
    }
}
