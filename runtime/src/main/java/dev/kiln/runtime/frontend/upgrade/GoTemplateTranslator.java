package dev.kiln.runtime.frontend.upgrade;

import dev.kiln.runtime.frontend.json.RenderException;
import dev.kiln.runtime.frontend.json.TemplateEngine;
import dev.kiln.runtime.frontend.json.TemplateEngine.BoolLit;
import dev.kiln.runtime.frontend.json.TemplateEngine.Command;
import dev.kiln.runtime.frontend.json.TemplateEngine.Field;
import dev.kiln.runtime.frontend.json.TemplateEngine.Ident;
import dev.kiln.runtime.frontend.json.TemplateEngine.Node;
import dev.kiln.runtime.frontend.json.TemplateEngine.NumberLit;
import dev.kiln.runtime.frontend.json.TemplateEngine.Paren;
import dev.kiln.runtime.frontend.json.TemplateEngine.Pipeline;
import dev.kiln.runtime.frontend.json.TemplateEngine.Segment;
import dev.kiln.runtime.frontend.json.TemplateEngine.StringLit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Translates the Go templates of Packer JSON strings into HCL2 quoted templates, using the JSON front end's own
 * parse tree ({@link TemplateEngine#parse}), so what parses, and what each function takes, is what Kiln's JSON front
 * end accepts.
 *
 * <p>Each action becomes an interpolation: <code>{{user `x`}}</code> is {@code ${var.x}} (or {@code ${local.x}} when
 * the variable had to become a local), and so on for every function of Packer JSON. Actions that read the data
 * a plugin supplies when it renders a field itself (<code>{{ .Image }}</code>, <code>{{.Vars}}</code>) stay Go
 * templates, as Packer keeps them. An action that has no HCL2 equivalent stays as written too, with a note the
 * caller writes as a comment. One translator serves one template; it is not thread-safe.
 */
final class GoTemplateTranslator {

    /** Where a string is, which decides what HCL2 allows there. */
    enum Place {
        /** A variable's default: only {@code env()} may be called, nothing may be referred to. */
        VARIABLE_DEFAULT,
        /** A builder's settings: no {@code source.*}, but its name and type are known. */
        SOURCE,
        /** Everything else: provisioners, post-processors, locals. */
        BUILD
    }

    /** A string's context: its place, and for a source the builder's JSON name and type. */
    record Scope(Place place, String builderName, String builderType) {
        static final Scope DEFAULT = new Scope(Place.VARIABLE_DEFAULT, null, null);
        static final Scope BUILD = new Scope(Place.BUILD, null, null);

        static Scope source(String name, String type) {
            return new Scope(Place.SOURCE, name, type);
        }
    }

    /** An action the translator keeps as written; the reason becomes a note. */
    private static final class Untranslatable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Untranslatable(String reason) {
            super(reason, null, false, false);
        }
    }

    /** An HCL expression, and its value when that is a constant known now (then no interpolation is needed). */
    private record Expr(String hcl, Object constant) {
        static Expr of(String hcl) {
            return new Expr(hcl, null);
        }

        static Expr constant(String value) {
            return new Expr(HclText.quoted(value), value);
        }
    }

    private static final TemplateEngine ENGINE = new TemplateEngine();

    private final Set<String> localVariables;
    private final Set<String> takenVariableNames;
    private final Map<String, String> envVariables = new LinkedHashMap<>();
    private final Set<String> notes = new LinkedHashSet<>();
    private boolean usesTimestamp;
    private boolean usesMoreThanEnv;

    /**
     * @param localVariables the user variables that become locals (their defaults need more than {@code env})
     * @param takenVariableNames every declared variable's name, so generated ones do not clash
     */
    GoTemplateTranslator(Set<String> localVariables, Set<String> takenVariableNames) {
        this.localVariables = Set.copyOf(localVariables);
        this.takenVariableNames = new LinkedHashSet<>(takenVariableNames);
    }

    /** Whether a variable default that reads like {@code text} must become a local in HCL2. */
    static boolean needsLocal(String text) {
        GoTemplateTranslator probe = new GoTemplateTranslator(Set.of(), Set.of());
        probe.quoted(text, Scope.DEFAULT);
        return probe.usesMoreThanEnv;
    }

    /** {@code text} as an HCL quoted template string, its Go-template actions translated. */
    String quoted(String text, Scope scope) {
        if (!text.contains("{{")) {
            return HclText.quoted(text);
        }
        List<Segment> segments;
        try {
            segments = ENGINE.parse(text);
        } catch (RenderException e) {
            notes.add("could not translate the Go template in \"" + oneLine(text) + "\" (" + e.getMessage()
                    + "); it is kept as written");
            return HclText.quoted(text);
        }
        String[] actions = new String[segments.size()];
        boolean[] verbatim = new boolean[segments.size()];
        for (int k = 0; k < segments.size(); k++) {
            Segment segment = segments.get(k);
            if (segment.text() != null) {
                continue;
            }
            if (segment.pipeline() == null) {
                actions[k] = "";                                   // a {{/* comment */}}
                continue;
            }
            try {
                Expr expr = pipeline(segment.pipeline(), scope);
                actions[k] = expr.constant() != null ? HclText.escaped(String.valueOf(expr.constant()))
                        : "${" + expr.hcl() + "}";
            } catch (Untranslatable e) {
                String action = text.substring(segment.start(), segment.end());
                if (e.getMessage() != null) {
                    notes.add(e.getMessage() + ": '" + oneLine(action) + "' is kept as a Go template");
                }
                actions[k] = HclText.escaped(action);
                verbatim[k] = true;
            }
        }
        StringBuilder out = new StringBuilder("\"");
        for (int k = 0; k < segments.size(); k++) {
            Segment segment = segments.get(k);
            if (segment.text() == null) {
                out.append(actions[k]);
                continue;
            }
            String piece = segment.text();
            if (k > 0 && segments.get(k - 1).trimRight() && !verbatim[k - 1]) {
                piece = piece.stripLeading();
            }
            if (k + 1 < segments.size() && segments.get(k + 1).trimLeft() && !verbatim[k + 1]) {
                piece = piece.stripTrailing();
            }
            out.append(HclText.escaped(piece));
        }
        return out.append('"').toString();
    }

    /** Whether {@code {{timestamp}}} was met, so the {@code timestamp} local is needed. */
    boolean usesTimestamp() {
        return usesTimestamp;
    }

    /**
     * The variables generated for {@code {{env}}} outside variable defaults (HCL2 allows {@code env()} only there):
     * environment variable name to HCL variable name, in first-use order.
     */
    Map<String, String> envVariables() {
        return envVariables;
    }

    /** The notes gathered since the last call, for a comment above the block they concern. */
    List<String> takeNotes() {
        List<String> taken = new ArrayList<>(notes);
        notes.clear();
        return taken;
    }

    // ---- translation -----------------------------------------------------------------------------------------

    private Expr pipeline(Pipeline pipeline, Scope scope) {
        Expr piped = null;
        for (Command command : pipeline.commands()) {
            piped = command(command, piped, scope);
        }
        return piped;
    }

    private Expr command(Command command, Expr piped, Scope scope) {
        List<Node> operands = command.operands();
        Node first = operands.get(0);
        if (!(first instanceof Ident ident)) {
            if (operands.size() > 1 || piped != null) {
                throw new Untranslatable("only a function takes arguments");
            }
            return operand(first, scope);
        }
        List<Expr> args = new ArrayList<>();
        for (Node operand : operands.subList(1, operands.size())) {
            args.add(operand(operand, scope));
        }
        if (piped != null) {
            args.add(piped);
        }
        return function(ident.name(), args, scope);
    }

    private Expr operand(Node node, Scope scope) {
        if (node instanceof StringLit s) {
            return Expr.constant(s.value());
        }
        if (node instanceof NumberLit n) {
            return new Expr(n.text(), n.value());
        }
        if (node instanceof BoolLit b) {
            return new Expr(Boolean.toString(b.value()), b.value());
        }
        if (node instanceof Paren p) {
            return pipeline(p.pipeline(), scope);
        }
        if (node instanceof Field) {
            throw new Untranslatable(null);          // rendered by the plugin itself, as in Packer: not a problem
        }
        if (node instanceof Ident i) {
            return function(i.name(), List.of(), scope);
        }
        throw new Untranslatable("unexpected " + node);
    }

    private Expr function(String name, List<Expr> args, Scope scope) {
        switch (name) {
            case "user": {
                String variable = constantString(name, args, 0, 1);
                usesMoreThanEnv = true;
                String root = localVariables.contains(variable) ? "local" : "var";
                return Expr.of(HclText.isIdentifier(variable) ? root + "." + variable
                        : root + "[" + HclText.quoted(variable) + "]");
            }
            case "env": {
                String env = constantString(name, args, 0, 1);
                if (scope.place() == Place.VARIABLE_DEFAULT) {
                    return Expr.of("env(" + HclText.quoted(env) + ")");
                }
                usesMoreThanEnv = true;
                return Expr.of("var." + envVariables.computeIfAbsent(env, this::envVariableName));
            }
            case "timestamp":
                arity(name, args, 0);
                usesMoreThanEnv = true;
                usesTimestamp = true;
                return Expr.of("local.timestamp");
            case "isotime": {
                usesMoreThanEnv = true;
                if (args.isEmpty()) {
                    return Expr.of("timestamp()");
                }
                String layout = constantString(name, args, 0, 1);
                String format = GoLayouts.toFormatDate(layout);
                if (format != null) {
                    return Expr.of("formatdate(" + HclText.quoted(format) + ", timestamp())");
                }
                notes.add("the isotime layout " + HclText.quoted(layout) + " has no formatdate() equivalent; "
                        + "legacy_isotime() needs Kiln or Packer 1.7 or later");
                return Expr.of("legacy_isotime(" + HclText.quoted(layout) + ")");
            }
            case "strftime": {
                usesMoreThanEnv = true;
                String format = constantString(name, args, 0, 1);
                notes.add("legacy_strftime() needs Kiln or Packer 1.7 or later");
                return Expr.of("legacy_strftime(" + HclText.quoted(format) + ")");
            }
            case "uuid":
                arity(name, args, 0);
                usesMoreThanEnv = true;
                return Expr.of("uuidv4()");
            case "build_name":
            case "build_type": {
                arity(name, args, 0);
                usesMoreThanEnv = true;
                boolean isName = name.equals("build_name");
                if (scope.place() == Place.SOURCE) {                  // no source.* in a source; but it is known
                    return Expr.constant(isName ? scope.builderName() : scope.builderType());
                }
                return Expr.of(isName ? "source.name" : "source.type");
            }
            case "build": {
                String key = constantString(name, args, 0, 1);
                usesMoreThanEnv = true;
                return Expr.of(HclText.isIdentifier(key) ? "build." + key : "build[" + HclText.quoted(key) + "]");
            }
            case "template_dir":
                arity(name, args, 0);
                usesMoreThanEnv = true;
                return Expr.of("path.root");
            case "pwd":
                arity(name, args, 0);
                usesMoreThanEnv = true;
                return Expr.of("path.cwd");
            case "packer_version":
                arity(name, args, 0);
                usesMoreThanEnv = true;
                return Expr.of("packer.version");
            case "lower":
            case "upper":
                arity(name, args, 1);
                usesMoreThanEnv = true;
                return call(name, args.get(0));
            case "replace_all":
                arity(name, args, 3);
                usesMoreThanEnv = true;
                return call("replace", args.get(2), args.get(0), args.get(1));
            case "replace": {
                arity(name, args, 4);
                usesMoreThanEnv = true;
                Expr old = args.get(0);
                Expr replacement = args.get(1);
                Expr text = args.get(3);
                if (!(args.get(2).constant() instanceof Long n)) {
                    throw new Untranslatable("replace needs a whole number of replacements");
                }
                if (old.constant() instanceof String o && replacement.constant() instanceof String r
                        && text.constant() instanceof String t) {
                    return Expr.constant(goReplace(t, o, r, n));
                }
                if (n >= 0) {
                    notes.add("replace() replaces every occurrence; the JSON template replaced at most " + n);
                }
                return call("replace", text, old, replacement);
            }
            case "split": {
                arity(name, args, 3);
                usesMoreThanEnv = true;
                if (!(args.get(2).constant() instanceof Long index)) {
                    throw new Untranslatable("split needs a whole number index");
                }
                return Expr.of("split(" + args.get(1).hcl() + ", " + args.get(0).hcl() + ")[" + index + "]");
            }
            case "consul_key":
            case "vault":
            case "aws_secretsmanager":
                usesMoreThanEnv = true;
                return call(name, args.toArray(Expr[]::new));
            default:
                throw new Untranslatable("HCL2 has no equivalent of '" + name + "'");
        }
    }

    private static Expr call(String function, Expr... args) {
        StringBuilder out = new StringBuilder(function).append('(');
        for (int i = 0; i < args.length; i++) {
            out.append(i == 0 ? "" : ", ").append(args[i].hcl());
        }
        return Expr.of(out.append(')').toString());
    }

    private static void arity(String name, List<Expr> args, int count) {
        if (args.size() != count) {
            throw new Untranslatable("'" + name + "' takes " + count + " argument" + (count == 1 ? "" : "s"));
        }
    }

    private static String constantString(String name, List<Expr> args, int index, int count) {
        arity(name, args, count);
        if (!(args.get(index).constant() instanceof String s)) {
            throw new Untranslatable("'" + name + "' with a computed argument has no HCL2 equivalent");
        }
        return s;
    }

    private String envVariableName(String env) {
        StringBuilder base = new StringBuilder("env_");
        for (char c : env.toCharArray()) {
            base.append(c < 128 && Character.isLetterOrDigit(c) ? c : '_');
        }
        String name = base.toString();
        for (int n = 2; takenVariableNames.contains(name); n++) {
            name = base + "_" + n;
        }
        takenVariableNames.add(name);
        return name;
    }

    /** Go's {@code strings.Replace}: at most {@code n} replacements, all when {@code n < 0}. */
    private static String goReplace(String text, String old, String replacement, long n) {
        if (n < 0) {
            if (!old.isEmpty()) {
                return text.replace(old, replacement);
            }
            n = Long.MAX_VALUE;
        }
        StringBuilder out = new StringBuilder();
        int from = 0;
        long done = 0;
        while (done < n) {
            int at;
            if (old.isEmpty()) {
                if (from > text.length()) {
                    break;
                }
                at = from;
                out.append(replacement);
                if (at < text.length()) {
                    out.appendCodePoint(text.codePointAt(at));
                }
                from = at < text.length() ? text.offsetByCodePoints(at, 1) : at + 1;
                done++;
                continue;
            }
            at = text.indexOf(old, from);
            if (at < 0) {
                break;
            }
            out.append(text, from, at).append(replacement);
            from = at + old.length();
            done++;
        }
        if (from <= text.length()) {
            out.append(text.substring(from));
        }
        return out.toString();
    }

    private static String oneLine(String text) {
        return text.replace("\n", "\\n").replace("\r", "\\r");
    }
}
