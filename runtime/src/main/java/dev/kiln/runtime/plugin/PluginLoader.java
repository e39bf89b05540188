package dev.kiln.runtime.plugin;

import dev.kiln.api.Component;
import dev.kiln.runtime.discovery.ComponentKind;
import dev.kiln.runtime.discovery.ComponentRegistry;
import dev.kiln.runtime.plugin.PluginReport.State;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.pf4j.PluginDependency;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the plugins of some folders with pf4j and registers their components, plus those on the class path. A
 * broken plugin (corrupt file, no descriptor, wrong Kiln version, missing dependency, a class that does not load, a
 * component whose constructor throws) becomes a {@link PluginReport} that is not {@code started}, and a hint on the
 * unknown-type errors it may explain (those of a kind it registers, named like the plugin or its classes); the rest
 * keeps working.
 */
public final class PluginLoader {

    private static final Logger LOG = LoggerFactory.getLogger(PluginLoader.class);

    /**
     * What loading produced.
     *
     * @param registry every component found, class path and plugins together
     * @param plugins one report per plugin file, in folder order
     * @param folders the folders that were searched
     * @param warnings the loading problems that are not about one listed plugin: plugin folders that are files,
     *                 component types provided twice, class-path components that do not load
     * @param unload stops and unloads the plugins (their class loaders close); see {@link #close()}
     * @param complete whether every plugin file was tried; false when only those a template needs were
     */
    public record Result(ComponentRegistry registry, List<PluginReport> plugins, List<Path> folders,
                         List<String> warnings, Runnable unload, boolean complete) implements AutoCloseable {

        /** Copies the lists. */
        public Result {
            plugins = List.copyOf(plugins);
            folders = List.copyOf(folders);
            warnings = List.copyOf(warnings);
            unload = unload == null ? () -> { } : unload;
        }

        /** A result of every plugin file. */
        public Result(ComponentRegistry registry, List<PluginReport> plugins, List<Path> folders,
                      List<String> warnings, Runnable unload) {
            this(registry, plugins, folders, warnings, unload, true);
        }

        /**
         * Whether these plugins serve a template that uses {@code needs} ({@code "builder docker"}): every plugin
         * was loaded, or each need is registered.
         */
        public boolean covers(Set<String> needs) {
            return complete || needs != null && needs.stream()
                    .allMatch(need -> registered(need, (kind, type) -> registry.types(kind).contains(type)));
        }

        /** Stops every plugin and closes its class loader; the registry's components must not be used afterwards. */
        @Override
        public void close() {
            unload.run();
        }
    }

    private PluginLoader() {
    }

    /**
     * Loads every plugin in {@code folders} and every component registered on {@code classPath}'s class path. A
     * folder that is a file or does not exist is a warning, and nothing is loaded from it.
     *
     * @param kilnVersion Kiln's version, checked against each plugin's {@code Plugin-Requires}
     */
    public static Result load(List<Path> folders, String kilnVersion, ClassLoader classPath) {
        return load(folders, kilnVersion, classPath, null);
    }

    /**
     * As {@link #load(List, String, ClassLoader)}, but of the plugin files only those a template that uses
     * {@code needs} ({@code "builder docker"}, {@code "post-processor docker-tag"}) may use, as their
     * {@link PluginDeclaration declarations} say: those that declare one of the needs or a communicator (a builder
     * picks its communicator as it runs), those that declare nothing, and the plugins these depend on. When a need is
     * declared by no plugin and not on the class path, every plugin is loaded, so that its unknown-type error can
     * name every type and every plugin failure that may explain it.
     *
     * @param needs what the template uses, or null for every plugin
     */
    public static Result load(List<Path> folders, String kilnVersion, ClassLoader classPath, Set<String> needs) {
        ComponentRegistry.Builder registry = ComponentRegistry.builder().addServiceProviders(classPath);
        List<Path> searched = new ArrayList<>();
        for (Path folder : folders) {
            if (Files.isDirectory(folder)) {
                searched.add(folder);
            } else if (Files.exists(folder)) {
                registry.problem("Plugin folder '" + folder + "' is a file, not a folder, so no plugins are loaded "
                        + "from it; name the folder that holds plugin files instead.");
            } else {
                registry.problem("Plugin folder '" + folder + "' does not exist, so no plugins are loaded from it.");
            }
        }
        List<PluginReport> reports = new ArrayList<>();
        Runnable unload = null;
        List<Path> found = searched.isEmpty() ? List.of() : KilnPluginManager.pluginPaths(searched);
        Map<Path, PluginDeclaration> declarations = new HashMap<>();
        List<Path> chosen = choose(found, needs, registry, declarations);
        if (!searched.isEmpty()) {
            KilnPluginManager manager = loadPlugins(searched, kilnVersion, registry, reports, chosen, declarations);
            unload = () -> {
                try {
                    manager.stopPlugins();
                    manager.unloadPlugins();
                } catch (RuntimeException e) {
                    LOG.debug("unloading plugins failed", e);
                }
            };
        }
        ComponentRegistry built = registry.build();
        Set<String> aboutOnePlugin = new HashSet<>();
        reports.forEach(report -> aboutOnePlugin.add(report.failure()));
        List<String> warnings = built.problems().stream().filter(p -> !aboutOnePlugin.contains(p)).toList();
        return new Result(built, reports, searched, warnings, unload, chosen.size() == found.size());
    }

    /**
     * Which of the plugin files {@code found} a template that uses {@code needs} loads (see
     * {@link #load(List, String, ClassLoader, Set)}), in their order; puts what it read of them in
     * {@code declarations}.
     */
    private static List<Path> choose(List<Path> found, Set<String> needs, ComponentRegistry.Builder registry,
                                     Map<Path, PluginDeclaration> declarations) {
        if (needs == null || found.isEmpty()) {
            return found;
        }
        Set<String> open = new LinkedHashSet<>(needs);
        open.removeIf(need -> registered(need, registry::has));
        found.forEach(path -> declarations.put(path, PluginDeclaration.of(path)));
        Set<String> declared = new HashSet<>();
        declarations.values().stream().filter(d -> !d.undeclared()).forEach(d -> declared.addAll(d.components()));
        if (!declared.containsAll(open)) {
            return found; // an unknown type: its error names them all
        }
        Set<Path> chosen = new HashSet<>();
        declarations.forEach((path, d) -> {
            if (d.undeclared() || d.components().stream().anyMatch(c -> open.contains(c)
                    || c.startsWith(ComponentKind.COMMUNICATOR.word() + " "))) {
                chosen.add(path);
            }
        });
        Set<String> ids = new HashSet<>();
        boolean grew = true;
        while (grew) { // the plugins the chosen ones depend on, and theirs
            chosen.forEach(path -> ids.addAll(declarations.get(path).dependencies()));
            grew = false;
            for (Map.Entry<Path, PluginDeclaration> entry : declarations.entrySet()) {
                if (ids.contains(entry.getValue().id()) && chosen.add(entry.getKey())) {
                    grew = true;
                }
            }
        }
        LOG.debug("loading {} of {} plugins for {}", chosen.size(), found.size(), needs);
        return found.stream().filter(chosen::contains).toList();
    }

    /** Whether {@code need} ({@code "builder docker"}) names a component that {@code has} knows. */
    private static boolean registered(String need, BiPredicate<ComponentKind, String> has) {
        int space = need.indexOf(' ');
        for (ComponentKind kind : ComponentKind.values()) {
            if (space > 0 && kind.word().equals(need.substring(0, space))) {
                return has.test(kind, need.substring(space + 1));
            }
        }
        return false;
    }

    private static KilnPluginManager loadPlugins(List<Path> folders, String kilnVersion,
                                                 ComponentRegistry.Builder registry, List<PluginReport> reports,
                                                 List<Path> chosen, Map<Path, PluginDeclaration> declarations) {
        KilnPluginManager manager = new KilnPluginManager(folders, releaseVersion(kilnVersion), chosen);
        try {
            manager.loadPlugins();
            manager.startPlugins();
        } catch (RuntimeException e) {
            // pf4j gives up on the whole set only for a dependency cycle
            String why = "Plugins could not be loaded: " + KilnPluginManager.describe(e);
            registry.problem(why).hint(EnumSet.allOf(ComponentKind.class), type -> true, why);
            reports.add(new PluginReport("(all)", "", folders.toString(), State.FAILED, List.of(), why));
            return manager;
        }
        for (Path path : manager.tried()) {
            PluginWrapper plugin = manager.loaded().get(path);
            KilnPluginManager.Duplicate duplicate = manager.duplicates().get(path);
            if (plugin != null) {
                reports.add(report(manager, plugin, registry,
                        declarations.computeIfAbsent(path, PluginDeclaration::of)));
            } else if (duplicate != null) {
                PluginWrapper winner = manager.getPlugin(duplicate.descriptor().getPluginId());
                boolean winnerWorks = winner != null && winner.getPluginState() == PluginState.STARTED;
                reports.add(refusedDuplicate(path, duplicate, winnerWorks, registry));
            } else {
                String message = "Plugin file '" + path + "' could not be loaded: " + manager.loadFailures().get(path);
                registry.problem(message).hint(EnumSet.allOf(ComponentKind.class),
                        namedLike(List.of(path.getFileName().toString())), message);
                reports.add(new PluginReport(path.getFileName().toString(), "", path.toString(), State.FAILED,
                        List.of(), message));
            }
        }
        return manager;
    }

    /** The same plugin id as an earlier file: one line naming both files and which one is used. */
    private static PluginReport refusedDuplicate(Path path, KilnPluginManager.Duplicate duplicate,
                                                 boolean winnerWorks, ComponentRegistry.Builder registry) {
        PluginDescriptor d = duplicate.descriptor();
        Path winner = duplicate.winner();
        String why = winner.getParent() != null && winner.getParent().equals(path.getParent())
                ? "first by name in its folder" : "its folder is searched first";
        // The first copy holds the id even when it does not work (e.g. built for another Kiln version): say so,
        // rather than claim it is used.
        String message = winnerWorks
                ? "Plugin '" + d.getPluginId() + "' is in both " + winner + " and " + path + "; using "
                        + winner + " (" + why + ") and ignoring " + path + "."
                : "Plugin '" + d.getPluginId() + "' is in both " + winner + " and " + path + "; " + winner
                        + " comes first (" + why + ") but does not work (see its own line), and it hides " + path
                        + "; remove or update " + winner + ".";
        registry.problem(message);
        return new PluginReport(d.getPluginId(), d.getVersion(), path.toString(), State.REFUSED, List.of(), message);
    }

    private static PluginReport report(KilnPluginManager manager, PluginWrapper plugin,
                                       ComponentRegistry.Builder registry, PluginDeclaration declared) {
        PluginDescriptor d = plugin.getDescriptor();
        String id = d.getPluginId();
        String file = plugin.getPluginPath().toString();
        String failure = null;
        State state;
        List<String> provides = new ArrayList<>();
        Map<ComponentKind, Set<String>> registered = registrations(plugin);
        if (manager.incompatible().containsKey(id)) {
            state = State.REFUSED;
            failure = manager.incompatible().get(id);
        } else if (manager.getPlugin(id) == null) {
            state = State.FAILED;
            failure = "Plugin '" + id + "' (" + file + ") needs " + missingDependencies(manager, d)
                    + ", which is not installed or failed to load.";
        } else if (!plugin.getPluginState().isStarted()) {
            state = State.FAILED;
            Throwable cause = plugin.getFailedException();
            failure = "Plugin '" + id + "' (" + file + ") did not start: "
                    + (cause == null ? plugin.getPluginState() : KilnPluginManager.describe(cause));
        } else {
            failure = registerComponents(plugin, registered, registry, provides);
            if (failure != null) {
                registry.problem(failure); // each failed component is its own hint
                return new PluginReport(id, d.getVersion(), file, State.FAILED, provides, failure);
            }
            state = State.STARTED;
            if (!declared.undeclared() && !declared.components().equals(new LinkedHashSet<>(provides))) {
                // Kiln loads plugins by their declaration: a wrong one hides components from templates
                registry.problem("Plugin '" + id + "' (" + file + ") declares " + describe(declared.components())
                        + " (" + (plugin.getPluginPath().toFile().isDirectory() ? PluginDeclaration.PROPERTY
                        : PluginDeclaration.MANIFEST_ATTRIBUTE) + ") but registers " + describe(provides)
                        + "; a template is only given the plugins that declare what it uses, so correct the "
                        + "declaration.");
            }
            if (provides.isEmpty() && !isDependedOn(manager, id)) {
                state = State.NO_COMPONENTS;
                failure = "Plugin '" + id + "' (" + file + ") registers no components: none of its "
                        + "META-INF/services files for dev.kiln.api.Builder, Provisioner, PostProcessor or "
                        + "CommunicatorFactory names a class, so it provides nothing.";
            }
        }
        if (failure != null) {
            List<String> names = new ArrayList<>(List.of(id, plugin.getPluginPath().getFileName().toString()));
            registered.values().forEach(names::addAll);
            Set<ComponentKind> kinds = registered.isEmpty() ? EnumSet.allOf(ComponentKind.class)
                    : EnumSet.copyOf(registered.keySet());
            registry.problem(failure).hint(kinds, namedLike(names), failure);
        }
        return new PluginReport(id, d.getVersion(), file, state, provides, failure);
    }

    private static String describe(Collection<String> components) {
        return components.isEmpty() ? "no components" : String.join(", ", components);
    }

    /**
     * Whether a type name could be that of a component of the plugin known by {@code names} (its id, its file name,
     * the classes it registers): each word of the type is a word of one of the names, as {@code docker-tag} is of
     * {@code kiln-plugin-docker-tag} and {@code acme-vsphere} of {@code com.acme.kiln.VsphereBuilder}. Used to attach
     * a plugin's failure only to the unknown types it may explain.
     */
    static Predicate<String> namedLike(Collection<String> names) {
        Set<String> known = new HashSet<>();
        names.forEach(name -> known.addAll(words(name)));
        return type -> {
            List<String> words = words(type);
            return !words.isEmpty() && known.containsAll(words);
        };
    }

    /** The lower-case words of a name: {@code DockerTagPostProcessor}, {@code docker-tag-post.processor}. */
    private static List<String> words(String name) {
        return Arrays.stream(name.split("(?<=[a-z0-9])(?=[A-Z])|[^A-Za-z0-9]+")).filter(word -> !word.isEmpty())
                .map(word -> word.toLowerCase(Locale.ROOT)).toList();
    }

    /**
     * Registers the plugin's components; returns why some failed, or null. Each failed component is a hint for the
     * unknown types of its kind that its class or plugin is named like.
     */
    private static String registerComponents(PluginWrapper plugin, Map<ComponentKind, Set<String>> registered,
                                             ComponentRegistry.Builder registry, List<String> provides) {
        ClassLoader loader = plugin.getPluginClassLoader();
        String origin = plugin.getPluginPath().toString();
        String prefix = "Plugin '" + plugin.getPluginId() + "' (" + origin + "): ";
        List<String> failures = new ArrayList<>();
        for (Map.Entry<ComponentKind, Set<String>> registration : registered.entrySet()) {
            ComponentKind kind = registration.getKey();
            for (String className : registration.getValue()) {
                int before = failures.size();
                try {
                    Class<?> type = Class.forName(className, true, loader);
                    if (kind.type().isAssignableFrom(type)) {
                        Component<?> component = (Component<?>) type.getDeclaredConstructor().newInstance();
                        registry.add(kind, component, origin);
                        provides.add(kind.word() + " " + component.type());
                    } else {
                        failures.add("'" + className + "' is registered as a " + kind.word() + " but does not "
                                + "implement " + kind.type().getName());
                    }
                } catch (VirtualMachineError e) {
                    throw e;
                } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                    Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite
                            && ite.getCause() != null ? ite.getCause() : e;
                    failures.add("'" + className + "' failed: " + cause);
                    LOG.debug("component {} of {} failed", className, origin, e);
                }
                if (failures.size() > before) {
                    registry.hint(EnumSet.of(kind), namedLike(List.of(plugin.getPluginId(),
                            plugin.getPluginPath().getFileName().toString(), className)),
                            prefix + failures.get(before));
                }
            }
        }
        return failures.isEmpty() ? null : prefix + String.join("; ", failures);
    }

    /**
     * The classes the plugin registers, by kind; kinds it registers nothing of are left out. Read for plugins that did
     * not start too, to know which types their failure may explain.
     */
    private static Map<ComponentKind, Set<String>> registrations(PluginWrapper plugin) {
        Map<ComponentKind, Set<String>> registered = new EnumMap<>(ComponentKind.class);
        if (!(plugin.getPluginClassLoader() instanceof URLClassLoader)) {
            return registered;
        }
        // each location opened once for every kind (through a jar: URL, each kind's file opened the jar again)
        for (URL location : ownLocations(plugin)) {
            try {
                Path path = Path.of(location.toURI());
                if (Files.isDirectory(path)) {
                    for (ComponentKind kind : ComponentKind.values()) {
                        Path file = path.resolve(serviceFile(kind));
                        if (Files.isRegularFile(file)) {
                            try (InputStream in = Files.newInputStream(file)) {
                                addNames(in, registered, kind);
                            }
                        }
                    }
                } else {
                    try (JarFile jar = new JarFile(path.toFile(), false)) {
                        for (ComponentKind kind : ComponentKind.values()) {
                            JarEntry entry = jar.getJarEntry(serviceFile(kind));
                            if (entry != null) {
                                try (InputStream in = jar.getInputStream(entry)) {
                                    addNames(in, registered, kind);
                                }
                            }
                        }
                    }
                }
            } catch (IOException | URISyntaxException | RuntimeException e) {
                LOG.debug("cannot read the service files of {}", location, e);
            }
        }
        return registered;
    }

    private static String serviceFile(ComponentKind kind) {
        return "META-INF/services/" + kind.type().getName();
    }

    /** The class names a service file lists, without comments and blank lines. */
    private static void addNames(InputStream in, Map<ComponentKind, Set<String>> registered, ComponentKind kind)
            throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            int comment = line.indexOf('#');
            String name = (comment >= 0 ? line.substring(0, comment) : line).trim();
            if (!name.isEmpty()) {
                registered.computeIfAbsent(kind, k -> new LinkedHashSet<>()).add(name);
            }
        }
    }

    private static List<URL> ownLocations(PluginWrapper plugin) {
        URL[] all = ((URLClassLoader) plugin.getPluginClassLoader()).getURLs();
        List<URL> own = new ArrayList<>();
        String id = plugin.getPluginId();
        for (URL url : all) {
            String path = url.getPath();
            String name = path.substring(path.lastIndexOf('/', path.length() - 2) + 1);
            if (path.endsWith("/") || name.startsWith(id) || all.length == 1) {
                own.add(url);
            }
        }
        return own.stream().anyMatch(url -> !url.getPath().endsWith("/")) ? own : List.of(all);
    }

    /** Whether another plugin declares a dependency on {@code id}: a library plugin need not register anything. */
    private static boolean isDependedOn(KilnPluginManager manager, String id) {
        return manager.loaded().values().stream().flatMap(p -> p.getDescriptor().getDependencies().stream())
                .anyMatch(dependency -> dependency.getPluginId().equals(id));
    }

    private static String missingDependencies(KilnPluginManager manager, PluginDescriptor descriptor) {
        List<String> missing = new ArrayList<>();
        for (PluginDependency dependency : descriptor.getDependencies()) {
            if (!dependency.isOptional() && manager.getPlugin(dependency.getPluginId()) == null) {
                missing.add("'" + dependency.getPluginId() + "'");
            }
        }
        return missing.isEmpty() ? "a plugin" : "the plugin " + String.join(" and ", missing);
    }

    /** pf4j compares semantic versions, where 0.1.0-SNAPSHOT is older than 0.1.0; plugins are built for releases. */
    static String releaseVersion(String version) {
        int dash = version.indexOf('-');
        return dash < 0 ? version : version.substring(0, dash);
    }
}
