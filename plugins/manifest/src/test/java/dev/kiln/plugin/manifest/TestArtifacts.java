package dev.kiln.plugin.manifest;

import dev.kiln.api.Artifact;
import java.util.List;
import java.util.Map;

/** Artifacts as a builder or an earlier post-processor would pass them on. */
final class TestArtifacts {

    private TestArtifacts() {
    }

    /** An artifact as a builder or earlier post-processor would pass it on. */
    static Artifact artifact(String builderType, String id, List<String> files, Map<String, String> metadata) {
        return new Artifact() {
            @Override public String builderType() { return builderType; }
            @Override public String id() { return id; }
            @Override public List<String> files() { return files; }
            @Override public Map<String, String> metadata() { return metadata; }
            @Override public String describe() { return "Test artifact: " + id; }
            @Override public void destroy() { throw new AssertionError("the manifest must never destroy its input"); }
        };
    }
}
