package dev.kiln.runtime.session;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.api.LeftoverSweeper;
import dev.kiln.runtime.Kiln;
import dev.kiln.runtime.build.BuildPlanner;
import dev.kiln.runtime.build.BuildPlanner.Plan;
import dev.kiln.runtime.build.BuildRun;
import dev.kiln.runtime.build.ConfigBinder;
import dev.kiln.runtime.build.Masker;
import dev.kiln.runtime.build.Resources;
import dev.kiln.runtime.event.EventBus;
import dev.kiln.runtime.frontend.BuildModel;
import dev.kiln.runtime.frontend.BuildSpec;
import dev.kiln.runtime.frontend.ComponentSpec;
import dev.kiln.runtime.frontend.FrontEnds;
import dev.kiln.runtime.frontend.TemplateException;
import dev.kiln.runtime.frontend.TemplateFrontEnd;
import dev.kiln.runtime.frontend.TemplateInput;
import dev.kiln.runtime.frontend.TemplateInput.VariableInput;
import dev.kiln.runtime.frontend.hcl.HclFrontEnd;
import dev.kiln.runtime.frontend.json.JsonFrontEnd;
import dev.kiln.runtime.leftover.BuildFolders;
import dev.kiln.runtime.leftover.Liveness;
import dev.kiln.runtime.leftover.Sweep;
import dev.kiln.runtime.log.LogMasking;
import dev.kiln.runtime.plugin.PluginFolders;
import dev.kiln.runtime.plugin.PluginLoader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the batch command line and the interactive shell drive: plugins loaded once and reloaded on request,
 * templates read and validated, builds started and cancelled. The commands only turn their input into requests and
 * results into output and exit codes, as a JUnit {@code Launcher} serves every front end.
 *
 * <pre>{@code
 * try (KilnSession session = KilnSession.open(KilnSession.Options.of(System.getenv(), Path.of("")))) {
 *     Validation validation = session.validate(TemplateRequest.of(Path.of("template.json")));
 *     if (validation.ok()) {
 *         BuildHandle.Result result = session.start(validation, new BuildOptions(null, 0, null), bus).await();
 *     }
 * }
 * }</pre>
 *
 * <p>Thread-safe. Each request reads the clock anew, so every build of a long-lived session renders its own
 * {@code {{timestamp}}}; within one request it is fixed, as in Packer.
 */
public final class KilnSession implements AutoCloseable {

    /**
     * Where a session looks.
     *
     * @param environment what {@code {{env}}} reads and where plugin folders and docker settings come from
     * @param workingDir what {@code {{pwd}}} returns and relative paths start from
     * @param userHome the home folder ({@code ~/.kiln/plugins}), or null
     * @param kilnHome the installation ({@code $KILN_HOME/plugins}), or null
     * @param pluginDirs {@code --plugin-dir} folders, searched first
     * @param classPath whose class path also provides components (the built-in ones in tests)
     * @param clock what {@code {{timestamp}}} reads, once per request
     */
    public record Options(Map<String, String> environment, Path workingDir, Path userHome, Path kilnHome,
                          List<Path> pluginDirs, ClassLoader classPath, Clock clock) {

        /** Copies the collections and makes the working directory absolute. */
        public Options {
            environment = Map.copyOf(environment);
            workingDir = workingDir.toAbsolutePath();
            pluginDirs = pluginDirs == null ? List.of() : List.copyOf(pluginDirs);
            classPath = classPath == null ? KilnSession.class.getClassLoader() : classPath;
            clock = clock == null ? Clock.systemUTC() : clock;
        }

        /** The process's own settings: {@code HOME}, the {@code kiln.home} property, no extra plugin folders. */
        public static Options of(Map<String, String> environment, Path workingDir) {
            String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
            String kilnHome = System.getProperty("kiln.home");
            return new Options(environment, workingDir, home == null ? null : Path.of(home),
                    kilnHome == null ? null : Path.of(kilnHome), List.of(), null, null);
        }

        /** The same settings with {@code dirs} as the {@code --plugin-dir} folders. */
        public Options withPluginDirs(List<Path> dirs) {
            return new Options(environment, workingDir, userHome, kilnHome, dirs, classPath, clock);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(KilnSession.class);

    private final Options options;
    /** Made on first use: its Jackson set-up is a tenth of a cold start, which {@link #warmUp()} can overlap. */
    private ConfigBinder binder;
    /** Packer JSON and HCL2. */
    private final FrontEnds frontEnds = FrontEnds.of(new JsonFrontEnd(), new HclFrontEnd());
    private final Set<BuildHandle> running = ConcurrentHashMap.newKeySet();
    /** The sensitive values of every template this session loaded, masked in the diagnostic log until it closes. */
    private final LogMasking.Registration logMasking = LogMasking.register();
    private PluginLoader.Result plugins;
    private Resources shared = new Resources("session");
    private boolean closed;

    private KilnSession(Options options) {
        this.options = options;
    }

    /**
     * Opens a session; plugins load on first use ({@link #plugins()}), so {@code kiln version} stays cheap.
     *
     * @param options where to look
     * @return the session; close it to unload the plugins
     */
    public static KilnSession open(Options options) {
        return new KilnSession(Objects.requireNonNull(options, "options"));
    }

    /** Where this session looks. */
    public Options options() {
        return options;
    }

    /** Resolves a path the user typed against the working directory. */
    public Path resolve(Path path) {
        return options.workingDir().resolve(path);
    }

    /**
     * Loads the plugins and prepares the binding of template blocks to component configs, so that a caller can do it
     * on another thread while it parses its own command line; what fails here is reported again when used.
     *
     * @param template the template the command will read, when known: only the plugins it needs are loaded (see
     *                 {@link #plugins(Set)}), as its syntax names them ({@link TemplateFrontEnd#components}: the
     *                 command reads it in full meanwhile); null loads every plugin
     * @param build whether the command builds: then what every engine client needs first is made ready too
     */
    public void warmUp(Path template, boolean build) {
        Set<String> needs = null;
        if (template != null) {
            try {
                TemplateInput input = input(template, List.of());
                needs = frontEnds.choose(input.template()).components(input).orElseGet(() -> needs(read(template)));
            } catch (RuntimeException e) {
                // not a template that reads: the command reports why, and needs no plugins for that
                return;
            }
        }
        plugins(needs);
        binder();
        if (build) {
            warmUpEngineClients();
        }
    }

    /**
     * Readies, while the main thread still plans, what a build's first engine request needs: the engine layer's JSON
     * and the JDK's unix-domain sockets (their set-up seeds a {@code SecureRandom}). Otherwise a cold build makes both
     * between planning and its first request. The engine layer writes its requests with jackson-core's UTF-8
     * generator and reads the answers, whole or as streams, with its byte parser into databind's tree nodes; it has
     * no {@code ObjectMapper}, whose set-up (date formats, locale data, serializer caches) alone cost more than all of
     * this. Plugins share Kiln's Jackson, so these are the very classes a build then uses.
     */
    private static void warmUpEngineClients() {
        try {
            JsonFactory factory = new JsonFactory();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (JsonGenerator generator = factory.createGenerator(out, JsonEncoding.UTF8)) {
                generator.writeStartObject();
                generator.writeStringField("Image", "w\u00e4rm");
                generator.writeNumberField("Int", 1);
                generator.writeNumberField("Long", Long.MAX_VALUE);
                generator.writeNumberField("Double", 0.5);
                generator.writeArrayFieldStart("Cmd");
                generator.writeBoolean(true);
                generator.writeNull();
                generator.writeEndArray();
                generator.writeEndObject();
            }
            JsonNodeFactory nodes = JsonNodeFactory.instance;
            ObjectNode tree = nodes.objectNode();
            ArrayNode list = tree.putArray("list");
            try (JsonParser parser = factory.createParser(new ByteArrayInputStream(out.toByteArray()))) {
                for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                    switch (token) {
                        case VALUE_STRING -> tree.set(parser.currentName(), nodes.textNode(parser.getText()));
                        case VALUE_NUMBER_INT -> list.add(parser.getNumberType() == JsonParser.NumberType.INT
                                ? nodes.numberNode(parser.getIntValue()) : nodes.numberNode(parser.getLongValue()));
                        case VALUE_NUMBER_FLOAT -> list.add(nodes.numberNode(parser.getDoubleValue()));
                        case VALUE_TRUE -> list.add(nodes.booleanNode(true));
                        case VALUE_NULL -> list.add(nodes.nullNode());
                        default -> { }
                    }
                }
            }
            SocketChannel.open(StandardProtocolFamily.UNIX).close();
        } catch (IOException | RuntimeException | LinkageError e) {
            LOG.debug("warming up for the engine failed", e); // only a head start: the build does it again
        }
    }

    private synchronized ConfigBinder binder() {
        if (binder == null) {
            binder = new ConfigBinder();
        }
        return binder;
    }

    /**
     * Every plugin, loaded on first use from every plugin folder and the class path (when only some were loaded
     * for a template, the rest are loaded too, unless a build is running).
     *
     * @return what loading found, problems included
     */
    public synchronized PluginLoader.Result plugins() {
        return plugins(null);
    }

    /**
     * The plugins a template that uses {@code needs} may use, loaded on first use: only the plugin files whose
     * declarations name one of the needs (see {@link PluginLoader#load(List, String, ClassLoader, Set)}), which
     * saves a cold {@code kiln build} most of its plugin loading. Plugins already loaded serve when they
     * {@link PluginLoader.Result#covers cover} the needs; otherwise they are replaced by every plugin, unless a
     * build is running.
     *
     * @param needs the components the template names ({@link #needs(BuildModel)}), or null for every plugin
     * @return what loading found, problems included
     */
    public synchronized PluginLoader.Result plugins(Set<String> needs) {
        if (closed) {
            throw new IllegalStateException("the session is closed");
        }
        if (plugins != null && !(needs == null ? plugins.complete() : plugins.covers(needs)) && running.isEmpty()) {
            closeShared(); // made by the plugins' classes, which unloading discards
            shared = new Resources("session");
            plugins.close();
            plugins = null;
            needs = null; // a second template, or another command: every plugin from now on
        }
        if (plugins == null) {
            List<Path> folders = PluginFolders.resolve(options.pluginDirs().stream().map(this::resolve).toList(),
                    options.environment(), options.userHome(), options.kilnHome());
            plugins = PluginLoader.load(folders, Kiln.version(), options.classPath(), needs);
        }
        return plugins;
    }

    /** The plugins as loaded so far, without loading any. */
    public synchronized Optional<PluginLoader.Result> loadedPlugins() {
        return Optional.ofNullable(plugins);
    }

    /** The components a template names, as plugins declare them: {@code "builder docker"}. */
    public static Set<String> needs(BuildModel model) {
        List<ComponentSpec> components = new ArrayList<>();
        for (BuildSpec build : model.builds()) {
            components.add(build.builder());
            components.addAll(build.provisioners());
            if (build.errorCleanupProvisioner() != null) {
                components.add(build.errorCleanupProvisioner());
            }
            build.postProcessors().forEach(components::addAll);
        }
        Set<String> needs = new LinkedHashSet<>();
        components.forEach(component -> needs.add(component.kind() + " " + component.type()));
        return needs;
    }

    /**
     * Unloads the plugins and loads them again, so plugin files added, changed or removed since take effect; a
     * plugin that no longer loads is reported and the others keep working.
     *
     * @return what loading found
     * @throws IllegalStateException while a build runs
     */
    public synchronized PluginLoader.Result reload() {
        if (!running.isEmpty()) {
            throw new IllegalStateException("a build is running; reload the plugins when it has finished");
        }
        closeShared(); // made by the plugins' classes, which unloading discards
        shared = new Resources("session");
        if (plugins != null) {
            plugins.close();
            plugins = null;
        }
        return plugins();
    }

    private void closeShared() {
        shared.close((key, e) -> LOG.warn("closing session resource {} failed: {}", key, e.toString()));
    }

    /**
     * Reads a template without loading plugins, through the front end its name chooses, as {@code inspect},
     * {@code validate -syntax-only} and the shell's {@code load} need. Its variables are resolved without inputs:
     * their problems (a required variable) are in {@link BuildModel#problems()} and do not stop the read.
     *
     * @throws TemplateException with every problem when the template cannot be read
     */
    public BuildModel read(Path template) {
        BuildModel model = frontEnds.load(input(template, List.of()));
        logMasking.add(model.sensitiveValues()); // defaults of sensitive variables, never logged in the clear
        return model;
    }

    private TemplateInput input(Path template, List<VariableInput> inputs) {
        return new TemplateInput(resolve(template), inputs, options.environment(), options.workingDir(),
                options.clock().instant(), Kiln.version());
    }

    /** The front ends this session reads templates with. */
    public FrontEnds frontEnds() {
        return frontEnds;
    }

    /**
     * Reads the template, resolves its variables and plans its builds: every problem of the template at once, no
     * engine calls and no files written.
     *
     * @return the plan, or every problem found
     */
    public Validation validate(TemplateRequest request) {
        BuildModel model;
        try {
            model = load(request);
        } catch (TemplateException e) {
            return new Validation(request, null, null, e.problems(), List.of());
        }
        Plan plan = new BuildPlanner(plugins(needs(model)).registry(), binder())
                .plan(model, request.only(), request.except());
        return new Validation(request, model, plan, plan.problems(), plan.warnings());
    }

    private BuildModel load(TemplateRequest request) {
        List<VariableInput> inputs = new ArrayList<>();
        request.varFiles().stream().map(this::resolve).forEach(f -> inputs.add(new VariableInput.VarFile(f)));
        request.variables().forEach((name, value) -> inputs.add(new VariableInput.Var(name, value)));
        BuildModel model = frontEnds.load(input(request.template(), inputs));
        logMasking.add(model.sensitiveValues()); // before anything can log them: planning and building come after
        return model;
    }

    /**
     * Starts a validated template's builds on their own threads, reporting to {@code bus}.
     *
     * @param validation an {@link Validation#ok() ok} validation from this session
     * @return the running builds
     * @throws IllegalArgumentException when the validation has problems
     */
    public BuildHandle start(Validation validation, BuildOptions build, EventBus bus) {
        if (!validation.ok()) {
            throw new IllegalArgumentException("the template has problems: " + validation.problems());
        }
        BuildRun run = new BuildRun(validation.plan().builds(), plugins(needs(validation.model())).registry(),
                binder(), build.onError(), build.parallelBuilds(), bus,
                new Masker(validation.model().sensitiveValues()), build.prompter(), build.debug(), shared, folders());
        BuildHandle handle = new BuildHandle(run, running::remove);
        running.add(handle);
        handle.begin();
        return handle;
    }

    /** Where this session's builds keep their folders: under {@code TMPDIR} or {@code java.io.tmpdir}. */
    public BuildFolders folders() {
        return BuildFolders.of(options.environment());
    }

    /**
     * {@code kiln cleanup}: removes what builds whose Kiln process has ended left behind on this machine (their
     * build folders and the partial outputs those list) and on the engines that the environment and
     * {@code dockerHosts} name (what every plugin's {@link LeftoverSweeper} finds). Things of running builds, of
     * other machines, and things Kiln did not make are left alone.
     *
     * @param dockerHosts engines to search besides the environment's
     * @param dryRun whether to report what would be removed and remove nothing
     * @param report where each thing is reported as the sweep goes
     * @return what was done, in numbers
     */
    public Sweep.Summary cleanup(List<String> dockerHosts, boolean dryRun, Sweep.Report report)
            throws InterruptedException {
        List<LeftoverSweeper> sweepers = new ArrayList<>();
        plugins().registry().all().forEach(registered -> {
            if (registered.component() instanceof LeftoverSweeper sweeper
                    && sweepers.stream().noneMatch(known -> known == sweeper)) {
                sweepers.add(sweeper);
            }
        });
        return new Sweep(folders(), Liveness.ofThisMachine(), sweepers, dockerHosts, dryRun, report).run();
    }

    /** Unloads the plugins. Builds still running are cancelled first and waited for. */
    @Override
    public void close() {
        List<BuildHandle> active = new ArrayList<>(running);
        active.forEach(BuildHandle::cancel);
        for (BuildHandle handle : active) {
            try {
                handle.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                // it failed: nothing left to wait for
            }
        }
        synchronized (this) {
            closed = true;
            closeShared();
            if (plugins != null) {
                plugins.close();
                plugins = null;
            }
            logMasking.close(); // last: closing the plugins may still log
        }
    }
}
