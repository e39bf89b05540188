package dev.kiln.runtime;

import dev.kiln.runtime.build.BuildPlanner;
import dev.kiln.runtime.build.BuildRun;
import dev.kiln.runtime.build.LoadedTemplate;
import dev.kiln.runtime.build.Masker;
import dev.kiln.runtime.build.OnError;
import dev.kiln.runtime.discovery.ComponentRegistry;
import dev.kiln.runtime.event.EventBus;
import dev.kiln.runtime.template.ConfigBinder;
import dev.kiln.runtime.template.RenderContext;
import dev.kiln.runtime.template.Template;
import dev.kiln.runtime.template.TemplateParser;
import dev.kiln.runtime.template.Variables;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.Properties;

/**
 * The runtime's front door: load a template, plan its builds, run them. One instance per process or shell session;
 * the instant that {@code timestamp} renders is fixed when it is created, as in Packer.
 */
public final class Kiln {

    private final ComponentRegistry registry;
    private final ConfigBinder binder = new ConfigBinder();
    private final Map<String, String> environment;
    private final Path workingDir;
    private final Instant now = Instant.now();

    /**
     * Creates a runtime over {@code registry}.
     *
     * @param environment what {@code {{env}}} reads
     * @param workingDir what {@code {{pwd}}} returns
     */
    public Kiln(ComponentRegistry registry, Map<String, String> environment, Path workingDir) {
        this.registry = registry;
        this.environment = Map.copyOf(environment);
        this.workingDir = workingDir.toAbsolutePath();
    }

    /** Kiln's version, e.g. {@code 0.1.0}; read once from the jar. */
    public static String version() {
        return Version.VALUE;
    }

    /** Reads the version on first use only (the holder idiom), not on every call. */
    private static final class Version {
        static final String VALUE = read();

        private static String read() {
            try (InputStream in = Kiln.class.getResourceAsStream("version.properties")) {
                Properties properties = new Properties();
                properties.load(in);
                return properties.getProperty("version");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The components this runtime knows. */
    public ComponentRegistry registry() {
        return registry;
    }

    /**
     * Parses {@code file} and resolves its user variables ({@code -var} over later {@code -var-file}s over earlier
     * ones over the defaults). A variable problem, such as a required variable that is not set, does not stop the
     * load: it is kept in {@link LoadedTemplate#problems()}, the variable's value is unknown, and {@link #plan}
     * reports it together with every other problem of the template.
     *
     * @throws dev.kiln.runtime.template.TemplateException with every problem found when the template cannot be read
     */
    public LoadedTemplate load(Path file, List<Path> varFiles, Map<String, String> vars) {
        Template template = new TemplateParser().parse(file);
        RenderContext base = new RenderContext(Map.of(), true, environment, "", "",
                file.toAbsolutePath().getParent(), workingDir, now, version(), Map.of(), false);
        Variables.Resolution resolved = Variables.resolveAll(template, varFiles, vars, base);
        return new LoadedTemplate(template, resolved.values(),
                Variables.sensitiveValues(template, resolved.values()), environment, workingDir, now, version(),
                resolved.unknown(), resolved.problems());
    }

    /**
     * Selects, binds and validates the builds; problems are returned, not thrown, the template's variable problems
     * first.
     */
    public BuildPlanner.Plan plan(LoadedTemplate template, List<String> only, List<String> except) {
        return new BuildPlanner(registry, binder).plan(template, only, except);
    }

    /**
     * Creates a run of {@code plan}'s builds that reports to {@code bus}.
     *
     * @param asker answers questions ({@code -on-error=ask}); returns empty when nobody can answer
     */
    public BuildRun newRun(LoadedTemplate template, BuildPlanner.Plan plan, OnError onError, int parallelBuilds,
                           EventBus bus, Function<String, Optional<String>> asker) {
        return new BuildRun(plan.builds(), registry, binder, onError, parallelBuilds, bus,
                new Masker(template.sensitiveValues()), asker);
    }
}
