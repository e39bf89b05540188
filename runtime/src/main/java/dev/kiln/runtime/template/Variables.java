package dev.kiln.runtime.template;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves a template's user variables as Packer does: {@code -var} over later {@code -var-file}s over earlier ones
 * over the template's defaults, every value rendered with {@code env} allowed and {@code user} able to refer to other
 * variables.
 */
public final class Variables {

    private static final int MAX_PASSES = 100;
    private static final SourcePosition COMMAND_LINE = SourcePosition.of("command line");

    private Variables() {
    }

    /**
     * Resolves every variable's value.
     *
     * @param t the template declaring the variables
     * @param varFiles {@code -var-file}s in command-line order; each a flat JSON object of strings
     * @param cliVars {@code -var} values; variables the template does not declare are accepted
     * @param base the context to render in; its user variables are ignored, {@code env} is allowed and missing
     *     {@code .Field}s are kept verbatim
     * @return every variable's rendered value: declared ones in template order, then the others
     * @throws TemplateException with every problem found: unreadable or malformed var-files, required variables not
     *     set, values that do not render, variables that refer to unset or circular variables
     */
    public static Map<String, String> resolve(Template t, List<Path> varFiles, Map<String, String> cliVars,
                                              RenderContext base) {
        Resolution resolution = resolveAll(t, varFiles, cliVars, base);
        if (!resolution.problems().isEmpty()) {
            throw new TemplateException(resolution.problems());
        }
        return resolution.values();
    }

    /**
     * Resolves every variable's value that can be resolved, and says which cannot, so the rest of the template can
     * still be checked: a missing variable must not hide the template's other problems.
     *
     * @param t the template declaring the variables
     * @param varFiles {@code -var-file}s in command-line order; each a flat JSON object of strings
     * @param cliVars {@code -var} values; variables the template does not declare are accepted
     * @param base the context to render in, as for {@link #resolve}
     * @return the values, the variables whose value is not known, and every problem found (as {@link #resolve}
     *     would throw them)
     */
    public static Resolution resolveAll(Template t, List<Path> varFiles, Map<String, String> cliVars,
                                        RenderContext base) {
        List<TemplateProblem> problems = new ArrayList<>();
        Map<String, String> raw = new LinkedHashMap<>();
        Map<String, Origin> origin = new LinkedHashMap<>();
        t.variables().values().forEach(v -> {
            if (!v.required()) {
                raw.put(v.name(), v.defaultValue());
                origin.put(v.name(), new Origin(v.position(), Paths.member("variables", v.name())));
            }
        });
        for (Path file : varFiles == null ? List.<Path>of() : varFiles) {
            readVarFile(file, raw, origin, problems);
        }
        if (cliVars != null) {
            cliVars.forEach((name, value) -> {
                raw.put(name, value);
                origin.put(name, new Origin(COMMAND_LINE, "-var " + name));
            });
        }
        Set<String> failed = new LinkedHashSet<>();
        for (VariableDeclaration v : t.variables().values()) {
            if (v.required() && !raw.containsKey(v.name())) {
                problems.add(new TemplateProblem(v.position(), Paths.member("variables", v.name()),
                        "required variable not set: " + v.name()));
                failed.add(v.name());
            }
        }

        Map<String, String> resolved = render(raw, origin, failed, base, problems);
        Set<String> unknown = new LinkedHashSet<>(failed);
        raw.keySet().stream().filter(name -> !resolved.containsKey(name)).forEach(unknown::add);
        Map<String, String> ordered = new LinkedHashMap<>();
        t.variables().keySet().forEach(name -> {
            if (resolved.containsKey(name)) {
                ordered.put(name, resolved.get(name));
            }
        });
        ordered.putAll(resolved);
        return new Resolution(ordered, unknown, problems);
    }

    /**
     * What {@link #resolveAll} found.
     *
     * @param values every variable's rendered value that could be resolved: declared ones in template order, then
     *     the others
     * @param unknown the variables whose value is not known: required ones not set, and ones that could not be
     *     resolved (for example because they use one of the former)
     * @param problems every problem found; empty when every variable resolved
     */
    public record Resolution(Map<String, String> values, Set<String> unknown, List<TemplateProblem> problems) {

        /** Makes unmodifiable copies that keep the order. */
        public Resolution {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
            unknown = Collections.unmodifiableSet(new LinkedHashSet<>(unknown));
            problems = List.copyOf(problems);
        }
    }

    /**
     * The values to mask in every output: the non-empty values of the variables named in
     * {@code sensitive-variables}.
     */
    public static Set<String> sensitiveValues(Template t, Map<String, String> resolved) {
        Set<String> values = new LinkedHashSet<>();
        for (String name : t.sensitiveVariables()) {
            String value = resolved.get(name);
            if (value != null && !value.isEmpty()) {
                values.add(value);
            }
        }
        return Collections.unmodifiableSet(values);
    }

    /** Renders every raw value, passing again while values wait for variables rendered later. */
    private static Map<String, String> render(Map<String, String> raw, Map<String, Origin> origin,
                                              Set<String> failed, RenderContext base,
                                              List<TemplateProblem> problems) {
        TemplateEngine engine = new TemplateEngine();
        RenderContext ctx = base.withEnvAllowed(true).withLenient(true);
        Map<String, String> resolved = new LinkedHashMap<>();
        Map<String, String> pending = new LinkedHashMap<>(raw);
        Map<String, String> waitingFor = new LinkedHashMap<>();
        for (int pass = 0; pass < MAX_PASSES && !pending.isEmpty(); pass++) {
            boolean progress = false;
            waitingFor.clear();
            for (Map.Entry<String, String> entry : new ArrayList<>(pending.entrySet())) {
                String name = entry.getKey();
                try {
                    resolved.put(name, engine.render(entry.getValue(), ctx.withUserVariables(resolved)));
                    pending.remove(name);
                    progress = true;
                } catch (RenderException e) {
                    if (e.unsetVariable() != null && !failed.contains(e.unsetVariable())) {
                        waitingFor.put(name, e.unsetVariable());
                    } else {
                        problems.add(problem(name, origin, e.unsetVariable() != null
                                ? "it uses variable '" + e.unsetVariable() + "', which is not set"
                                : e.getMessage()));
                        failed.add(name);
                        pending.remove(name);
                        progress = true;
                    }
                }
            }
            if (!progress) {
                break;
            }
        }
        for (String name : pending.keySet()) {
            problems.add(problem(name, origin, unresolved(name, waitingFor, raw)));
        }
        return resolved;
    }

    private static String unresolved(String name, Map<String, String> waitingFor, Map<String, String> raw) {
        String missing = waitingFor.get(name);
        if (missing == null) {
            return "could not be resolved in " + MAX_PASSES + " passes";
        }
        List<String> chain = new ArrayList<>(List.of(name));
        String current = missing;
        while (waitingFor.containsKey(current) && !chain.contains(current)) {
            chain.add(current);
            current = waitingFor.get(current);
        }
        if (chain.contains(current)) {
            chain.add(current);
            return "circular reference: " + String.join(" -> ", chain.subList(chain.indexOf(current),
                    chain.size()));
        }
        String through = chain.size() > 1 ? " (through " + String.join(" -> ", chain) + " -> " + current + ")" : "";
        if (!raw.containsKey(current)) {
            return "it uses variable '" + current + "'" + through + ", which is not set; a variable used in another "
                    + "variable's value must be declared or set with -var";
        }
        return "it uses variable '" + current + "'" + through + ", which could not be resolved";
    }

    /** Where a variable's value came from: a declaration, a var-file entry or {@code -var}. */
    private record Origin(SourcePosition position, String path) {
    }

    private static TemplateProblem problem(String name, Map<String, Origin> origin, String message) {
        Origin from = origin.getOrDefault(name, new Origin(COMMAND_LINE, "-var " + name));
        return new TemplateProblem(from.position(), from.path(), message);
    }

    private static void readVarFile(Path file, Map<String, String> raw, Map<String, Origin> origin,
                                    List<TemplateProblem> problems) {
        String content;
        try {
            SourceFiles.Text text = SourceFiles.read(file, "the variable file");
            if (text.problem() != null) {
                problems.add(text.problem());
                return;
            }
            content = text.content();
        } catch (NoSuchFileException e) {
            problems.add(new TemplateProblem(SourcePosition.of(file.toString()), "", "variable file not found"));
            return;
        } catch (AccessDeniedException e) {
            problems.add(new TemplateProblem(SourcePosition.of(file.toString()), "",
                    "cannot read the variable file: permission denied"));
            return;
        } catch (IOException e) {
            problems.add(new TemplateProblem(SourcePosition.of(file.toString()), "",
                    "cannot read the variable file: " + e.getMessage()));
            return;
        }
        JsonTreeReader.Result read = JsonTreeReader.read(file.toString(), content);
        problems.addAll(read.problems());
        JsonNode root = read.root();
        if (root == null) {
            return;
        }
        if (!root.isObject()) {
            problems.add(new TemplateProblem(read.sourceMap().at(JsonPointer.empty()), "",
                    "a variable file must be a JSON object of names to string values, got " + Paths.describe(root)));
            return;
        }
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            SourcePosition position = read.sourceMap().at(JsonPointer.empty().appendProperty(field.getKey()));
            JsonNode value = field.getValue();
            if (value.isTextual()) {
                raw.put(field.getKey(), value.asText());
                origin.put(field.getKey(), new Origin(position, field.getKey()));
            } else {
                problems.add(new TemplateProblem(position, field.getKey(), "the value must be a string, got "
                        + Paths.describe(value) + (value.isValueNode() && !value.isNull()
                        ? "; write it in quotes: \"" + value.asText() + "\"" : "")));
            }
        }
    }
}
