package dev.kiln.api.testing;

import dev.kiln.api.ConfigException;
import dev.kiln.api.PostProcessContext;
import dev.kiln.api.ProvisionContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The context a provisioner or post-processor is given, for unit tests: a {@link RecordingUi}, a build name and
 * builder type, a {@link #render} that replaces {@code {{.Key}}} (also {@code {{ .Key }}}) with the data's values
 * and leaves everything else as it is, a {@link #cancel()} switch,
 * {@link #buildResource build resources} kept until {@link #endBuild()}, and {@link #sessionResource session
 * resources} shared with the contexts of {@link #nextBuild()} until {@link #endSession()}. Kiln's real rendering (user variables, functions) happens in the runtime; a
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
    private final Map<String, Object> resources = new LinkedHashMap<>();
    private final Map<String, Object> session;
    private final TestCancellation cancellation = new TestCancellation();

    /** A context of the build {@code docker} with builder type {@code docker}. */
    public FakeContext() {
        this("docker", "docker");
    }

    /**
     * @param buildName what {@link #buildName()} answers
     * @param builderType what {@link #builderType()} answers
     */
    public FakeContext(String buildName, String builderType) {
        this(buildName, builderType, new LinkedHashMap<>());
    }

    private FakeContext(String buildName, String builderType, Map<String, Object> session) {
        this.buildName = buildName;
        this.builderType = builderType;
        this.session = session;
    }

    /** The context of another build of the same session: its own build resources, this one's session resources. */
    public FakeContext nextBuild() {
        return new FakeContext(buildName, builderType, session);
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
        return cancellation.isCancelled() || Thread.currentThread().isInterrupted();
    }

    @Override
    public TestCancellation cancellation() {
        return cancellation;
    }

    /**
     * Makes {@link #cancelled()} answer true from now on and closes what was registered with {@link #cancellation()},
     * as when the user presses Ctrl-C.
     */
    public void cancel() {
        cancellation.cancel();
    }

    /** Keeps one value per key until {@link #endBuild()}, as the runtime does for one build. */
    @Override
    public synchronized <T> T buildResource(String key, Class<T> type, Supplier<? extends T> factory) {
        Object value = resources.computeIfAbsent(key, k -> factory.get());
        if (!type.isInstance(value)) {
            throw new IllegalStateException("build resource '" + key + "' is a " + value.getClass().getName());
        }
        return type.cast(value);
    }

    /** Keeps one value per key for every context of the session until {@link #endSession()}. */
    @Override
    public <T> T sessionResource(String key, Class<T> type, Supplier<? extends T> factory) {
        synchronized (session) {
            Object value = session.computeIfAbsent(key, k -> factory.get());
            if (!type.isInstance(value)) {
                throw new IllegalStateException("session resource '" + key + "' is a " + value.getClass().getName());
            }
            return type.cast(value);
        }
    }

    /**
     * Closes the {@link #buildResource build resources}, newest first, as the runtime does when a build ends.
     *
     * @throws Exception the first failure to close one; the others are still closed
     */
    public void endBuild() throws Exception {
        List<Object> values;
        synchronized (this) {
            values = new ArrayList<>(resources.values());
            resources.clear();
        }
        closeAll(values);
    }

    /**
     * Closes the {@link #sessionResource session resources}, newest first, as the runtime does when a session ends.
     *
     * @throws Exception the first failure to close one; the others are still closed
     */
    public void endSession() throws Exception {
        List<Object> values;
        synchronized (session) {
            values = new ArrayList<>(session.values());
            session.clear();
        }
        closeAll(values);
    }

    /** @return the keys of the session resources made so far, in the order they were made */
    public List<String> sessionResourceKeys() {
        synchronized (session) {
            return List.copyOf(session.keySet());
        }
    }

    private static void closeAll(List<Object> values) throws Exception {
        Exception first = null;
        for (int i = values.size() - 1; i >= 0; i--) {
            if (values.get(i) instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    first = first == null ? e : first;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** @return the keys of the build resources made so far, in the order they were made */
    public synchronized List<String> buildResourceKeys() {
        return List.copyOf(resources.keySet());
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
