package dev.kiln.plugin.manifest;

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
final class TestContext implements PostProcessContext {

    private static final Pattern FIELD = Pattern.compile("\\{\\{\\s*\\.(\\w+)\\s*}}");

    private final RecordingUi ui = new RecordingUi();
    private final String buildName;
    private final String builderType;

    TestContext(String buildName, String builderType) {
        this.buildName = buildName;
        this.builderType = builderType;
    }

    @Override public Ui ui() { return ui; }
    @Override public String buildName() { return buildName; }
    @Override public String builderType() { return builderType; }

    RecordingUi recorded() {
        return ui;
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
