package dev.kiln.runtime.build;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.api.ConfigException;
import dev.kiln.api.Durations;
import dev.kiln.runtime.frontend.ComponentSpec;
import dev.kiln.runtime.frontend.KeyPaths;
import dev.kiln.runtime.frontend.ResolvedConfig;
import dev.kiln.runtime.frontend.Suggestions;
import dev.kiln.runtime.frontend.TemplateProblem;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds resolved component configs (the plain value trees that a front end's
 * {@link dev.kiln.runtime.frontend.ConfigResolver} makes) to their config records, Packer-style: snake_case keys,
 * unknown keys are errors, a single value where a list is expected is a one-element list (a comma-separated string
 * is split), and {@code "true"}, {@code "1"} or {@code "5"} in quotes are accepted where a boolean or number is
 * expected. Every failure becomes a {@link TemplateProblem} at the offending key (placed by the tree's
 * {@link ResolvedConfig#positions()}), with a suggestion where one helps; all of them at once. Nothing is rendered
 * or evaluated here: that is the front end's part.
 *
 * <p>A config is a record (or a class with public fields and a no-argument constructor) whose components are
 * {@code String}, {@code boolean}, whole numbers ({@code int}, {@code long}, {@code short}, {@code byte},
 * {@code BigInteger}), other numbers ({@code double}, {@code float}, {@code BigDecimal}), {@link Duration} (Go
 * syntax, {@link Durations}), enums (by constant name), {@code List}, {@code Set} or {@code Collection} of these,
 * {@code Map<String, ...>} of these, nested configs, {@link JsonNode} or {@code Object} (the plain value). An absent
 * key is {@code null}, or zero or {@code false} for a primitive.
 *
 * <p>The binding is Kiln's own, over the records' components, rather than a JSON library's data binding: setting
 * up and introspecting that cost a fifth of a cold {@code kiln validate}. The shape of each config type is read once
 * per class. Thread-safe.
 */
public final class ConfigBinder {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigBinder.class);

    /** Each config type's options, read once (kept with the class, so unloading a plugin frees them). */
    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return Shape.of(type);
        }
    };

    /** Creates a binder. */
    public ConfigBinder() {
    }

    /**
     * Binds a resolved config to {@code type}, reporting every problem at its key through the config's positions. An
     * option the resolution could not give a value yet ({@link ResolvedConfig#unknown()}) is no problem but is left
     * out of the binding, and its key is added to {@code unknown}, so the caller knows the config is incomplete and
     * skips the checks that need it; a misspelt option stays, to be reported by name. The resolution's own problems
     * are the caller's to report.
     *
     * @param resolved the component's config resolved for a build; not changed
     * @param type the component's config record
     * @param problems where every problem found is added: unknown options, wrong types
     * @param unknown where the keys (top-level, as in the block) left out for an unknown value are added
     * @return the config, or null when any problem was found
     */
    public <R extends Record> R bind(ResolvedConfig resolved, Class<R> type, List<TemplateProblem> problems,
                                     Set<String> unknown) {
        Objects.requireNonNull(resolved, "resolved");
        ComponentSpec component = resolved.component();
        String owner = " for " + component.kind() + " '" + component.type() + "'";
        int before = problems.size();
        Reporter reporter = (relative, message) ->
                problems.add(new TemplateProblem(resolved.positions().at(relative), component.path(), message));
        Shape shape = SHAPES.get(type);
        Set<String> leftOut = new LinkedHashSet<>(resolved.unknown());
        leftOut.removeIf(key -> shape.option(key) == null); // a misspelt key stays, to be reported by name
        unknown.addAll(leftOut);
        R result = bindTree(resolved.tree(), type, owner, reporter, leftOut);
        return problems.size() > before ? null : result;
    }

    /** As {@link #bind(ResolvedConfig, Class, List, Set)}, for a caller that does not need the unknown keys. */
    public <R extends Record> R bind(ResolvedConfig resolved, Class<R> type, List<TemplateProblem> problems) {
        return bind(resolved, type, problems, new LinkedHashSet<>());
    }

    /**
     * Binds a plain map of settings (such as communicator settings a builder passes) to {@code type}, with the same
     * rules as {@link #bind}.
     *
     * @throws ConfigException naming every problem found
     */
    public <R extends Record> R convert(Map<String, ?> settings, Class<R> type) {
        List<String> messages = new ArrayList<>();
        ObjectNode tree = (ObjectNode) toNode(settings == null ? Map.of() : settings);
        R result = bindTree(tree, type, " for " + type.getSimpleName(),
                (relative, message) -> messages.add(message), Set.of());
        if (!messages.isEmpty()) {
            throw new ConfigException(String.join("; ", messages));
        }
        return result;
    }

    /** Where a problem is (relative to the config's root) and what it is. */
    @FunctionalInterface
    private interface Reporter {
        void report(JsonPointer relative, String message);
    }

    /**
     * Binds {@code config}, without the top-level keys in {@code leftOut}; reports unknown keys first, then wrong
     * values, each in the order written. A config whose own constructor throws is a problem of its own, unless
     * keys were left out (it may only miss them).
     */
    private static <R> R bindTree(ObjectNode config, Class<R> type, String owner, Reporter reporter,
                                  Set<String> leftOut) {
        Binding binding = new Binding(owner, leftOut);
        Object value = binding.value(config, type, JsonPointer.empty(), "");
        binding.unknownOptions.forEach(problem -> reporter.report(problem.pointer(), problem.message()));
        binding.wrongValues.forEach(problem -> reporter.report(problem.pointer(), problem.message()));
        if (!binding.unknownOptions.isEmpty() || !binding.wrongValues.isEmpty()) {
            return null;
        }
        if (binding.constructorFailure != null) {
            LOG.debug("the settings{} could not be constructed", owner, binding.constructorFailure);
            if (leftOut.isEmpty()) {
                reporter.report(JsonPointer.empty(), "invalid settings" + owner + ": "
                        + binding.constructorFailure.getMessage());
            }
            return null;
        }
        return type.cast(value);
    }

    // ---- the shapes of config types ------------------------------------------------------------------------------

    /** One option of a config type: its key, its Java type, and for a class with fields, the field. */
    private record Option(String key, Type type, Field field) {
    }

    /** A config type's options by key, and how to make one. */
    private record Shape(Map<String, Option> options, Constructor<?> constructor, boolean isRecord) {

        static Shape of(Class<?> type) {
            Map<String, Option> options = new LinkedHashMap<>();
            try {
                if (type.isRecord()) {
                    RecordComponent[] components = type.getRecordComponents();
                    Class<?>[] types = new Class<?>[components.length];
                    for (int i = 0; i < components.length; i++) {
                        RecordComponent component = components[i];
                        types[i] = component.getType();
                        options.put(snakeCase(component.getName()),
                                new Option(snakeCase(component.getName()), component.getGenericType(), null));
                    }
                    Constructor<?> canonical = type.getDeclaredConstructor(types);
                    canonical.setAccessible(true); // plugins' config records are package-private
                    return new Shape(options, canonical, true);
                }
                for (Field field : type.getFields()) {
                    int modifiers = field.getModifiers();
                    if (!Modifier.isStatic(modifiers) && !Modifier.isFinal(modifiers)) {
                        String key = snakeCase(field.getName());
                        options.put(key, new Option(key, field.getGenericType(), field));
                    }
                }
                Constructor<?> empty = type.getDeclaredConstructor();
                empty.setAccessible(true);
                return new Shape(options, empty, false);
            } catch (NoSuchMethodException | RuntimeException e) {
                return new Shape(options, null, type.isRecord()); // cannot be made: reported when bound
            }
        }

        Option option(String key) {
            return options.get(key);
        }

        /** Packer's snake_case name of a camelCase Java name: {@code exportPath} is {@code export_path}. */
        static String snakeCase(String name) {
            StringBuilder snake = new StringBuilder(name.length() + 4);
            boolean previousUpper = false;
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (Character.isUpperCase(c)) {
                    if (!previousUpper && snake.length() > 0 && snake.charAt(snake.length() - 1) != '_') {
                        snake.append('_');
                    }
                    snake.append(Character.toLowerCase(c));
                    previousUpper = true;
                } else {
                    snake.append(c);
                    previousUpper = false;
                }
            }
            return snake.toString();
        }
    }

    // ---- binding -------------------------------------------------------------------------------------------------

    private record Problem(JsonPointer pointer, String message) {
    }

    /** One binding: the problems it found, and the first config constructor that threw. */
    private static final class Binding {
        /** Marks a value that could not be bound (already reported). */
        private static final Object FAILED = new Object();
        private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");
        private static final Set<String> FALSE = Set.of("0", "f", "F", "FALSE", "false", "False");

        private final String owner;
        private final Set<String> leftOut;
        final List<Problem> unknownOptions = new ArrayList<>();
        final List<Problem> wrongValues = new ArrayList<>();
        Throwable constructorFailure;

        Binding(String owner, Set<String> leftOut) {
            this.owner = owner;
            this.leftOut = leftOut;
        }

        Object value(JsonNode node, Type type, JsonPointer pointer, String path) {
            Class<?> raw = raw(type);
            if (node == null || node.isNull() || node.isMissingNode()) {
                return absent(raw);
            }
            if (raw == String.class || raw == CharSequence.class) {
                return node.isValueNode() ? node.asText() : wrong(node, "a string", pointer, path);
            }
            if (raw == boolean.class || raw == Boolean.class) {
                return bool(node, raw, pointer, path);
            }
            if (isWhole(raw)) {
                return whole(node, raw, pointer, path);
            }
            if (isDecimal(raw)) {
                return decimal(node, raw, pointer, path);
            }
            if (raw == Duration.class) {
                return duration(node, pointer, path);
            }
            if (raw.isEnum()) {
                return constant(node, raw, pointer, path);
            }
            if (Collection.class.isAssignableFrom(raw)) {
                return collection(node, raw, argument(type, 0), pointer, path);
            }
            if (Map.class.isAssignableFrom(raw)) {
                return map(node, argument(type, 1), pointer, path);
            }
            if (raw == JsonNode.class) {
                return node.deepCopy();
            }
            if (raw == Object.class) {
                return plain(node);
            }
            return config(node, raw, pointer, path);
        }

        private Object absent(Class<?> raw) {
            if (raw == boolean.class) {
                return false;
            }
            if (raw.isPrimitive()) {
                return convertWhole(BigInteger.ZERO, raw);
            }
            return null;
        }

        private Object wrong(JsonNode node, String expected, JsonPointer pointer, String path) {
            return wrong(option(path) + " must be " + expected + ", got " + KeyPaths.describe(node), pointer);
        }

        private Object wrong(String message, JsonPointer pointer) {
            wrongValues.add(new Problem(pointer, message));
            return FAILED;
        }

        private String option(String path) {
            return path.isEmpty() ? "the settings" + owner : "option '" + path + "'";
        }

        /** Booleans as Go's {@code strconv.ParseBool} reads them, plus whole numbers (0 is false) and "" (unset). */
        private Object bool(JsonNode node, Class<?> raw, JsonPointer pointer, String path) {
            if (node.isBoolean()) {
                return node.booleanValue();
            }
            if (node.isIntegralNumber()) {
                return node.bigIntegerValue().signum() != 0;
            }
            if (node.isTextual()) {
                String text = node.asText().trim();
                if (TRUE.contains(text)) {
                    return true;
                }
                if (FALSE.contains(text)) {
                    return false;
                }
                if (text.isEmpty()) {
                    return absent(raw);
                }
            }
            return wrong(node, "a boolean (true or false)", pointer, path);
        }

        /**
         * A whole number: a number (a fraction is cut off, as Packer's decoder does) or a string of digits; ""
         * is unset.
         */
        private Object whole(JsonNode node, Class<?> raw, JsonPointer pointer, String path) {
            BigInteger value;
            if (node.isNumber() && !node.isIntegralNumber() && !Double.isFinite(node.doubleValue())
                    && !node.isBigDecimal()) {
                return wrong(node, "a whole number" + range(raw), pointer, path); // 1e400 read as a double
            }
            if (node.isNumber()) {
                value = node.isIntegralNumber() ? node.bigIntegerValue() : node.decimalValue().toBigInteger();
            } else if (node.isTextual()) {
                String text = node.asText().trim();
                if (text.isEmpty()) {
                    return absent(raw);
                }
                try {
                    value = new BigInteger(text.startsWith("+") ? text.substring(1) : text);
                } catch (NumberFormatException e) {
                    return wrong(node, "a whole number", pointer, path);
                }
            } else {
                return wrong(node, "a whole number", pointer, path);
            }
            int bits = raw == byte.class || raw == Byte.class ? 7 : raw == short.class || raw == Short.class ? 15
                    : raw == int.class || raw == Integer.class ? 31 : raw == BigInteger.class ? Integer.MAX_VALUE : 63;
            if (value.bitLength() > bits) {
                return wrong(node, "a whole number" + range(raw), pointer, path);
            }
            return convertWhole(value, raw);
        }

        /** The range of a whole-number type, as in "a whole number from -2147483648 to 2147483647". */
        private static String range(Class<?> raw) {
            if (raw == int.class || raw == Integer.class) {
                return " from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
            }
            if (raw == long.class || raw == Long.class) {
                return " from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
            }
            if (raw == short.class || raw == Short.class) {
                return " from " + Short.MIN_VALUE + " to " + Short.MAX_VALUE;
            }
            if (raw == byte.class || raw == Byte.class) {
                return " from " + Byte.MIN_VALUE + " to " + Byte.MAX_VALUE;
            }
            return "";
        }

        private static Object convertWhole(BigInteger value, Class<?> raw) {
            if (raw == int.class || raw == Integer.class) {
                return value.intValue();
            }
            if (raw == long.class || raw == Long.class) {
                return value.longValue();
            }
            if (raw == short.class || raw == Short.class) {
                return value.shortValue();
            }
            if (raw == byte.class || raw == Byte.class) {
                return value.byteValue();
            }
            if (raw == double.class) {
                return value.doubleValue();
            }
            if (raw == float.class) {
                return value.floatValue();
            }
            if (raw == char.class) {
                return (char) value.intValue();
            }
            return value;
        }

        private Object decimal(JsonNode node, Class<?> raw, JsonPointer pointer, String path) {
            BigDecimal value;
            if (node.isNumber()) {
                value = node.decimalValue();
            } else if (node.isTextual()) {
                String text = node.asText().trim();
                if (text.isEmpty()) {
                    return absent(raw);
                }
                try {
                    value = new BigDecimal(text);
                } catch (NumberFormatException e) {
                    return wrong(node, "a number", pointer, path);
                }
            } else {
                return wrong(node, "a number", pointer, path);
            }
            if (raw == double.class || raw == Double.class) {
                return value.doubleValue();
            }
            if (raw == float.class || raw == Float.class) {
                return value.floatValue();
            }
            return value;
        }

        /** Durations as Go's {@code time.ParseDuration} reads them ({@link Durations}); "" is unset. */
        private Object duration(JsonNode node, JsonPointer pointer, String path) {
            if (!node.isTextual()) {
                return wrong(node, "a duration such as '30s', '5m' or '1h30m'", pointer, path);
            }
            String text = node.asText().trim();
            if (text.isEmpty()) {
                return null;
            }
            try {
                return Durations.parse(text, option(path));
            } catch (ConfigException why) {
                return wrong(why.getMessage(), pointer); // not a duration, or out of range: Durations says which
            }
        }

        private Object constant(JsonNode node, Class<?> raw, JsonPointer pointer, String path) {
            if (node.isTextual()) {
                for (Object constant : raw.getEnumConstants()) {
                    if (((Enum<?>) constant).name().equals(node.asText())) {
                        return constant;
                    }
                }
            }
            return wrong(node, "one of " + Arrays.stream(raw.getEnumConstants()).map(c -> "'" + c + "'")
                    .collect(Collectors.joining(", ")), pointer, path);
        }

        /**
         * A list, or a single value as a one-element list; for a list of strings, a single string is split at
         * commas (parts trimmed, empty parts dropped) as Packer reads one.
         */
        private Object collection(JsonNode node, Class<?> raw, Type element, JsonPointer pointer, String path) {
            Collection<Object> values = raw.isAssignableFrom(ArrayList.class) ? new ArrayList<>()
                    : new LinkedHashSet<>();
            boolean strings = raw(element) == String.class;
            if (node.isArray()) {
                boolean failed = false;
                for (int i = 0; i < node.size(); i++) {
                    Object value = value(node.get(i), element, pointer.appendIndex(i), KeyPaths.index(path, i));
                    failed |= value == FAILED;
                    values.add(value);
                }
                return failed ? FAILED : values;
            }
            if (strings && node.isObject()) {
                return wrong(node, "a list", pointer, path);
            }
            if (strings && node.isTextual() && values instanceof List) {
                for (String part : node.asText().split(",")) {
                    if (!part.isBlank()) {
                        values.add(part.trim());
                    }
                }
                return values;
            }
            Object value = value(node, element, pointer, path);
            if (value == FAILED) {
                return FAILED;
            }
            values.add(value);
            return values;
        }

        private Object map(JsonNode node, Type valueType, JsonPointer pointer, String path) {
            if (!node.isObject()) {
                return wrong(node, "an object", pointer, path);
            }
            Map<String, Object> values = new LinkedHashMap<>();
            boolean failed = false;
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                Object value = value(entry.getValue(), valueType, pointer.appendProperty(entry.getKey()),
                        KeyPaths.member(path, entry.getKey()));
                failed |= value == FAILED;
                values.put(entry.getKey(), value);
            }
            return failed ? FAILED : values;
        }

        /** A nested config (or the config itself): every key an option of its type. */
        private Object config(JsonNode node, Class<?> type, JsonPointer pointer, String path) {
            if (!node.isObject()) {
                return wrong(node, "an object", pointer, path);
            }
            Shape shape = SHAPES.get(type);
            if (shape.constructor() == null) {
                return wrong(option(path) + " cannot be bound: " + type.getName() + " is neither a record nor a "
                        + "class with a no-argument constructor (a bug of the plugin)", pointer);
            }
            Map<String, Object> values = new LinkedHashMap<>();
            boolean failed = false;
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                String key = entry.getKey();
                JsonPointer at = pointer.appendProperty(key);
                Option option = shape.option(key);
                if (option == null) {
                    unknownOptions.add(new Problem(at, "unknown option '" + KeyPaths.member(path, key) + "'" + owner
                            + Suggestions.closest(key, shape.options().keySet()).map(s -> "; did you mean '" + s
                            + "'?").orElse(shape.options().isEmpty() ? "; it takes no options" : "")));
                    failed = true;
                } else if (!(path.isEmpty() && leftOut.contains(key))) {
                    Object value = value(entry.getValue(), option.type(), at, KeyPaths.member(path, key));
                    failed |= value == FAILED;
                    values.put(key, value);
                }
            }
            return failed || !unknownOptions.isEmpty() || !wrongValues.isEmpty() ? FAILED : make(shape, values);
        }

        private Object make(Shape shape, Map<String, Object> values) {
            try {
                if (shape.isRecord()) {
                    Object[] arguments = new Object[shape.options().size()];
                    int i = 0;
                    for (Option option : shape.options().values()) {
                        arguments[i++] = values.containsKey(option.key()) ? values.get(option.key())
                                : absent(raw(option.type()));
                    }
                    return shape.constructor().newInstance(arguments);
                }
                Object instance = shape.constructor().newInstance();
                for (Map.Entry<String, Object> value : values.entrySet()) {
                    Field field = shape.option(value.getKey()).field();
                    if (value.getValue() != null || !field.getType().isPrimitive()) {
                        field.set(instance, value.getValue());
                    }
                }
                return instance;
            } catch (InvocationTargetException e) { // the config's own constructor refused: maybe a plugin's bug
                constructorFailure = constructorFailure != null ? constructorFailure
                        : e.getCause() == null ? e : e.getCause();
                return FAILED;
            } catch (ReflectiveOperationException | IllegalArgumentException e) {
                constructorFailure = constructorFailure != null ? constructorFailure : e;
                return FAILED;
            }
        }

        /** The plain Java value of a node, for an option of type {@code Object}. */
        private static Object plain(JsonNode node) {
            if (node.isObject()) {
                Map<String, Object> values = new LinkedHashMap<>();
                node.properties().forEach(entry -> values.put(entry.getKey(), plain(entry.getValue())));
                return values;
            }
            if (node.isArray()) {
                List<Object> values = new ArrayList<>();
                node.forEach(element -> values.add(plain(element)));
                return values;
            }
            if (node.isBoolean()) {
                return node.booleanValue();
            }
            if (node.isNumber()) {
                return node.numberValue();
            }
            return node.isNull() ? null : node.asText();
        }

        private static boolean isWhole(Class<?> raw) {
            return raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class
                    || raw == short.class || raw == Short.class || raw == byte.class || raw == Byte.class
                    || raw == BigInteger.class;
        }

        private static boolean isDecimal(Class<?> raw) {
            return raw == double.class || raw == Double.class || raw == float.class || raw == Float.class
                    || raw == BigDecimal.class || raw == Number.class;
        }

        private static Class<?> raw(Type type) {
            if (type instanceof Class<?> c) {
                return c;
            }
            if (type instanceof ParameterizedType p) {
                return raw(p.getRawType());
            }
            if (type instanceof WildcardType w) {
                return raw(w.getUpperBounds()[0]);
            }
            return Object.class;
        }

        /** A type argument of a collection or map type; {@code Object} for a raw one. */
        private static Type argument(Type type, int index) {
            if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
                return p.getActualTypeArguments()[index];
            }
            return Object.class;
        }
    }

    // ---- plain settings as a tree --------------------------------------------------------------------------------

    /** A plain Java value (maps, lists, strings, numbers, booleans, durations) as a tree. */
    private static JsonNode toNode(Object value) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (value == null) {
            return nodes.nullNode();
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = nodes.objectNode();
            map.forEach((key, member) -> object.set(String.valueOf(key), toNode(member)));
            return object;
        }
        if (value instanceof Collection<?> collection) {
            ArrayNode array = nodes.arrayNode();
            collection.forEach(element -> array.add(toNode(element)));
            return array;
        }
        if (value instanceof Boolean b) {
            return nodes.booleanNode(b);
        }
        if (value instanceof BigDecimal d) {
            return nodes.numberNode(d);
        }
        if (value instanceof BigInteger i) {
            return nodes.numberNode(i);
        }
        if (value instanceof Double || value instanceof Float) {
            return nodes.numberNode(((Number) value).doubleValue());
        }
        if (value instanceof Number n) {
            return nodes.numberNode(n.longValue());
        }
        if (value instanceof Duration d) {
            return nodes.textNode(Durations.format(d));
        }
        return nodes.textNode(value instanceof Enum<?> e ? e.name() : value.toString());
    }
}
