package com.example.kiln.artifactlog;

import dev.kiln.api.Artifact;
import dev.kiln.api.PostProcessContext;
import dev.kiln.api.Ui;
import dev.kiln.api.testing.RecordingUi;
import java.util.List;
import java.util.Map;

/** A {@link PostProcessContext} for unit tests: reports to a {@link RecordingUi}; this plugin renders nothing. */
final class FakePostProcessContext implements PostProcessContext {

    private final RecordingUi ui = new RecordingUi();
    private final String buildName;

    FakePostProcessContext(String buildName) {
        this.buildName = buildName;
    }

    @Override public Ui ui() { return ui; }
    @Override public String buildName() { return buildName; }
    @Override public String builderType() { return "docker"; }

    @Override
    public String render(String template, Map<String, ?> data) {
        throw new AssertionError("example-artifact-log renders nothing itself");
    }

    RecordingUi recorded() {
        return ui;
    }

    /** An artifact as a builder or an earlier post-processor would pass it on. */
    static Artifact artifact(String builderType, String id, List<String> files) {
        return new Artifact() {
            @Override public String builderType() { return builderType; }
            @Override public String id() { return id; }
            @Override public List<String> files() { return files; }
            @Override public Map<String, String> metadata() { return Map.of(); }
            @Override public String describe() { return "Test artifact: " + id; }
            @Override public void destroy() { throw new AssertionError("the log must never destroy its input"); }
        };
    }
}
