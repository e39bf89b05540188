package dev.kiln.plugin.checksum;

import dev.kiln.api.Artifact;
import dev.kiln.api.ConfigException;
import dev.kiln.api.PostProcessContext;
import dev.kiln.api.Ui;
import dev.kiln.api.testing.RecordingUi;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link PostProcessContext} for unit tests: reports to a {@link RecordingUi} and renders only dot-fields
 * ({@code {{ .Name }}}), which is all the runtime leaves for a post-processor to render.
 */
final class FakePostProcessContext implements PostProcessContext {

    private static final Pattern FIELD = Pattern.compile("\\{\\{\\s*\\.(\\w+)\\s*}}");

    private final RecordingUi ui = new RecordingUi();
    private final String buildName;
    private final String builderType;
    private volatile boolean cancelled;

    FakePostProcessContext(String buildName, String builderType) {
        this.buildName = buildName;
        this.builderType = builderType;
    }

    @Override public Ui ui() { return ui; }
    @Override public String buildName() { return buildName; }
    @Override public String builderType() { return builderType; }
    @Override public boolean cancelled() { return cancelled; }

    RecordingUi recorded() {
        return ui;
    }

    void cancel() {
        cancelled = true;
    }

    @Override
    public String render(String template, Map<String, ?> data) {
        Matcher matcher = FIELD.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            Object value = data.get(matcher.group(1));
            if (value == null) {
                throw new ConfigException("template: " + matcher.group() + ": unknown field '" + matcher.group(1) + "'");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value.toString()));
        }
        return matcher.appendTail(out).toString();
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
