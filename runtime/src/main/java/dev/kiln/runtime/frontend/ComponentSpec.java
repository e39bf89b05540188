package dev.kiln.runtime.frontend;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * One component block of a template (a builder, a provisioner or a post-processor) in the neutral build model: its
 * identity, the settings the runtime owns, and its config, which a {@link ConfigResolver} resolves for each build.
 *
 * @param kind {@link #BUILDER}, {@link #PROVISIONER} or {@link #POST_PROCESSOR}
 * @param type the component type, e.g. {@code "docker"}
 * @param name the block's name; defaults to the type
 * @param path where the block is, as problems show it, e.g. {@code builders[0]} or {@code post-processors[1][0]}
 * @param position where the block starts
 * @param only build names this block is limited to; empty when absent
 * @param except build names this block skips; empty when absent
 * @param keepInputArtifact a post-processor's {@code keep_input_artifact}, or null when absent
 * @param config the component's own options (with {@code pause_before}, {@code max_retries}, {@code timeout} and
 *     provisioner {@code override}s, which the front end resolves per build)
 */
public record ComponentSpec(String kind, String type, String name, String path, SourcePosition position,
                            List<String> only, List<String> except, Boolean keepInputArtifact,
                            ComponentConfig config) {

    /** The kind of a builder block. */
    public static final String BUILDER = "builder";
    /** The kind of a provisioner block. */
    public static final String PROVISIONER = "provisioner";
    /** The kind of a post-processor block. */
    public static final String POST_PROCESSOR = "post-processor";

    /** Checks the required parts and copies the lists; a missing name is the type. */
    public ComponentSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(config, "config");
        name = name == null || name.isEmpty() ? type : name;
        only = only == null ? List.of() : List.copyOf(only);
        except = except == null ? List.of() : List.copyOf(except);
    }

    /** Whether this block takes part in the build named {@code buildName}, going by {@code only} and {@code except}. */
    public boolean appliesTo(String buildName) {
        if (!only.isEmpty()) {
            return only.contains(buildName);
        }
        return !except.contains(buildName);
    }

    /** This block without the given options (in its overrides too); this block itself when none is there. */
    public ComponentSpec withoutOptions(Collection<String> keys) {
        if (keys.isEmpty()) {
            return this;
        }
        return new ComponentSpec(kind, type, name, path, position, only, except, keepInputArtifact,
                config.without(keys));
    }

    /** Where {@code key} of this block's config is written, or the block's position when it is not found. */
    public SourcePosition positionOf(String key) {
        return config.positionOfKey(key);
    }

    /**
     * Where an option is written, given as a path such as {@code changes[0]} or {@code auth.user}: the nearest
     * enclosing key that is found, or the block's position.
     */
    public SourcePosition positionOfOption(String option) {
        return config.positionOfOption(option);
    }
}
