package dev.kiln.runtime.event;

import dev.kiln.api.Artifact;
import java.util.List;

/**
 * What renderers show of an artifact; taken once, so a later {@link Artifact#destroy()} cannot change it.
 *
 * @param builderType the type of the component that made it
 * @param id its id
 * @param description its one-line description
 * @param files its local files
 */
public record ArtifactSummary(String builderType, String id, String description, List<String> files) {

    /** Copies the files list. */
    public ArtifactSummary {
        files = List.copyOf(files);
    }

    /** Takes the summary of {@code artifact}. */
    public static ArtifactSummary of(Artifact artifact) {
        return new ArtifactSummary(artifact.builderType(), artifact.id(), artifact.describe(), artifact.files());
    }
}
