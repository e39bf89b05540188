package dev.kiln.docker.engine;

import java.util.Map;

/**
 * One row of {@code docker ps -a}.
 *
 * @param id the full container ID
 * @param image the image it was created from
 * @param state e.g. {@code running}, {@code created}, {@code exited}
 * @param labels its labels
 * @param name its name, without the engine's leading {@code /}; empty when not known
 */
public record ContainerSummary(String id, String image, String state, Map<String, String> labels, String name) {

    /** Makes defensive copies. */
    public ContainerSummary {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        name = name == null ? "" : name.startsWith("/") ? name.substring(1) : name;
    }

    /** A row whose name is not known. */
    public ContainerSummary(String id, String image, String state, Map<String, String> labels) {
        this(id, image, state, labels, "");
    }
}
