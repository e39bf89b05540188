package dev.kiln.api.testing;

import dev.kiln.api.ConfigException;
import dev.kiln.api.PostProcessContext;
import dev.kiln.api.ProvisionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The context a provisioner or post-processor is given, for unit tests: a {@link RecordingUi}, a build name and
 * builder type, a {@link #render} that replaces {@code {{.Key}}} (also {@code {{ .Key }}}) with the data's values
 * and leaves everything else as it is, and a {@link #cancel()} switch. Kiln's real rendering (user variables, functions) happens in the runtime; a
 * test of a plugin only needs the fields the plugin renders itself. Thread-safe.
 *
 * <pre>{@code
 * FakeContext context = new FakeContext("docker", "docker");
 * new MyPostProcessor().process(context, artifact, config);
 * assertThat(context.ui().lines()).contains("say: ...");
 * }</pre>
 */
public final class FakeContext implements ProvisionContext, PostProcessContext {

    private static final Pattern FIELD = Pattern.compile("\\{\\{\\s*\\.(\\w+)\\s*}}");

    private final RecordingUi ui = new RecordingUi();
    private final String buildName;
    private final String builderType;
    private final List<Map<String, ?>> renderData = new ArrayList<>();
    private volatile boolean cancelled;

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

    /**
     * Replaces each {@code {{.Key}}} (spaces allowed inside the braces) with {@code data}'s value; anything else is
     * left as it is.
     *
     * @throws ConfigException for a dot-field that {@code data} does not have, as the runtime refuses it
     */
    @Override
    public synchronized String render(String template, Map<String, ?> data) {
        renderData.add(Map.copyOf(data));
        Matcher matcher = FIELD.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            Object value = data.get(matcher.group(1));
            if (value == null) {
                throw new ConfigException("template: " + matcher.group() + ": unknown field '" + matcher.group(1)
                        + "'");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value.toString()));
        }
        return matcher.appendTail(out).toString();
    }

    @Override
    public boolean cancelled() {
        return cancelled || Thread.currentThread().isInterrupted();
    }

    /** Makes {@link #cancelled()} answer true from now on, as when the user presses Ctrl-C. */
    public void cancel() {
        cancelled = true;
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
