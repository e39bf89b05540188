package dev.kiln.docker.engine;

import java.util.Map;

/**
 * One row of {@code docker ps -a}.
 *
 * @param id the full container ID
 * @param image the image it was created from
 * @param state e.g. {@code running}, {@code created}, {@code exited}
 * @param labels its labels
 */
public record ContainerSummary(String id, String image, String state, Map<String, String> labels) {

    /** Makes defensive copies. */
    public ContainerSummary {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
