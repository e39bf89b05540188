package dev.kiln.runtime.frontend.json;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed Packer JSON template: its variables and component blocks, not yet rendered, with where everything is.
 *
 * @param file the template file as the user named it
 * @param description the {@code description}, or null
 * @param minPackerVersion the {@code min_packer_version}, or null
 * @param variables the declared user variables, in template order
 * @param sensitiveVariables the names listed in {@code sensitive-variables}
 * @param builders the builders, in template order; at least one
 * @param provisioners the provisioners, in template order
 * @param postProcessors the post-processor sequences: each top-level element of {@code post-processors} is one
 *     sequence, and a single object or bare type name is a sequence of one
 * @param errorCleanupProvisioner the {@code error-cleanup-provisioner}, or null
 * @param sourceMap where each node of the file starts
 */
public record Template(Path file, String description, String minPackerVersion,
                       Map<String, VariableDeclaration> variables, List<String> sensitiveVariables,
                       List<BlockNode> builders, List<BlockNode> provisioners, List<List<BlockNode>> postProcessors,
                       BlockNode errorCleanupProvisioner, SourceMap sourceMap) {

    /** Checks the required parts and makes the collections unmodifiable, keeping their order. */
    public Template {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sourceMap, "sourceMap");
        variables = variables == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        sensitiveVariables = sensitiveVariables == null ? List.of() : List.copyOf(sensitiveVariables);
        builders = builders == null ? List.of() : List.copyOf(builders);
        provisioners = provisioners == null ? List.of() : List.copyOf(provisioners);
        postProcessors = postProcessors == null ? List.of() : postProcessors.stream().map(List::copyOf).toList();
    }

    /** The builder named {@code name}, if there is one. */
    public Optional<BlockNode> builder(String name) {
        return builders.stream().filter(b -> b.name().equals(name)).findFirst();
    }

    /** The builders' names, in template order. */
    public List<String> builderNames() {
        return builders.stream().map(BlockNode::name).toList();
    }
}
