package dev.kiln.runtime.template;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
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
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.type.CollectionType;
import dev.kiln.api.ConfigException;
import dev.kiln.api.Durations;
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
 * Binds component blocks to their config records, Packer-style: snake_case keys, unknown keys are errors, a single
 * value where a list is expected is a one-element list (a comma-separated string is split), and {@code "true"},
 * {@code "1"} or {@code "5"} in quotes are accepted where a boolean or number is expected. Every failure becomes a
 * {@link TemplateProblem} at the offending key, with a suggestion where one helps.
 *
 * <p>One instance (and so one {@link JsonMapper}) serves the whole runtime; it is thread-safe.
 */
public final class ConfigBinder {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigBinder.class);

    private final JsonMapper mapper;
    private final TemplateEngine engine = new TemplateEngine();

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
     * Renders every string in {@code block}'s config (leniently, so {@code {{.Image}}} and generated data survive
     * for the component to render itself), then binds the result to {@code type}.
     *
     * @param block the block to bind
     * @param type the component's config record
     * @param ctx the context strings are rendered in (rendering is always lenient)
     * @param problems where every problem found is added: render errors, unknown options, wrong types
     * @return the config, or null when any problem was found
     */
    public <R extends Record> R bind(BlockNode block, Class<R> type, RenderContext ctx,
                                     List<TemplateProblem> problems) {
        return bind(block, type, ctx, problems, new LinkedHashSet<>());
    }

    /**
     * As {@link #bind(BlockNode, Class, RenderContext, List)}; an option whose value uses a variable of
     * {@link RenderContext#unknownVariables()} is no problem but is left out of the binding, and its key is added to
     * {@code unknown}, so the caller knows the config is incomplete and skips the checks that need it.
     *
     * @param unknown where the keys (top-level, as in the block) left out for an unknown value are added
     */
    public <R extends Record> R bind(BlockNode block, Class<R> type, RenderContext ctx,
                                     List<TemplateProblem> problems, Set<String> unknown) {
        return bind(block, type, ctx, problems, unknown, new RenderBudget());
    }

    /**
     * As {@link #bind(BlockNode, Class, RenderContext, List, Set)}, taking what is rendered from {@code budget}, which
     * the caller shares between the blocks of one task. The first rendering past it is a problem; the options
     * rendered after that are left out as if their value were not known.
     *
     * @param budget what the renderings of this block and the others of the same task may still produce
     */
    public <R extends Record> R bind(BlockNode block, Class<R> type, RenderContext ctx,
                                     List<TemplateProblem> problems, Set<String> unknown, RenderBudget budget) {
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(budget, "budget");
        SourceMap sourceMap = block.config() instanceof SourcedConfig
                ? ((SourcedConfig) block.config()).sourceMap() : null;
        String owner = " for " + block.kind() + " '" + block.type() + "'";
        int before = problems.size();
        Reporter reporter = (relative, message) -> {
            SourcePosition position = sourceMap == null ? block.position()
                    : sourceMap.at(block.pointer().append(relative));
            problems.add(new TemplateProblem(position, block.path(), message));
        };
        ObjectNode config = block.config().deepCopy();
        Set<String> failed = new LinkedHashSet<>();
        Set<String> unknownHere = new LinkedHashSet<>();
        render(config, JsonPointer.empty(), "", ctx.withLenient(true), reporter, failed, unknownHere, budget);
        failed.forEach(config::remove);
        Map<String, JavaType> known = properties(mapper.constructType(type));
        unknownHere.removeIf(key -> !known.containsKey(key)); // a misspelt key stays, to be reported by name
        unknownHere.forEach(config::remove);
        unknown.addAll(unknownHere);
        R result = bindTree(config, type, owner, reporter, !unknownHere.isEmpty());
        return problems.size() > before ? null : result;
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

    // ---- rendering -----------------------------------------------------------------------------------------------

    /** Where a problem is (relative to the block) and what it is. */
    @FunctionalInterface
    private interface Reporter {
        void report(JsonPointer relative, String message);
    }

    private void render(JsonNode node, JsonPointer pointer, String path, RenderContext ctx, Reporter reporter,
                        Set<String> failed, Set<String> unknown, RenderBudget budget) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(object.properties());
            boolean nested = !pointer.matches(); // below the block's own option names: keys of map options
            if (nested) {
                object.removeAll();
            }
            for (Map.Entry<String, JsonNode> entry : entries) {
                JsonPointer child = pointer.appendProperty(entry.getKey());
                String childPath = Paths.member(path, entry.getKey());
                // Packer renders map keys as well as values, e.g. volumes: {"{{user `cache`}}": "/cache"}
                String key = nested && entry.getKey().contains("{{")
                        ? renderOne(entry.getKey(), child, childPath, ctx, reporter, failed, unknown, budget)
                        : entry.getKey();
                if (entry.getValue().isTextual()) {
                    String rendered = renderOne(entry.getValue().asText(), child, childPath, ctx, reporter, failed,
                            unknown, budget);
                    object.set(key, TextNode.valueOf(rendered));
                } else {
                    render(entry.getValue(), child, childPath, ctx, reporter, failed, unknown, budget);
                    object.set(key, entry.getValue());
                }
            }
        } else if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                JsonPointer child = pointer.appendIndex(i);
                String childPath = Paths.index(path, i);
                if (array.get(i).isTextual()) {
                    array.set(i, TextNode.valueOf(renderOne(array.get(i).asText(), child, childPath, ctx, reporter,
                            failed, unknown, budget)));
                } else {
                    render(array.get(i), child, childPath, ctx, reporter, failed, unknown, budget);
                }
            }
        }
    }

    private String renderOne(String text, JsonPointer pointer, String path, RenderContext ctx, Reporter reporter,
                             Set<String> failed, Set<String> unknown, RenderBudget budget) {
        if (budget.exceeded()) {
            unknown.add(pointer.getMatchingProperty()); // reported once already; no checks on what is left out
            return text;
        }
        try {
            String rendered = engine.render(text, ctx);
            if (!budget.take(rendered.length())) {
                reporter.report(pointer, "option '" + path + "': " + budget.reason());
                unknown.add(pointer.getMatchingProperty());
                return text;
            }
            return rendered;
        } catch (RenderException e) {
            if (e.unknownVariable() != null) {
                unknown.add(pointer.getMatchingProperty()); // not this option's fault; its value is checked once known
                return text;
            }
            reporter.report(pointer, "option '" + path + "': " + e.getMessage());
            failed.add(pointer.getMatchingProperty());
            return text;
        }
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
                        path = Paths.member(path, ref.getFieldName());
                    } else if (ref.getIndex() >= 0) {
                        pointer = pointer.appendIndex(ref.getIndex());
                        path = Paths.index(path, ref.getIndex());
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
                        Paths.index(path, i), owner, reporter);
            }
            return removed;
        }
        if (type.isMapLikeType() && node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                removed |= checkUnknown(entry.getValue(), type.getContentType(),
                        pointer.appendProperty(entry.getKey()), Paths.member(path, entry.getKey()), owner, reporter);
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
                reporter.report(child, "unknown option '" + Paths.member(path, key) + "'" + owner
                        + Suggestions.closest(key, known.keySet()).map(s -> "; did you mean '" + s + "'?")
                        .orElse(known.isEmpty() ? "; it takes no options" : ""));
                object.remove(key);
                removed = true;
            } else {
                removed |= checkUnknown(object.get(key), childType, child, Paths.member(path, key), owner, reporter);
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
                    : Paths.describe(value);
            return option + " must be " + expected(target) + ", got " + got;
        }
        return option + ": " + e.getOriginalMessage();
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
