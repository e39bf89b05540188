package dev.kiln.runtime.build;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.deser.Deserializers;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.TypeDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.CollectionType;
import dev.kiln.api.ConfigException;
import dev.kiln.api.Durations;
import dev.kiln.runtime.frontend.ComponentSpec;
import dev.kiln.runtime.frontend.KeyPaths;
import dev.kiln.runtime.frontend.ResolvedConfig;
import dev.kiln.runtime.frontend.Suggestions;
import dev.kiln.runtime.frontend.TemplateProblem;
import java.io.IOException;
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
 * expected. Every failure becomes a
 * {@link TemplateProblem} at the offending key (placed by the tree's {@link ResolvedConfig#positions()}), with a
 * suggestion where one helps. Nothing is rendered or evaluated here: that is the front end's part.
 *
 * <p>One instance (and so one {@link JsonMapper}) serves the whole runtime; it is thread-safe.
 */
public final class ConfigBinder {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigBinder.class);

    private final JsonMapper mapper;

    /** Creates a binder with its own mapper. */
    public ConfigBinder() {
        SimpleModule packer = new SimpleModule("kiln-packer-coercions") {
            private static final long serialVersionUID = 1L;

            @Override
            public void setupModule(SetupContext context) {
                super.setupModule(context);
                context.addDeserializers(new StringListDeserializers());
            }
        };
        packer.addDeserializer(Boolean.class, new GoBoolDeserializer(Boolean.class));
        packer.addDeserializer(boolean.class, new GoBoolDeserializer(boolean.class));
        packer.addDeserializer(Duration.class, new GoDurationDeserializer());
        this.mapper = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .addModule(packer)
                .build();
    }

    /** The runtime's mapper, configured as described above. Do not reconfigure it. */
    public JsonMapper mapper() {
        return mapper;
    }

    /**
     * Binds a resolved config to {@code type}, reporting every problem at its key through the config's positions. An
     * option the resolution could not give a value yet ({@link ResolvedConfig#unknown()}) is no problem but is left
     * out of the binding, and its key is added to {@code unknown}, so the caller knows the config is incomplete and
     * skips the checks that need it; a misspelt option stays, to be reported by name. The resolution's own problems
     * are the caller's to report.
     *
     * @param resolved the component's config resolved for a build
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
        ObjectNode config = resolved.tree().deepCopy();
        Map<String, JavaType> known = properties(mapper.constructType(type));
        Set<String> unknownHere = new LinkedHashSet<>(resolved.unknown());
        unknownHere.removeIf(key -> !known.containsKey(key)); // a misspelt key stays, to be reported by name
        unknownHere.forEach(config::remove);
        unknown.addAll(unknownHere);
        R result = bindTree(config, type, owner, reporter, !unknownHere.isEmpty());
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
        JsonNode tree;
        try {
            tree = mapper.valueToTree(settings == null ? Map.of() : settings);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("settings for " + type.getSimpleName() + " cannot be read: " + e.getMessage());
        }
        R result = bindTree((ObjectNode) tree, type, " for " + type.getSimpleName(),
                (relative, message) -> messages.add(message), false);
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

    // ---- binding -------------------------------------------------------------------------------------------------

    /** Binds {@code config}; {@code incomplete} when keys were left out already, so the record may not construct. */
    private <R extends Record> R bindTree(ObjectNode config, Class<R> type, String owner, Reporter reporter,
                                          boolean incomplete) {
        JavaType javaType = mapper.constructType(type);
        boolean removed = checkUnknown(config, javaType, JsonPointer.empty(), "", owner, reporter) || incomplete;
        int attempts = config.size() + 1;                   // each failed attempt removes one key
        for (int attempt = 0; attempt < attempts; attempt++) {
            try {
                return mapper.treeToValue(config, type);
            } catch (ValueInstantiationException e) { // the record's own constructor threw: maybe a plugin's bug
                LOG.debug("the settings{} could not be constructed", owner, e);
                if (!removed) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    reporter.report(JsonPointer.empty(), "invalid settings" + owner + ": " + cause.getMessage());
                }
                return null;
            } catch (JsonMappingException e) {
                JsonPointer pointer = JsonPointer.empty();
                String path = "";
                for (JsonMappingException.Reference ref : e.getPath()) {
                    if (ref.getFieldName() != null) {
                        pointer = pointer.appendProperty(ref.getFieldName());
                        path = KeyPaths.member(path, ref.getFieldName());
                    } else if (ref.getIndex() >= 0) {
                        pointer = pointer.appendIndex(ref.getIndex());
                        path = KeyPaths.index(path, ref.getIndex());
                    }
                }
                reporter.report(pointer, typeMessage(e, path, config.at(pointer), owner));
                String top = pointer.getMatchingProperty();
                if (top == null || !config.has(top)) {
                    return null;
                }
                config.remove(top);
                removed = true;
            } catch (JsonProcessingException e) {
                reporter.report(JsonPointer.empty(), "cannot read the settings" + owner + ": " + e.getOriginalMessage());
                return null;
            }
        }
        return null;
    }

    /** Reports and removes every key the target type does not have, at any depth; true when any was removed. */
    private boolean checkUnknown(JsonNode node, JavaType type, JsonPointer pointer, String path, String owner,
                                 Reporter reporter) {
        boolean removed = false;
        if (node == null) {
            return false;
        }
        if ((type.isCollectionLikeType() || type.isArrayType()) && node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                removed |= checkUnknown(node.get(i), type.getContentType(), pointer.appendIndex(i),
                        KeyPaths.index(path, i), owner, reporter);
            }
            return removed;
        }
        if (type.isMapLikeType() && node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                removed |= checkUnknown(entry.getValue(), type.getContentType(),
                        pointer.appendProperty(entry.getKey()), KeyPaths.member(path, entry.getKey()), owner, reporter);
            }
            return removed;
        }
        if (!type.isRecordType() || !node.isObject()) {
            return false;
        }
        Map<String, JavaType> known = properties(type);
        ObjectNode object = (ObjectNode) node;
        for (String key : new ArrayList<>(object.properties().stream().map(Map.Entry::getKey).toList())) {
            JsonPointer child = pointer.appendProperty(key);
            JavaType childType = known.get(key);
            if (childType == null) {
                reporter.report(child, "unknown option '" + KeyPaths.member(path, key) + "'" + owner
                        + Suggestions.closest(key, known.keySet()).map(s -> "; did you mean '" + s + "'?")
                        .orElse(known.isEmpty() ? "; it takes no options" : ""));
                object.remove(key);
                removed = true;
            } else {
                removed |= checkUnknown(object.get(key), childType, child, KeyPaths.member(path, key), owner, reporter);
            }
        }
        return removed;
    }

    private Map<String, JavaType> properties(JavaType type) {
        DeserializationConfig config = mapper.getDeserializationConfig();
        BeanDescription description = config.introspect(type);
        Map<String, JavaType> names = new LinkedHashMap<>();
        for (BeanPropertyDefinition property : description.findProperties()) {
            names.put(property.getName(), property.getPrimaryType());
        }
        return names;
    }

    private static String typeMessage(JsonMappingException e, String path, JsonNode value, String owner) {
        String option = path.isEmpty() ? "the settings" + owner : "option '" + path + "'";
        if (e instanceof PropertyBindingException) {           // unknown keys of non-record types
            PropertyBindingException unknown = (PropertyBindingException) e;
            List<String> known = unknown.getKnownPropertyIds() == null ? List.of()
                    : unknown.getKnownPropertyIds().stream().map(String::valueOf).toList();
            return "unknown option '" + path + "'" + owner + Suggestions.closest(unknown.getPropertyName(), known)
                    .map(s -> "; did you mean '" + s + "'?").orElse("");
        }
        if (e.getCause() instanceof InputCoercionException coercion && coercion.getTargetType() != null) {
            // a number the option's type cannot hold (a whole number past int's or long's range, 1e400)
            return option + " must be " + expected(coercion.getTargetType()) + range(coercion.getTargetType())
                    + ", got " + (value == null || value.isMissingNode() ? "a number out of range"
                    : KeyPaths.describe(value));
        }
        if (e instanceof MismatchedInputException && ((MismatchedInputException) e).getTargetType() != null) {
            Class<?> target = ((MismatchedInputException) e).getTargetType();
            if (target == Duration.class && e instanceof InvalidFormatException invalid
                    && invalid.getValue() instanceof String text) {
                try {
                    Durations.parse(text, option);
                } catch (ConfigException why) {
                    return why.getMessage(); // not a duration, or out of range: Durations says which
                }
            }
            String got = value == null || value.isMissingNode()
                    ? (e instanceof InvalidFormatException ? "\"" + ((InvalidFormatException) e).getValue() + "\""
                    : "something else")
                    : KeyPaths.describe(value);
            return option + " must be " + expected(target) + ", got " + got;
        }
        return option + ": " + e.getOriginalMessage();
    }

    /** The range of a whole-number type, as in "a whole number from -2147483648 to 2147483647". */
    private static String range(Class<?> target) {
        if (target == Integer.class || target == int.class) {
            return " from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        if (target == Long.class || target == long.class) {
            return " from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        }
        if (target == Short.class || target == short.class) {
            return " from " + Short.MIN_VALUE + " to " + Short.MAX_VALUE;
        }
        if (target == Byte.class || target == byte.class) {
            return " from " + Byte.MIN_VALUE + " to " + Byte.MAX_VALUE;
        }
        return "";
    }

    private static String expected(Class<?> target) {
        if (target == Boolean.class || target == boolean.class) {
            return "a boolean (true or false)";
        }
        if (target == Integer.class || target == int.class || target == Long.class || target == long.class
                || target == Short.class || target == short.class || target == Byte.class || target == byte.class
                || target == BigInteger.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(target) || target == double.class || target == float.class
                || target == BigDecimal.class) {
            return "a number";
        }
        if (target == String.class || target == Character.class || target == char.class) {
            return "a string";
        }
        if (target == Duration.class) {
            return "a duration such as '30s', '5m' or '1h30m'";
        }
        if (target.isEnum()) {
            return "one of " + Arrays.stream(target.getEnumConstants()).map(c -> "'" + c + "'")
                    .collect(Collectors.joining(", "));
        }
        if (Collection.class.isAssignableFrom(target) || target.isArray()) {
            return "a list";
        }
        return "an object";
    }

    // ---- Packer's coercions --------------------------------------------------------------------------------------

    /** Durations as Go's {@code time.ParseDuration} reads them ({@link Durations}); "" is unset. */
    private static final class GoDurationDeserializer extends StdDeserializer<Duration> {
        private static final long serialVersionUID = 1L;

        GoDurationDeserializer() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
            }
            String text = p.getText().trim();
            if (text.isEmpty()) {
                return null;
            }
            try {
                return Durations.parse(text, "");
            } catch (ConfigException e) {
                return (Duration) ctxt.handleWeirdStringValue(Duration.class, text, e.getMessage());
            }
        }
    }

    /** Booleans as Go's {@code strconv.ParseBool} reads them, plus numbers (0 is false) and "" (unset). */
    private static final class GoBoolDeserializer extends StdDeserializer<Boolean> {
        private static final long serialVersionUID = 1L;
        private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");
        private static final Set<String> FALSE = Set.of("0", "f", "F", "FALSE", "false", "False");

        private final boolean primitive;

        GoBoolDeserializer(Class<?> type) {
            super(type);
            this.primitive = type.isPrimitive();
        }

        @Override
        public Boolean deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_TRUE) {
                return Boolean.TRUE;
            }
            if (token == JsonToken.VALUE_FALSE) {
                return Boolean.FALSE;
            }
            if (token == JsonToken.VALUE_NUMBER_INT) {
                return p.getBigIntegerValue().signum() != 0;
            }
            if (token == JsonToken.VALUE_STRING) {
                String text = p.getText().trim();
                if (TRUE.contains(text)) {
                    return Boolean.TRUE;
                }
                if (FALSE.contains(text)) {
                    return Boolean.FALSE;
                }
                if (text.isEmpty()) {
                    return getNullValue(ctxt);
                }
                return (Boolean) ctxt.handleWeirdStringValue(handledType(), text, "not a boolean");
            }
            return (Boolean) ctxt.handleUnexpectedToken(handledType(), p);
        }

        @Override
        public Boolean getNullValue(DeserializationContext ctxt) {
            return primitive ? Boolean.FALSE : null;
        }
    }

    /** Uses {@link StringListDeserializer} for every {@code List<String>} (and {@code Collection<String>}). */
    private static final class StringListDeserializers extends Deserializers.Base {
        @Override
        public JsonDeserializer<?> findCollectionDeserializer(CollectionType type, DeserializationConfig config,
                                                              BeanDescription beanDesc,
                                                              TypeDeserializer elementTypeDeserializer,
                                                              JsonDeserializer<?> elementDeserializer) {
            boolean listLike = type.getRawClass().isAssignableFrom(ArrayList.class);
            return listLike && type.getContentType().hasRawClass(String.class) && elementDeserializer == null
                    ? new StringListDeserializer() : null;
        }
    }

    /**
     * A list of strings as Packer reads one: a list, or a single string split at commas (parts trimmed, empty parts
     * dropped), or a single number or boolean.
     */
    private static final class StringListDeserializer extends StdDeserializer<List<String>> {
        private static final long serialVersionUID = 1L;

        StringListDeserializer() {
            super(List.class);
        }

        @Override
        public List<String> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_STRING) {
                List<String> parts = new ArrayList<>();
                for (String part : p.getText().split(",")) {
                    if (!part.isBlank()) {
                        parts.add(part.trim());
                    }
                }
                return parts;
            }
            if (token != null && token.isScalarValue()) {
                return new ArrayList<>(List.of(p.getText()));
            }
            if (token != JsonToken.START_ARRAY) {
                ctxt.handleUnexpectedToken(List.class, p);
                return null;
            }
            List<String> list = new ArrayList<>();
            while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
                try {
                    if (token == JsonToken.VALUE_NULL) {
                        list.add(null);
                    } else if (token.isScalarValue()) {
                        list.add(p.getText());
                    } else {
                        ctxt.handleUnexpectedToken(String.class, p);
                    }
                } catch (JsonMappingException e) {
                    throw JsonMappingException.wrapWithPath(e, list, list.size());
                }
            }
            return list;
        }
    }
}
