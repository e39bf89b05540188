package dev.kiln.runtime.discovery;

import dev.kiln.api.Component;
import dev.kiln.api.ConfigException;
import dev.kiln.runtime.frontend.Suggestions;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps each component type to its component, per kind. A type offered twice is refused: looking it up fails with a
 * message naming both origins, and the rest of the registry keeps working. Immutable once built.
 */
public final class ComponentRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ComponentRegistry.class);

    private final Map<ComponentKind, Map<String, RegisteredComponent>> components = new EnumMap<>(ComponentKind.class);
    private final Map<ComponentKind, Map<String, List<String>>> conflicts = new EnumMap<>(ComponentKind.class);
    private final List<String> problems = new ArrayList<>();
    private final List<Hint> hints = new ArrayList<>();

    /**
     * A type that several origins provide, so that none of them is used.
     *
     * @param kind the extension point
     * @param type the type name
     * @param origins where each copy came from, in loading order
     */
    public record Conflict(ComponentKind kind, String type, List<String> origins) {

        /** Copies the list. */
        public Conflict {
            origins = List.copyOf(origins);
        }

        /** The one line that says so, e.g. "Component type 'docker' is provided by both A and B; remove one." */
        public String message() {
            return origins.size() == 2
                    ? "Component type '" + type + "' is provided by both " + origins.get(0) + " and " + origins.get(1)
                            + "; remove one."
                    : "Component type '" + type + "' is provided by " + String.join(", ", origins.subList(0,
                            origins.size() - 1)) + " and " + origins.get(origins.size() - 1) + "; keep only one.";
        }
    }

    /** Why a plugin that could have provided the types of {@code kinds} that {@code couldProvide} accepts did not. */
    private record Hint(Set<ComponentKind> kinds, Predicate<String> couldProvide, String message) {
    }

    /** Which built-in plugin provides each built-in type, so a missing one can be named. */
    private static final Map<String, String> BUILT_IN = Map.ofEntries(
            Map.entry("builder docker", "kiln-plugin-docker"),
            Map.entry("communicator docker", "kiln-plugin-docker"),
            Map.entry("provisioner shell", "kiln-plugin-shell"),
            Map.entry("provisioner file", "kiln-plugin-file"),
            Map.entry("provisioner shell-local", "kiln-plugin-shell-local"),
            Map.entry("post-processor shell-local", "kiln-plugin-shell-local"),
            Map.entry("post-processor docker-tag", "kiln-plugin-docker-tag"),
            Map.entry("post-processor docker-save", "kiln-plugin-docker-save"),
            Map.entry("post-processor docker-push", "kiln-plugin-docker-push"),
            Map.entry("post-processor docker-import", "kiln-plugin-docker-import"),
            Map.entry("post-processor manifest", "kiln-plugin-manifest"),
            Map.entry("post-processor checksum", "kiln-plugin-checksum"));

    private ComponentRegistry() {
        for (ComponentKind kind : ComponentKind.values()) {
            components.put(kind, new TreeMap<>());
            conflicts.put(kind, new TreeMap<>());
        }
    }

    /** Starts an empty registry. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads every {@code META-INF/services} registration visible to {@code loader}. A provider that fails to load
     * becomes a line in {@link #problems()}; the others are still registered.
     */
    public static ComponentRegistry fromClassPath(ClassLoader loader) {
        return builder().addServiceProviders(loader).build();
    }

    /** Builds a registry from the given components, for tests and embedding. */
    public static ComponentRegistry of(List<? extends Component<?>> components) {
        Builder builder = builder();
        for (Component<?> component : components) {
            for (ComponentKind kind : ComponentKind.values()) {
                if (kind.type().isInstance(component)) {
                    builder.add(kind, component, originOf(component.getClass()));
                }
            }
        }
        return builder.build();
    }

    /** Collects components from several sources; {@link #build()} hands out the finished registry. */
    public static final class Builder {

        private ComponentRegistry registry = new ComponentRegistry();

        private Builder() {
        }

        /** Registers {@code component} as {@code kind}, loaded from {@code origin}. */
        public Builder add(ComponentKind kind, Component<?> component, String origin) {
            registry.add(kind, component, origin);
            return this;
        }

        /** Registers what {@code ServiceLoader} finds through {@code loader}, reporting broken providers. */
        public Builder addServiceProviders(ClassLoader loader) {
            for (ComponentKind kind : ComponentKind.values()) {
                Iterator<? extends Component> providers = ServiceLoader.load(kind.type(), loader).iterator();
                while (true) {
                    try {
                        if (!providers.hasNext()) {
                            break;
                        }
                        Component<?> component = providers.next();
                        registry.add(kind, component, originOf(component.getClass()));
                    } catch (ServiceConfigurationError e) {
                        registry.problems.add("A " + kind.word() + " could not be loaded: " + e.getMessage());
                    } catch (RuntimeException | LinkageError e) { // type() threw, or a class it needs is missing
                        registry.problems.add("A " + kind.word() + " could not be loaded: " + e);
                    }
                }
            }
            return this;
        }

        /** Whether a component of {@code kind} named {@code type} is registered so far. */
        public boolean has(ComponentKind kind, String type) {
            return registry.components.get(kind).containsKey(type) || registry.conflicts.get(kind).containsKey(type);
        }

        /** Records a loading problem, shown as a warning. */
        public Builder problem(String message) {
            registry.problems.add(message);
            return this;
        }

        /**
         * Records why a plugin that could have provided some types does not: its message is added to the
         * unknown-type error of a type of one of {@code kinds} that {@code couldProvide} accepts. Any other unknown
         * type only points to {@code kiln plugins}, so a failure never explains a type its plugin cannot provide.
         *
         * @param kinds the kinds the plugin registers components of
         * @param couldProvide whether a type name could be one of the plugin's
         * @param message why the plugin or its component does not work
         */
        public Builder hint(Set<ComponentKind> kinds, Predicate<String> couldProvide, String message) {
            registry.hints.add(new Hint(Set.copyOf(kinds), couldProvide, message));
            return this;
        }

        /** The finished registry; the builder cannot be used afterwards. */
        public ComponentRegistry build() {
            ComponentRegistry built = registry;
            built.conflicts().forEach(conflict -> built.problems.add(conflict.message()));
            registry = null;
            LOG.debug("components: {}", built.components);
            return built;
        }
    }

    private void add(ComponentKind kind, Component<?> component, String origin) {
        String type = component.type();
        if (conflicts.get(kind).containsKey(type)) {
            conflicts.get(kind).get(type).add(origin);
            return;
        }
        RegisteredComponent earlier = components.get(kind).remove(type);
        if (earlier != null) {
            conflicts.get(kind).put(type, new ArrayList<>(List.of(earlier.origin(), origin)));
            return;
        }
        components.get(kind).put(type, new RegisteredComponent(kind, component, origin));
    }

    /**
     * Finds the component of {@code kind} named {@code type}.
     *
     * @throws ConfigException naming the known types (with a did-you-mean), or both origins of a duplicate
     */
    public RegisteredComponent lookup(ComponentKind kind, String type) {
        RegisteredComponent found = components.get(kind).get(type);
        if (found != null) {
            return found;
        }
        List<String> origins = conflicts.get(kind).get(type);
        if (origins != null) {
            throw new ConfigException(new Conflict(kind, type, origins).message());
        }
        StringBuilder message = new StringBuilder("unknown " + kind.word() + " type '" + type + "'");
        message.append(Suggestions.closest(type, types(kind)).map(s -> "; did you mean '" + s + "'?").orElse("."));
        message.append(types(kind).isEmpty() ? " No " + kind.word() + "s are installed."
                : " Known " + kind.word() + "s: " + String.join(", ", types(kind)) + ".");
        List<String> explanations = hints.stream()
                .filter(hint -> hint.kinds().contains(kind) && hint.couldProvide().test(type))
                .map(Hint::message).distinct().toList();
        String plugin = BUILT_IN.get(kind.word() + " " + type);
        if (plugin != null) {
            message.append(" It is provided by the plugin '").append(plugin)
                    .append(explanations.isEmpty() ? "', which is not installed; see 'kiln plugins'." : "'.");
        }
        explanations.forEach(explanation -> message.append(' ').append(explanation));
        if (explanations.isEmpty() && !hints.isEmpty()) {
            message.append(" Some plugins are not working; 'kiln plugins --verbose' shows why.");
        }
        throw new ConfigException(message.toString());
    }

    /** The registered type names of {@code kind}, sorted. */
    public List<String> types(ComponentKind kind) {
        return List.copyOf(components.get(kind).keySet());
    }

    /** Every registered component of every kind. */
    public List<RegisteredComponent> all() {
        List<RegisteredComponent> all = new ArrayList<>();
        components.values().forEach(byType -> all.addAll(byType.values()));
        return Collections.unmodifiableList(all);
    }

    /** The types provided more than once, which none of their providers serves; by kind, then type. */
    public List<Conflict> conflicts() {
        List<Conflict> all = new ArrayList<>();
        conflicts.forEach((kind, byType) -> byType.forEach((type, origins) ->
                all.add(new Conflict(kind, type, origins))));
        return List.copyOf(all);
    }

    /** What went wrong while loading: broken providers and duplicate types. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    static String originOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return type.getName();
        }
        try {
            return Path.of(source.getLocation().toURI()).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return source.getLocation().toString();
        }
    }
}
