package dev.kiln.plugin.file;

import dev.kiln.api.ProvisionContext;
import dev.kiln.api.testing.RecordingUi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A {@link ProvisionContext} whose render() replaces {@code {{.Key}}} with the data's values and nothing else. */
final class FakeProvisionContext implements ProvisionContext {

    private final RecordingUi ui = new RecordingUi();
    private final String buildName;
    private final String builderType;
    private final List<Map<String, ?>> renderData = new ArrayList<>();

    FakeProvisionContext() {
        this("docker", "docker");
    }

    FakeProvisionContext(String buildName, String builderType) {
        this.buildName = buildName;
        this.builderType = builderType;
    }

    @Override public RecordingUi ui() { return ui; }
    @Override public String buildName() { return buildName; }
    @Override public String builderType() { return builderType; }

    /** How often render() was called. */
    synchronized int renderCount() {
        return renderData.size();
    }

    @Override
    public synchronized String render(String template, Map<String, ?> data) {
        renderData.add(Map.copyOf(data));
        String out = template;
        for (Map.Entry<String, ?> field : data.entrySet()) {
            out = out.replace("{{." + field.getKey() + "}}", String.valueOf(field.getValue()));
        }
        return out;
    }

    /** The data of every render() call, in order. */
    synchronized List<Map<String, ?>> renderData() {
        return List.copyOf(renderData);
    }
}
