package dev.kiln.plugin.checksum;

import dev.kiln.api.Artifact;
import java.util.List;
import java.util.Map;

/** Artifacts as a builder or an earlier post-processor would pass them on. */
final class TestArtifacts {

    private TestArtifacts() {
    }

    /** An artifact as a builder or an earlier post-processor would pass it on. */
    static Artifact artifact(String id, List<String> files) {
        return new Artifact() {
            @Override public String builderType() { return "docker"; }
            @Override public String id() { return id; }
            @Override public List<String> files() { return files; }
            @Override public Map<String, String> metadata() { return Map.of(); }
            @Override public String describe() { return "Test artifact: " + id; }
            @Override public void destroy() { throw new AssertionError("checksum must never destroy its input"); }
        };
    }
}
