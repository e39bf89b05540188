package dev.kiln.api.testing;

import dev.kiln.api.PostProcessContext;
import dev.kiln.api.ProvisionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The context a provisioner or post-processor is given, for unit tests: a {@link RecordingUi}, a build name and
 * builder type, and a {@link #render} that replaces {@code {{.Key}}} (also {@code {{ .Key }}}) with the data's values
 * and leaves everything else as it is. Kiln's real rendering (user variables, functions) happens in the runtime; a
 * test of a plugin only needs the fields the plugin renders itself. Thread-safe.
 *
 * <pre>{@code
 * FakeContext context = new FakeContext("docker", "docker");
 * new MyPostProcessor().process(context, artifact, config);
 * assertThat(context.ui().lines()).contains("say: ...");
 * }</pre>
 */
public final class FakeContext implements ProvisionContext, PostProcessContext {

    private final RecordingUi ui = new RecordingUi();
    private final String buildName;
    private final String builderType;
    private final List<Map<String, ?>> renderData = new ArrayList<>();

    /** A context of the build {@code docker} with builder type {@code docker}. */
    public FakeContext() {
        this("docker", "docker");
    }

    /**
     * @param buildName what {@link #buildName()} answers
     * @param builderType what {@link #builderType()} answers
     */
    public FakeContext(String buildName, String builderType) {
        this.buildName = buildName;
        this.builderType = builderType;
    }

    @Override
    public RecordingUi ui() {
        return ui;
    }

    @Override
    public String buildName() {
        return buildName;
    }

    @Override
    public String builderType() {
        return builderType;
    }

    @Override
    public synchronized String render(String template, Map<String, ?> data) {
        renderData.add(Map.copyOf(data));
        String out = template;
        for (Map.Entry<String, ?> field : data.entrySet()) {
            String value = String.valueOf(field.getValue());
            out = out.replace("{{." + field.getKey() + "}}", value).replace("{{ ." + field.getKey() + " }}", value);
        }
        return out;
    }

    /** @return how often {@link #render} was called */
    public synchronized int renderCount() {
        return renderData.size();
    }

    /** @return the data of every {@link #render} call, in order */
    public synchronized List<Map<String, ?>> renderData() {
        return List.copyOf(renderData);
    }
}
