package dev.kiln.runtime.frontend.hcl.function;

import dev.kiln.runtime.frontend.hcl.value.HclException;
import dev.kiln.runtime.frontend.hcl.value.HclType;
import dev.kiln.runtime.frontend.hcl.value.HclValue;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Packer's HCL2 function library. {@link #packer} gives the table for one template (made when first used); the evaluator looks names up in
 * it and calls {@link HclFunction#call}, or uses {@link #call} to get HCL's "Call to unknown function" diagnostic.
 *
 * <p>Not here: {@code try}, {@code can}, {@code convert} and {@code templatefile} need the evaluator (they take
 * expressions or types, not values). {@code aws_secretsmanager}, {@code aws_secretsmanager_raw}, {@code consul_key}
 * and {@code vault}, which need the network, are in the table but fail every call, naming themselves.
 */
public final class HclFunctions {

    /** The name of the function only variable defaults may call; add {@link #env} to their table. */
    public static final String ENV = "env";

    private HclFunctions() {
    }

    /**
     * The function table for a template.
     *
     * @param baseDir the template's directory: file, filebase64, fileexists and fileset resolve relative paths
     *     against it
     * @param clock the clock {@code timestamp()} reads
     * @return an unmodifiable map from name to function, in name order
     */
    public static Map<String, HclFunction> packer(Path baseDir, Clock clock) {
        return packer(baseDir, Paths.get("").toAbsolutePath(), Paths.get(System.getProperty("user.home")), clock);
    }

    /**
     * The function table with an explicit working directory (for {@code abspath}) and home directory (for
     * {@code ~} in paths).
     */
    public static Map<String, HclFunction> packer(Path baseDir, Path workingDir, Path home, Clock clock) {
        Objects.requireNonNull(baseDir, "baseDir");
        Objects.requireNonNull(clock, "clock");
        return new FunctionTable(t -> {
            StringFunctions.register(t);
            CollectionFunctions.register(t);
            NumericFunctions.register(t);
            EncodingFunctions.register(t);
            TimeFunctions.register(t, clock);
            CidrFunctions.register(t);
            RsaFunctions.register(t);
            Bcrypt.register(t);
            NetworkFunctions.register(t);
            FileFunctions.register(t, baseDir, workingDir, home);
        });
    }

    /**
     * {@code env(name)}: the value of an environment variable, or the empty string. Packer allows it only in
     * variable defaults, so the caller adds it to that table only.
     */
    public static HclFunction env(Map<String, String> environment) {
        Map<String, String> copy = Map.copyOf(environment);
        return HclFunction.builder(ENV).param("key", HclType.STRING).returns(HclType.STRING)
                .impl(a -> HclValue.string(copy.getOrDefault(a.get(0).asString(), ""))).build();
    }

    /** {@code table} plus {@code env}, for evaluating variable defaults. */
    public static Map<String, HclFunction> withEnv(Map<String, HclFunction> table, Map<String, String> environment) {
        return new FunctionTable(t -> {
            t.putAll(table);
            t.put(ENV, env(environment));
        });
    }

    /**
     * Calls {@code name} from {@code table}.
     *
     * @throws HclException "Call to unknown function" (with a "Did you mean" suggestion when one is close), or
     *     whatever the function's call throws
     */
    public static HclValue call(Map<String, HclFunction> table, String name, List<HclValue> args) {
        HclFunction f = table.get(name);
        if (f == null) {
            String suggestion = suggest(name, table.keySet());
            throw new HclException("Call to unknown function", "There is no function named \"" + name + "\"."
                    + (suggestion == null ? "" : " Did you mean \"" + suggestion + "\"?"));
        }
        return f.call(args);
    }

    /**
     * The arguments of a call whose last argument is expanded ({@code f(a, list...)}): the last value's elements
     * replace it. Empty if that value is unknown (the call's result is then {@link HclValue#DYNAMIC_UNKNOWN}).
     *
     * @throws HclException "Invalid expanding argument value" if the last value is null or not a list, set or tuple
     */
    public static java.util.Optional<List<HclValue>> expandFinalArgument(List<HclValue> args) {
        if (args.isEmpty()) {
            return java.util.Optional.of(args);
        }
        HclValue last = args.get(args.size() - 1);
        if (last.isNull()) {
            throw new HclException("Invalid expanding argument value",
                    "The expanding argument (indicated by ...) must not be null.", args.size() - 1);
        }
        HclType t = last.type();
        if (!(t.isList() || t.isSet() || t.isTuple() || t == HclType.DYNAMIC)) {
            throw new HclException("Invalid expanding argument value",
                    "The expanding argument (indicated by ...) must be of a tuple, list, or set type.",
                    args.size() - 1);
        }
        if (!last.isKnown()) {
            return java.util.Optional.empty();
        }
        List<HclValue> out = new java.util.ArrayList<>(args.subList(0, args.size() - 1));
        out.addAll(last.elements());
        return java.util.Optional.of(out);
    }

    /**
     * The closest of {@code names} within edit distance 2 of {@code given}, as HCL's "Did you mean" suggests it
     * (case-sensitive plain Levenshtein distance, unlike {@code Suggestions}, which Packer JSON's messages use), or
     * null. The evaluator uses it for variables and functions too.
     */
    public static String suggest(String given, Iterable<String> names) {
        String best = null;
        int bestDist = 3;
        for (String n : names) {
            int d = levenshtein(given, n);
            if (d < bestDist) {
                bestDist = d;
                best = n;
            }
        }
        return best;
    }

    private static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] tmp = prev;
            prev = cur;
            cur = tmp;
        }
        return prev[b.length()];
    }
}
