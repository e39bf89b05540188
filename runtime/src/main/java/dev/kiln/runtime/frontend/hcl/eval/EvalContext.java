package dev.kiln.runtime.frontend.hcl.eval;

import dev.kiln.runtime.frontend.hcl.function.FunctionTable;
import dev.kiln.runtime.frontend.hcl.function.HclFunction;
import dev.kiln.runtime.frontend.hcl.value.HclValue;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an expression is evaluated in: variables (name to value, e.g. {@code var} to an object), the function table,
 * and the directory {@code templatefile} reads from. {@link #child} makes a nested scope for {@code for}
 * expressions, template {@code for} directives and dynamic-block iterators; a child's names hide its parent's.
 * Immutable.
 */
public final class EvalContext {
    private final Map<String, HclValue> variables;
    private final Map<String, HclFunction> functions;
    private final EvalContext parent;
    private final Path baseDir;

    private EvalContext(Map<String, HclValue> variables, Map<String, HclFunction> functions, EvalContext parent,
                        Path baseDir) {
        this.variables = variables;
        this.functions = functions;
        this.parent = parent;
        this.baseDir = baseDir;
    }

    /**
     * A root context.
     *
     * @param variables the variables by name
     * @param functions the function table (without {@code try}, {@code can}, {@code convert} and
     *     {@code templatefile}, which the evaluator provides)
     * @param baseDir where {@code templatefile} resolves relative paths, or null to leave {@code templatefile} out
     */
    public static EvalContext of(Map<String, HclValue> variables, Map<String, HclFunction> functions, Path baseDir) {
        return new EvalContext(Collections.unmodifiableMap(new LinkedHashMap<>(variables)),
                functions instanceof FunctionTable ? functions : Map.copyOf(Objects.requireNonNull(functions, "functions")),
                null, baseDir);
    }

    /** A root context with variables and functions only ({@code templatefile} is unknown there). */
    public static EvalContext of(Map<String, HclValue> variables, Map<String, HclFunction> functions) {
        return of(variables, functions, null);
    }

    /** A context with the same functions and no variables, as {@code templatefile} evaluates its file in. */
    public EvalContext withOnly(Map<String, HclValue> vars) {
        return new EvalContext(Collections.unmodifiableMap(new LinkedHashMap<>(vars)), functions, null, baseDir);
    }

    /** A nested scope: {@code vars} over this context's variables. */
    public EvalContext child(Map<String, HclValue> vars) {
        return new EvalContext(Collections.unmodifiableMap(new LinkedHashMap<>(vars)), functions, this, baseDir);
    }

    /** The variable {@code name} of the innermost scope that has it, or null. */
    public HclValue lookup(String name) {
        for (EvalContext c = this; c != null; c = c.parent) {
            HclValue v = c.variables.get(name);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** Every variable name in scope, sorted (for suggestions). */
    public Set<String> variableNames() {
        Set<String> names = new TreeSet<>();
        for (EvalContext c = this; c != null; c = c.parent) {
            names.addAll(c.variables.keySet());
        }
        return names;
    }

    /** The function table. */
    public Map<String, HclFunction> functions() {
        return functions;
    }

    /** The directory {@code templatefile} resolves against, or null when it is not available. */
    public Path baseDir() {
        return baseDir;
    }
}
