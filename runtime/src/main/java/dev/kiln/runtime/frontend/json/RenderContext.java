package dev.kiln.runtime.frontend.json;

import java.nio.file.Path;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a template string is rendered against: user variables, the environment, the build, the clock and the data
 * ({@code .Field}s and generated data) of the place it is rendered in.
 *
 * @param userVariables what {@code user} reads
 * @param envAllowed whether {@code env} may be used; true only in the variables section, where {@code user} of an
 *     unset variable is also an error rather than an empty string, as in Packer
 * @param environment what {@code env} reads
 * @param buildName what {@code build_name} returns; null or empty when not in a build
 * @param buildType what {@code build_type} returns; null or empty when not in a build
 * @param templateDir what {@code template_dir} returns (made absolute); null when unknown
 * @param workingDir what {@code pwd} returns; null means the process's working directory
 * @param now the instant {@code timestamp}, {@code isotime} and {@code strftime} render, fixed for a run; null means
 *     the moment the context was created
 * @param kilnVersion what {@code packer_version} returns; null or empty when not available
 * @param data the {@code .Field} values and generated data ({@code build "Key"}) available here
 * @param lenient when true, an action that needs a {@code .Field} or generated data not in {@code data} is kept
 *     verbatim for a later rendering; when false it is an error
 * @param unknownVariables user variables whose value is not known (a required variable that is not set, or one
 *     that failed to resolve): {@code user} of one fails with {@link RenderException#unknownVariable()} set, so a
 *     check can skip a value it cannot know instead of reporting a bogus problem; empty for a run
 */
public record RenderContext(Map<String, String> userVariables, boolean envAllowed, Map<String, String> environment,
                            String buildName, String buildType, Path templateDir, Path workingDir, Instant now,
                            String kilnVersion, Map<String, ?> data, boolean lenient, Set<String> unknownVariables) {

    /** Makes the maps and the set unmodifiable copies (null means empty) and fills in {@code now}. */
    public RenderContext {
        userVariables = copy(userVariables);
        environment = copy(environment);
        data = copy(data);
        now = now == null ? Instant.now() : now;
        unknownVariables = unknownVariables == null ? Set.of() : Set.copyOf(unknownVariables);
    }

    /** A context in which every user variable's value is known. */
    public RenderContext(Map<String, String> userVariables, boolean envAllowed, Map<String, String> environment,
                         String buildName, String buildType, Path templateDir, Path workingDir, Instant now,
                         String kilnVersion, Map<String, ?> data, boolean lenient) {
        this(userVariables, envAllowed, environment, buildName, buildType, templateDir, workingDir, now, kilnVersion,
                data, lenient, Set.of());
    }

    /**
     * A context with nothing set: no user variables, env not allowed, an empty environment, no build, the process's
     * working directory, the current instant, no version, no data, strict.
     */
    public static RenderContext empty() {
        return new RenderContext(Map.of(), false, Map.of(), null, null, null, null, null, null, Map.of(), false);
    }

    /** This context with other user variables. */
    public RenderContext withUserVariables(Map<String, String> variables) {
        return new RenderContext(variables, envAllowed, environment, buildName, buildType, templateDir, workingDir,
                now, kilnVersion, data, lenient, unknownVariables);
    }

    /** This context with {@code env} allowed or not (and {@code user} of an unset variable an error or not). */
    public RenderContext withEnvAllowed(boolean allowed) {
        return new RenderContext(userVariables, allowed, environment, buildName, buildType, templateDir, workingDir,
                now, kilnVersion, data, lenient, unknownVariables);
    }

    /** This context with another environment for {@code env}. */
    public RenderContext withEnvironment(Map<String, String> variables) {
        return new RenderContext(userVariables, envAllowed, variables, buildName, buildType, templateDir, workingDir,
                now, kilnVersion, data, lenient, unknownVariables);
    }

    /** This context inside the build named {@code name} whose builder type is {@code type}. */
    public RenderContext withBuild(String name, String type) {
        return new RenderContext(userVariables, envAllowed, environment, name, type, templateDir, workingDir, now,
                kilnVersion, data, lenient, unknownVariables);
    }

    /** This context with another template directory and working directory. */
    public RenderContext withDirectories(Path template, Path working) {
        return new RenderContext(userVariables, envAllowed, environment, buildName, buildType, template, working, now,
                kilnVersion, data, lenient, unknownVariables);
    }

    /** This context with another fixed instant. */
    public RenderContext withNow(Instant instant) {
        return new RenderContext(userVariables, envAllowed, environment, buildName, buildType, templateDir,
                workingDir, instant, kilnVersion, data, lenient, unknownVariables);
    }

    /** This context with another version for {@code packer_version}. */
    public RenderContext withKilnVersion(String version) {
        return new RenderContext(userVariables, envAllowed, environment, buildName, buildType, templateDir,
                workingDir, now, version, data, lenient, unknownVariables);
    }

    /** This context with other {@code .Field} values and generated data. */
    public RenderContext withData(Map<String, ?> values) {
        return new RenderContext(userVariables, envAllowed, environment, buildName, buildType, templateDir,
                workingDir, now, kilnVersion, values, lenient, unknownVariables);
    }

    /** This context, lenient or strict about missing {@code .Field}s and generated data. */
    public RenderContext withLenient(boolean keepMissing) {
        return new RenderContext(userVariables, envAllowed, environment, buildName, buildType, templateDir,
                workingDir, now, kilnVersion, data, keepMissing, unknownVariables);
    }

    /** This context with other user variables whose value is not known. */
    public RenderContext withUnknownVariables(Set<String> names) {
        return new RenderContext(userVariables, envAllowed, environment, buildName, buildType, templateDir,
                workingDir, now, kilnVersion, data, lenient, names);
    }

    /**
     * A read-only view of {@code values} that contexts keep as it is instead of copying it: {@link Variables} renders
     * each value against every value resolved so far, and copying them all for each would take quadratic time.
     */
    static Map<String, String> growing(Map<String, String> values) {
        return new Growing(values);
    }

    private static <V> Map<String, V> copy(Map<String, V> map) {
        if (map instanceof Growing) {
            return map;
        }
        return map == null || map.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** See {@link #growing}. */
    private static final class Growing extends AbstractMap<String, String> {
        private final Map<String, String> values;

        Growing(Map<String, String> values) {
            this.values = Collections.unmodifiableMap(values);
        }

        @Override
        public Set<Map.Entry<String, String>> entrySet() {
            return values.entrySet();
        }

        @Override
        public String get(Object key) {
            return values.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return values.containsKey(key);
        }

        @Override
        public int size() {
            return values.size();
        }
    }
}
