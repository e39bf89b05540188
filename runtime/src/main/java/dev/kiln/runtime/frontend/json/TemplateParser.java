package dev.kiln.runtime.frontend.json;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.runtime.frontend.KeyPaths;
import dev.kiln.runtime.frontend.SourcePosition;
import dev.kiln.runtime.frontend.Suggestions;
import dev.kiln.runtime.frontend.TemplateException;
import dev.kiln.runtime.frontend.TemplateProblem;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a Packer JSON template into a {@link Template}, checking its structure the way Packer 1.6.6 does, but
 * reporting every problem at once, each with file, line and column. Component options are not checked here; that is
 * the binder's job once the component types are known. Instances are stateless and thread-safe.
 */
public final class TemplateParser {

    private static final List<String> ROOT_KEYS = List.of("builders", "provisioners", "post-processors",
            "variables", "sensitive-variables", "description", "min_packer_version", "error-cleanup-provisioner",
            "push");
    private static final List<String> BUILDER_KEYS = List.of("type", "name");
    private static final List<String> PROVISIONER_KEYS = List.of("type", "only", "except", "pause_before",
            "max_retries", "timeout", "override");
    private static final List<String> POST_PROCESSOR_KEYS = List.of("type", "name", "only", "except",
            "keep_input_artifact");

    private static final TemplateEngine ENGINE = new TemplateEngine();

    /** Creates a parser. */
    public TemplateParser() {
    }

    /**
     * Reads and parses {@code file}.
     *
     * @param file the template, named as the user named it (positions show it the same way)
     * @return the template, never null
     * @throws TemplateException with every problem found, in file order
     */
    public Template parse(Path file) {
        SourceFiles.Text text;
        try {
            text = SourceFiles.read(file, "the template");
        } catch (NoSuchFileException e) {
            throw fileProblem(file, "template file not found");
        } catch (AccessDeniedException e) {
            throw fileProblem(file, "cannot read the template: permission denied");
        } catch (IOException e) {
            throw fileProblem(file, "cannot read the template: " + e.getMessage());
        }
        if (text.problem() != null) {
            throw new TemplateException(List.of(text.problem()));
        }
        return parse(file, text.content());
    }

    /**
     * Parses {@code content} as if read from {@code file}.
     *
     * @throws TemplateException with every problem found, in file order
     */
    public Template parse(Path file, String content) {
        return new Run(file).parse(content);
    }

    private static TemplateException fileProblem(Path file, String message) {
        return new TemplateException(List.of(new TemplateProblem(SourcePosition.of(file.toString()), "", message)));
    }

    /** One parse: the problems found so far and where things are. */
    private static final class Run {
        private final Path file;
        private final List<TemplateProblem> problems = new ArrayList<>();
        private SourceMap sourceMap;

        Run(Path file) {
            this.file = file;
        }

        Template parse(String content) {
            JsonTreeReader.Result read = JsonTreeReader.read(file.toString(), content);
            problems.addAll(read.problems());
            sourceMap = read.sourceMap();
            JsonNode root = read.root();
            if (root == null) {
                throw failure();
            }
            if (!root.isObject()) {
                problem(JsonPointer.empty(), "", "a template must be a JSON object, got " + KeyPaths.describe(root));
                throw failure();
            }
            checkRootKeys(root);
            String description = optionalText(root, JsonPointer.empty(), "", "description");
            String minVersion = optionalText(root, JsonPointer.empty(), "", "min_packer_version");
            Map<String, VariableDeclaration> variables = variables(root.get("variables"));
            List<String> sensitive = sensitiveVariables(root.get("sensitive-variables"));

            Set<String> builderNames = new LinkedHashSet<>();
            List<BlockNode> builders = builders(root.get("builders"), builderNames);
            List<BlockNode> provisioners = new ArrayList<>();
            JsonNode provisionersNode = root.get("provisioners");
            if (isList(provisionersNode, ptr("provisioners"), "provisioners", "provisioner objects")) {
                for (int i = 0; i < provisionersNode.size(); i++) {
                    BlockNode p = provisioner(provisionersNode.get(i), ptr("provisioners").appendIndex(i),
                            KeyPaths.index("provisioners", i), builderNames);
                    if (p != null) {
                        provisioners.add(p);
                    }
                }
            }
            List<List<BlockNode>> postProcessors = postProcessors(root.get("post-processors"), builderNames);
            BlockNode cleanup = null;
            JsonNode cleanupNode = root.get("error-cleanup-provisioner");
            if (cleanupNode != null && !cleanupNode.isNull()) {
                cleanup = provisioner(cleanupNode, ptr("error-cleanup-provisioner"), "error-cleanup-provisioner",
                        builderNames);
            }
            if (!problems.isEmpty()) {
                throw failure();
            }
            return new Template(file, description, minVersion, variables, sensitive, builders, provisioners,
                    postProcessors, cleanup, sourceMap);
        }

        private TemplateException failure() {
            List<TemplateProblem> sorted = new ArrayList<>(problems);
            sorted.sort(TemplateProblem.BY_POSITION);
            return new TemplateException(sorted);
        }

        private void problem(JsonPointer pointer, String path, String message) {
            problems.add(new TemplateProblem(sourceMap.at(pointer), path, message));
        }

        private static JsonPointer ptr(String rootKey) {
            return JsonPointer.empty().appendProperty(rootKey);
        }

        // ---- root ----------------------------------------------------------------------------------------------

        private void checkRootKeys(JsonNode root) {
            for (Map.Entry<String, JsonNode> field : root.properties()) {
                String key = field.getKey();
                if (key.startsWith("_")) {
                    if (!field.getValue().isTextual()) {
                        problem(ptr(key), "", "comment '" + key + "' must be a string, got "
                                + KeyPaths.describe(field.getValue()));
                    }
                } else if (!ROOT_KEYS.contains(key)) {
                    problem(ptr(key), "", "unknown key '" + key + "'" + didYouMean(key, ROOT_KEYS)
                            + (Suggestions.closest(key, ROOT_KEYS).isPresent() ? ""
                            : "; a template has " + quoted(ROOT_KEYS) + ", and comments in keys starting with '_'"));
                }
            }
        }

        private Map<String, VariableDeclaration> variables(JsonNode node) {
            Map<String, VariableDeclaration> variables = new LinkedHashMap<>();
            if (node == null || node.isNull()) {
                return variables;
            }
            if (!node.isObject()) {
                problem(ptr("variables"), "variables", "must be an object mapping names to default values, got "
                        + KeyPaths.describe(node));
                return variables;
            }
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String name = field.getKey();
                JsonNode value = field.getValue();
                JsonPointer pointer = ptr("variables").appendProperty(name);
                if (value.isTextual() || value.isNull()) {
                    String defaultValue = value.isNull() ? null : value.asText();
                    variables.put(name, new VariableDeclaration(name, defaultValue, value.isNull(),
                            sourceMap.at(pointer)));
                } else {
                    problem(pointer, KeyPaths.member("variables", name), "the default value must be a string, or null "
                            + "for a required variable, got " + KeyPaths.describe(value)
                            + (value.isValueNode() ? "; write it in quotes: \"" + value.asText() + "\"" : ""));
                }
            }
            return variables;
        }

        private List<String> sensitiveVariables(JsonNode node) {
            List<String> names = new ArrayList<>();
            if (node == null || node.isNull()) {
                return names;
            }
            if (!node.isArray()) {
                problem(ptr("sensitive-variables"), "sensitive-variables",
                        "must be a list of variable names, got " + KeyPaths.describe(node));
                return names;
            }
            for (int i = 0; i < node.size(); i++) {
                JsonNode element = node.get(i);
                if (element.isTextual()) {
                    names.add(element.asText());
                } else {
                    problem(ptr("sensitive-variables").appendIndex(i), KeyPaths.index("sensitive-variables", i),
                            "must be a variable name, got " + KeyPaths.describe(element));
                }
            }
            return names;
        }

        // ---- builders ------------------------------------------------------------------------------------------

        private List<BlockNode> builders(JsonNode node, Set<String> names) {
            List<BlockNode> builders = new ArrayList<>();
            if (node == null || node.isNull()) {
                problem(JsonPointer.empty(), "", "at least one builder must be defined; add a \"builders\" list");
                return builders;
            }
            if (!isList(node, ptr("builders"), "builders", "builder objects")) {
                return builders;
            }
            if (node.isEmpty()) {
                problem(ptr("builders"), "builders", "at least one builder must be defined");
                return builders;
            }
            for (int i = 0; i < node.size(); i++) {
                JsonPointer pointer = ptr("builders").appendIndex(i);
                String path = KeyPaths.index("builders", i);
                JsonNode element = node.get(i);
                if (!element.isObject()) {
                    problem(pointer, path, "a builder must be an object, got " + KeyPaths.describe(element));
                    continue;
                }
                String type = type(element, pointer, path);
                String name = optionalText(element, pointer, path, "name");
                checkSyntax(name, pointer.appendProperty("name"), path, "name");
                String effective = name == null || name.isEmpty() ? type : name;
                if (effective == null) {
                    continue;
                }
                if (!names.add(effective)) {
                    problem(name == null || name.isEmpty() ? pointer : pointer.appendProperty("name"), path,
                            "builder with name '" + effective + "' already exists; give each builder a unique "
                                    + "\"name\"");
                    continue;
                }
                if (type != null) {
                    builders.add(new BlockNode(BlockNode.BUILDER, type, effective, path, pointer,
                            sourceMap.at(pointer), config(element, BUILDER_KEYS), List.of(), List.of(), null, null,
                            null, null, null));
                }
            }
            return builders;
        }

        /** Packer renders a builder's name, and refuses one that is not a valid template string. */
        private void checkSyntax(String text, JsonPointer pointer, String path, String key) {
            try {
                ENGINE.check(text);
            } catch (RenderException e) {
                problem(pointer, path, "the " + key + " '" + text + "' is not a valid template string: "
                        + e.getMessage());
            }
        }

        // ---- provisioners --------------------------------------------------------------------------------------

        private BlockNode provisioner(JsonNode node, JsonPointer pointer, String path, Set<String> builders) {
            if (!node.isObject()) {
                problem(pointer, path, "a provisioner must be an object, got " + KeyPaths.describe(node));
                return null;
            }
            String type = type(node, pointer, path);
            List<String> only = builderList(node, pointer, path, "only", builders);
            List<String> except = builderList(node, pointer, path, "except", builders);
            onlyOrExcept(pointer, path, only, except);
            String pauseBefore = duration(node, pointer, path, "pause_before");
            String timeout = duration(node, pointer, path, "timeout");
            String maxRetries = null;
            JsonNode retries = node.get("max_retries");
            if (retries != null && !retries.isNull()) {
                if (retries.isIntegralNumber() || retries.isTextual()) {
                    maxRetries = retries.asText();
                } else {
                    problem(pointer.appendProperty("max_retries"), path,
                            "'max_retries' must be a whole number, got " + KeyPaths.describe(retries));
                }
            }
            Map<String, ObjectNode> override = override(node, pointer, path, builders);
            if (type == null) {
                return null;
            }
            return new BlockNode(BlockNode.PROVISIONER, type, type, path, pointer, sourceMap.at(pointer),
                    config(node, PROVISIONER_KEYS), only, except, pauseBefore, maxRetries, timeout, override, null);
        }

        private String duration(JsonNode node, JsonPointer pointer, String path, String key) {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isTextual()) {
                problem(pointer.appendProperty(key), path, "'" + key + "' must be a duration like \"30s\" or "
                        + "\"1m30s\", got " + KeyPaths.describe(value));
                return null;
            }
            return value.asText();
        }

        private Map<String, ObjectNode> override(JsonNode node, JsonPointer pointer, String path,
                                                 Set<String> builders) {
            JsonNode value = node.get("override");
            if (value == null || value.isNull()) {
                return null;
            }
            JsonPointer at = pointer.appendProperty("override");
            if (!value.isObject()) {
                problem(at, path, "'override' must be an object mapping builder names to settings, got "
                        + KeyPaths.describe(value));
                return null;
            }
            Map<String, ObjectNode> override = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                String builder = field.getKey();
                if (!builders.contains(builder)) {
                    problem(at.appendProperty(builder), path, "'override' names unknown builder '" + builder + "'"
                            + builderHint(builder, builders));
                }
                if (field.getValue().isObject()) {
                    override.put(builder, (ObjectNode) field.getValue());
                } else {
                    problem(at.appendProperty(builder), path, "the override for '" + builder
                            + "' must be an object of settings, got " + KeyPaths.describe(field.getValue()));
                }
            }
            return override;
        }

        // ---- post-processors -----------------------------------------------------------------------------------

        private List<List<BlockNode>> postProcessors(JsonNode node, Set<String> builders) {
            List<List<BlockNode>> sequences = new ArrayList<>();
            if (!isList(node, ptr("post-processors"), "post-processors", "post-processors")) {
                return sequences;
            }
            for (int i = 0; i < node.size(); i++) {
                JsonNode element = node.get(i);
                JsonPointer pointer = ptr("post-processors").appendIndex(i);
                String path = KeyPaths.index("post-processors", i);
                if (element.isArray()) {
                    List<BlockNode> sequence = new ArrayList<>();
                    for (int j = 0; j < element.size(); j++) {
                        JsonNode inner = element.get(j);
                        JsonPointer innerPointer = pointer.appendIndex(j);
                        String innerPath = KeyPaths.index(path, j);
                        if (inner.isArray()) {
                            problem(innerPointer, innerPath, "sequence not allowed to be nested in a sequence");
                        } else if (inner.isObject() || inner.isTextual()) {
                            BlockNode pp = postProcessor(inner, innerPointer, innerPath, builders);
                            if (pp != null) {
                                sequence.add(pp);
                            }
                        } else {
                            problem(innerPointer, innerPath, "a post-processor must be an object or a type name, got "
                                    + KeyPaths.describe(inner));
                        }
                    }
                    if (!sequence.isEmpty()) {
                        sequences.add(sequence);
                    }
                } else if (element.isObject() || element.isTextual()) {
                    BlockNode pp = postProcessor(element, pointer, path, builders);
                    if (pp != null) {
                        sequences.add(List.of(pp));
                    }
                } else {
                    problem(pointer, path, "a post-processor must be an object, a type name or a list (a sequence), "
                            + "got " + KeyPaths.describe(element));
                }
            }
            return sequences;
        }

        private BlockNode postProcessor(JsonNode node, JsonPointer pointer, String path, Set<String> builders) {
            if (node.isTextual()) {
                if (node.asText().isEmpty()) {
                    problem(pointer, path, "missing 'type'");
                    return null;
                }
                return new BlockNode(BlockNode.POST_PROCESSOR, node.asText(), node.asText(), path, pointer,
                        sourceMap.at(pointer), new SourcedConfig(sourceMap), List.of(), List.of(), null,
                        null, null, null, null);
            }
            String type = type(node, pointer, path);
            String name = optionalText(node, pointer, path, "name");
            List<String> only = builderList(node, pointer, path, "only", builders);
            List<String> except = builderList(node, pointer, path, "except", builders);
            onlyOrExcept(pointer, path, only, except);
            Boolean keep = null;
            JsonNode keepNode = node.get("keep_input_artifact");
            if (keepNode != null && !keepNode.isNull()) {
                if (keepNode.isBoolean()) {
                    keep = keepNode.asBoolean();
                } else {
                    problem(pointer.appendProperty("keep_input_artifact"), path,
                            "'keep_input_artifact' must be true or false, got " + KeyPaths.describe(keepNode));
                }
            }
            if (type == null) {
                return null;
            }
            return new BlockNode(BlockNode.POST_PROCESSOR, type, name, path, pointer, sourceMap.at(pointer),
                    config(node, POST_PROCESSOR_KEYS), only, except, null, null, null, null, keep);
        }

        // ---- shared pieces -------------------------------------------------------------------------------------

        private boolean isList(JsonNode node, JsonPointer pointer, String path, String what) {
            if (node == null || node.isNull()) {
                return false;
            }
            if (!node.isArray()) {
                problem(pointer, path, "must be a list of " + what + ", got " + KeyPaths.describe(node));
                return false;
            }
            return true;
        }

        private String type(JsonNode block, JsonPointer pointer, String path) {
            JsonNode type = block.get("type");
            if (type == null || type.isNull() || type.isTextual() && type.asText().isEmpty()) {
                problem(pointer, path, "missing 'type'");
                return null;
            }
            if (!type.isTextual()) {
                problem(pointer.appendProperty("type"), path, "'type' must be a string, got " + KeyPaths.describe(type));
                return null;
            }
            return type.asText();
        }

        private String optionalText(JsonNode object, JsonPointer pointer, String path, String key) {
            JsonNode value = object.get(key);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isTextual()) {
                problem(pointer.appendProperty(key), path, "'" + key + "' must be a string, got "
                        + KeyPaths.describe(value));
                return null;
            }
            return value.asText();
        }

        private List<String> builderList(JsonNode block, JsonPointer pointer, String path, String key,
                                          Set<String> builders) {
            JsonNode value = block.get(key);
            List<String> names = new ArrayList<>();
            if (value == null || value.isNull()) {
                return names;
            }
            JsonPointer at = pointer.appendProperty(key);
            if (value.isTextual()) {
                checkBuilder(value.asText(), key, at, path, builders);
                names.add(value.asText());
            } else if (value.isArray()) {
                for (int i = 0; i < value.size(); i++) {
                    JsonNode element = value.get(i);
                    if (element.isTextual()) {
                        checkBuilder(element.asText(), key, at.appendIndex(i), path, builders);
                        names.add(element.asText());
                    } else {
                        problem(at.appendIndex(i), path, "'" + key + "' must list builder names, got "
                                + KeyPaths.describe(element));
                    }
                }
            } else {
                problem(at, path, "'" + key + "' must be a list of builder names, got " + KeyPaths.describe(value));
            }
            return names;
        }

        private void checkBuilder(String name, String key, JsonPointer at, String path, Set<String> builders) {
            if (!builders.contains(name)) {
                problem(at, path, "'" + key + "' names unknown builder '" + name + "'" + builderHint(name, builders));
            }
        }

        private void onlyOrExcept(JsonPointer pointer, String path, List<String> only, List<String> except) {
            if (!only.isEmpty() && !except.isEmpty()) {
                problem(pointer.appendProperty("except"), path, "only one of 'only' or 'except' may be specified");
            }
        }

        private ObjectNode config(JsonNode block, List<String> owned) {
            SourcedConfig config = new SourcedConfig(sourceMap);
            for (Map.Entry<String, JsonNode> field : block.properties()) {
                if (!owned.contains(field.getKey())) {
                    config.set(field.getKey(), field.getValue().deepCopy());
                }
            }
            return config;
        }

        private static String builderHint(String name, Set<String> builders) {
            String suggestion = didYouMean(name, builders);
            if (!suggestion.isEmpty() || builders.isEmpty()) {
                return suggestion;
            }
            return "; the builders are " + quoted(builders);
        }

        private static String didYouMean(String input, Collection<String> candidates) {
            return Suggestions.closest(input, candidates).map(s -> "; did you mean '" + s + "'?").orElse("");
        }

        private static String quoted(Collection<String> names) {
            return names.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", "));
        }
    }
}
