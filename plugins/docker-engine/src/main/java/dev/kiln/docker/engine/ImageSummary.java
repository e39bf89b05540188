package dev.kiln.docker.engine;

import java.util.List;
import java.util.Map;

/**
 * One row of {@code docker images}.
 *
 * @param id the image ID, {@code sha256:...}
 * @param repoTags its {@code repository:tag} names, empty when untagged
 * @param labels its labels
 */
public record ImageSummary(String id, List<String> repoTags, Map<String, String> labels) {

    /** Makes defensive copies. */
    public ImageSummary {
        repoTags = repoTags == null ? List.of() : List.copyOf(repoTags);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
