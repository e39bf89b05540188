package dev.kiln.runtime.frontend;

import java.util.List;
import java.util.Objects;

/**
 * One build of a template: its builder and the provisioners and post-processor chains its definition names. The
 * components' {@code only}/{@code except} are not applied yet (the planner applies them, with {@code -except}), so a
 * component that several builds share is the same {@link ComponentSpec} in each.
 *
 * @param name the build's name, as {@code -only} and {@code -except} match it
 * @param builder the builder block
 * @param provisioners the provisioners, in template order
 * @param errorCleanupProvisioner the provisioner run when provisioning fails, or null
 * @param postProcessors the post-processor chains, in template order; each runs on the build's artifact
 * @param componentName the build's name as its components see it ({@code PACKER_BUILD_NAME}, the manifest's build
 *     name): in JSON the build's name; in HCL2, as Packer gives it, the source block's name label ({@code busybox}
 *     for the build {@code docker.busybox}, also when the build renames the source); null means {@code name}
 */
public record BuildSpec(String name, ComponentSpec builder, List<ComponentSpec> provisioners,
                        ComponentSpec errorCleanupProvisioner, List<List<ComponentSpec>> postProcessors,
                        String componentName) {

    /** Checks the required parts and copies the lists. */
    public BuildSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(builder, "builder");
        provisioners = provisioners == null ? List.of() : List.copyOf(provisioners);
        postProcessors = postProcessors == null ? List.of() : postProcessors.stream().map(List::copyOf).toList();
        componentName = componentName == null ? name : componentName;
    }

    /** A build whose components see its own name. */
    public BuildSpec(String name, ComponentSpec builder, List<ComponentSpec> provisioners,
                     ComponentSpec errorCleanupProvisioner, List<List<ComponentSpec>> postProcessors) {
        this(name, builder, provisioners, errorCleanupProvisioner, postProcessors, null);
    }

    /** The builder's type, e.g. {@code "docker"}. */
    public String type() {
        return builder.type();
    }
}
