package dev.kiln.runtime.frontend.json;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.runtime.frontend.KeyPaths;
import dev.kiln.runtime.frontend.SourcePosition;
import dev.kiln.runtime.frontend.TemplateException;
import dev.kiln.runtime.frontend.TemplateProblem;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
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
                origin.put(v.name(), new Origin(v.position(), KeyPaths.member("variables", v.name())));
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
                problems.add(new TemplateProblem(v.position(), KeyPaths.member("variables", v.name()),
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

    /** How far a variable's resolution has got. */
    private enum State { RESOLVING, RESOLVED, FAILED }

    /**
     * Renders every raw value in dependency order, each once the variables it uses are resolved, so any depth of
     * chain works in time linear in the number of variables and references. First the variables each value names
     * literally give an order (depth first, dependencies before the variables that use them); then each value is
     * rendered in that order, and when a rendering needs a variable not resolved yet, that one is resolved first and
     * the value rendered again. Both walks keep their own stack, not the Java stack. Each cause is reported once: a
     * cycle at its first declared member, naming them all; a variable that uses one that is not set says so; a
     * variable that uses one that failed (in a cycle, not rendering, too long, or itself using such) reports nothing
     * of its own, so a broken chain of any length is one problem. Its value is not known either way, and the checks
     * that need it are skipped.
     */
    private static Map<String, String> render(Map<String, String> raw, Map<String, Origin> origin,
                                              Set<String> failed, RenderContext base,
                                              List<TemplateProblem> problems) {
        TemplateEngine engine = new TemplateEngine();
        Map<String, String> resolved = new LinkedHashMap<>();
        RenderContext ctx = base.withEnvAllowed(true).withLenient(true)
                .withUserVariables(RenderContext.growing(resolved));
        Map<String, State> states = new HashMap<>();
        Map<String, String> messages = new HashMap<>();
        Map<String, Integer> declared = new HashMap<>();
        raw.keySet().forEach(name -> declared.put(name, declared.size()));
        long total = 0;
        for (String root : dependencyOrder(raw, engine)) {
            if (states.containsKey(root)) {
                continue;
            }
            Deque<String> stack = new ArrayDeque<>();
            states.put(root, State.RESOLVING);
            stack.push(root);
            while (!stack.isEmpty()) {
                String name = stack.peek();
                if (states.get(name) == State.FAILED) { // a member of a cycle found above it
                    stack.pop();
                    continue;
                }
                try {
                    String value = engine.render(raw.get(name), ctx);
                    if (total + value.length() > TemplateLimits.MAX_RENDERED_TOTAL) {
                        fail(name, "its value (" + TemplateLimits.count(value.length()) + " characters) would bring "
                                + "the variables' values to more than "
                                + TemplateLimits.characters(TemplateLimits.MAX_RENDERED_TOTAL)
                                + " together, Kiln's limit", states, messages);
                    } else {
                        total += value.length();
                        resolved.put(name, value);
                        states.put(name, State.RESOLVED);
                    }
                    stack.pop();
                } catch (RenderException e) {
                    String used = e.unsetVariable();
                    State usedState = used == null ? null : states.get(used);
                    if (used != null && raw.containsKey(used) && usedState == null) {
                        states.put(used, State.RESOLVING); // resolve it, then render this one again
                        stack.push(used);
                        continue;
                    }
                    if (usedState == State.RESOLVING) {
                        cycle(used, stack, declared, states, messages);
                        continue;
                    }
                    if (usedState == State.FAILED) {
                        states.put(name, State.FAILED); // its value is not known: that variable's problem says why
                    } else {
                        fail(name, used == null ? e.getMessage()
                                : failed.contains(used) ? "it uses variable '" + used + "', which is not set"
                                : "it uses variable '" + used + "', which is not set; a variable used in another "
                                + "variable's value must be declared or set with -var", states, messages);
                    }
                    stack.pop();
                }
            }
        }
        for (String name : raw.keySet()) {
            if (messages.containsKey(name)) {
                problems.add(problem(name, origin, messages.get(name)));
            }
        }
        return resolved;
    }

    /**
     * The variables of {@code raw}, each after the variables its value names literally (where those names do not
     * form a cycle): the order to render them in.
     */
    private static List<String> dependencyOrder(Map<String, String> raw, TemplateEngine engine) {
        List<String> order = new ArrayList<>(raw.size());
        Set<String> seen = new HashSet<>();
        Deque<Map.Entry<String, Iterator<String>>> stack = new ArrayDeque<>();
        for (String root : raw.keySet()) {
            if (!seen.add(root)) {
                continue;
            }
            stack.push(Map.entry(root, engine.usedVariables(raw.get(root)).iterator()));
            while (!stack.isEmpty()) {
                Map.Entry<String, Iterator<String>> top = stack.peek();
                if (top.getValue().hasNext()) {
                    String used = top.getValue().next();
                    if (raw.containsKey(used) && seen.add(used)) {
                        stack.push(Map.entry(used, engine.usedVariables(raw.get(used)).iterator()));
                    }
                } else {
                    stack.pop();
                    order.add(top.getKey());
                }
            }
        }
        return order;
    }

    private static void fail(String name, String message, Map<String, State> states, Map<String, String> messages) {
        states.put(name, State.FAILED);
        messages.put(name, message);
    }

    /**
     * Reports the cycle that closes at {@code first}: the variables on the stack from {@code first} up to the top each
     * use the next, and the top uses {@code first}. One problem, at the member declared first, names them all.
     */
    private static void cycle(String first, Deque<String> stack, Map<String, Integer> declared,
                              Map<String, State> states, Map<String, String> messages) {
        List<String> members = new ArrayList<>();
        for (String name : stack) {                  // from the top down
            members.add(name);
            if (name.equals(first)) {
                break;
            }
        }
        Collections.reverse(members);
        int start = 0;
        for (int i = 1; i < members.size(); i++) {
            if (declared.get(members.get(i)) < declared.get(members.get(start))) {
                start = i;
            }
        }
        List<String> shown = new ArrayList<>(members.subList(start, members.size()));
        shown.addAll(members.subList(0, start));
        shown.add(shown.get(0));
        members.forEach(member -> states.put(member, State.FAILED));
        messages.put(shown.get(0), "circular reference: " + String.join(" -> ", shown));
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
                    "a variable file must be a JSON object of names to string values, got " + KeyPaths.describe(root)));
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
                        + KeyPaths.describe(value) + (value.isValueNode() && !value.isNull()
                        ? "; write it in quotes: \"" + value.asText() + "\"" : "")));
            }
        }
    }
}
