package dev.kiln.runtime.frontend.hcl;

import dev.kiln.runtime.frontend.BuildModel;
import dev.kiln.runtime.frontend.BuildSpec;
import dev.kiln.runtime.frontend.ComponentSpec;
import dev.kiln.runtime.frontend.SourcePosition;
import dev.kiln.runtime.frontend.TemplateException;
import dev.kiln.runtime.frontend.TemplateInput;
import dev.kiln.runtime.frontend.TemplateProblem;
import dev.kiln.runtime.frontend.VariableSpec;
import dev.kiln.runtime.frontend.hcl.eval.DynamicBlocks;
import dev.kiln.runtime.frontend.hcl.eval.EvalContext;
import dev.kiln.runtime.frontend.hcl.eval.Evaluator;
import dev.kiln.runtime.frontend.hcl.eval.ExpandedBody;
import dev.kiln.runtime.frontend.hcl.eval.TypeExpressions;
import dev.kiln.runtime.frontend.hcl.function.HclFunction;
import dev.kiln.runtime.frontend.hcl.function.HclFunctions;
import dev.kiln.runtime.frontend.hcl.jsonsyntax.JsonSchema;
import dev.kiln.runtime.frontend.hcl.jsonsyntax.JsonSyntax;
import dev.kiln.runtime.frontend.hcl.syntax.Attribute;
import dev.kiln.runtime.frontend.hcl.syntax.Block;
import dev.kiln.runtime.frontend.hcl.syntax.Body;
import dev.kiln.runtime.frontend.hcl.syntax.Diagnostic;
import dev.kiln.runtime.frontend.hcl.syntax.Diagnostics;
import dev.kiln.runtime.frontend.hcl.syntax.Expression;
import dev.kiln.runtime.frontend.hcl.syntax.ExpressionResult;
import dev.kiln.runtime.frontend.hcl.syntax.HclFile;
import dev.kiln.runtime.frontend.hcl.syntax.HclParser;
import dev.kiln.runtime.frontend.hcl.syntax.ParseResult;
import dev.kiln.runtime.frontend.hcl.syntax.Range;
import dev.kiln.runtime.frontend.hcl.syntax.Severity;
import dev.kiln.runtime.frontend.hcl.syntax.Traverser;
import dev.kiln.runtime.frontend.hcl.syntax.Variables;
import dev.kiln.runtime.frontend.hcl.value.ConversionException;
import dev.kiln.runtime.frontend.hcl.value.HclConvert;
import dev.kiln.runtime.frontend.hcl.value.HclType;
import dev.kiln.runtime.frontend.hcl.value.HclValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Reads one HCL2 template (a file or a folder) into the build model; one instance per load. */
final class HclLoader {
    /**
     * What {@code required_version} is checked against: the Packer whose HCL2 language Kiln implements (blocks such
     * as {@code required_plugins} and {@code error-cleanup-provisioner} are 1.7's, functions up to 1.9's), the last
     * under the MPL. Checking against 1.6.6, as Packer JSON's {@code min_packer_version} is, would refuse nearly every
     * HCL2 template in use, whose {@code required_version} asks for 1.7 or newer.
     */
    static final String PACKER_COMPATIBILITY = "1.9.5";
    /** The plugin whose components Kiln has built in. */
    static final String BUILT_IN_PLUGIN = "github.com/hashicorp/docker";

    private static final Set<String> PROVISIONER_SETTINGS = Set.of("only", "except", "pause_before", "max_retries",
            "timeout", "override");
    private static final Set<String> POST_PROCESSOR_SETTINGS = Set.of("only", "except", "keep_input_artifact",
            "name");

    private final TemplateInput input;
    private final Path template;
    private final boolean folder;
    private final Path rootDir;
    private final Map<String, HclFunction> functions;
    private final List<TemplateProblem> problems = new ArrayList<>();
    private final List<TemplateProblem> warnings = new ArrayList<>();
    private final List<HclFile> files = new ArrayList<>();
    private final HclProblems report = new HclProblems(files);
    private final List<HclFile> varSources = new ArrayList<>();
    private final HclProblems varReport = new HclProblems(varSources);
    private final Map<String, VariableDecl> variables = new LinkedHashMap<>();
    private final Map<String, HclValue> values = new LinkedHashMap<>();
    private final Set<String> sensitiveValues = new LinkedHashSet<>();
    private final List<Path> varFiles = new ArrayList<>();

    HclLoader(TemplateInput input) {
        this.input = input;
        this.template = input.template();
        Path absolute = input.workingDir().resolve(template).toAbsolutePath().normalize();
        this.folder = Files.isDirectory(absolute);
        this.rootDir = folder ? absolute : absolute.getParent();
        Clock clock = Clock.fixed(input.now(), ZoneOffset.UTC);
        this.functions = HclFunctions.packer(rootDir, input.workingDir().toAbsolutePath(),
                Path.of(System.getProperty("user.home")), clock); // made when a function is first called
    }

    /** A declared variable. */
    private record VariableDecl(String name, HclType type, HclValue defaultValue, String description,
                                boolean sensitive, boolean nullable, List<Block> validations, Block block) {
    }

    /** A declared local. */
    private record LocalDecl(String name, Expression expression, boolean sensitive, Range nameRange) {
    }

    /**
     * Reads and parses one file of the template, native or JSON syntax by its name.
     *
     * @throws TemplateException when the file cannot be read
     */
    private ParseResult parse(Path p) {
        String shown = shown(p);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(input.workingDir().resolve(p));
        } catch (IOException e) {
            throw new TemplateException(List.of(new TemplateProblem(SourcePosition.of(shown), "",
                    "cannot read the template: " + e.getMessage())));
        }
        return shown.endsWith(".pkr.json")
                ? JsonSyntax.parseFile(shown, bytes, PackerJsonSchema.FILE) : HclParser.parseFile(shown, bytes);
    }

    /** See {@link HclFrontEnd#components}: empty when a file does not parse or a build has a dynamic block. */
    Optional<Set<String>> components() {
        Set<String> components = new LinkedHashSet<>();
        for (Path p : templateFiles()) {
            ParseResult parsed = parse(p);
            if (parsed.hasErrors()) {
                return Optional.empty();
            }
            for (Block block : parsed.body().blocks()) {
                if (block.type().equals("source") && !block.labels().isEmpty()) {
                    components.add(ComponentSpec.BUILDER + " " + block.labels().get(0));
                } else if (block.type().equals("build") && !buildComponents(block.body(), components)) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(components);
    }

    /** Adds the components of a {@code build} block's body; false when a dynamic block may make more. */
    private static boolean buildComponents(Body body, Set<String> components) {
        for (Block block : body.blocks()) {
            String label = block.labels().isEmpty() ? null : block.labels().get(0);
            switch (block.type()) {
                case "provisioner", "error-cleanup-provisioner" -> {
                    if (label != null) {
                        components.add(ComponentSpec.PROVISIONER + " " + label);
                    }
                }
                case "post-processor" -> {
                    if (label != null) {
                        components.add(ComponentSpec.POST_PROCESSOR + " " + label);
                    }
                }
                case "post-processors" -> {
                    if (!buildComponents(block.body(), components)) {
                        return false;
                    }
                }
                case "dynamic" -> {
                    return false;
                }
                default -> {
                    // sources and in-build source blocks name builders the top-level sources already gave
                }
            }
        }
        return true;
    }

    BuildModel load() {
        List<Path> paths = templateFiles();
        List<TemplateProblem> syntax = new ArrayList<>();
        for (Path p : paths) {
            ParseResult parsed = parse(p);
            files.add(parsed.file());
            syntax.addAll(report.errors(parsed.diagnostics(), ""));
        }
        if (!syntax.isEmpty()) {
            throw new TemplateException(syntax);
        }
        List<Block> packerBlocks = new ArrayList<>();
        List<Block> variableBlocks = new ArrayList<>();
        List<Block> localBlocks = new ArrayList<>();
        List<Block> sourceBlocks = new ArrayList<>();
        List<Block> buildBlocks = new ArrayList<>();
        for (HclFile f : files) {
            for (Attribute a : f.body().attributes()) {
                error(a.nameRange(), "", "Unsupported argument", "An argument named \"" + a.name()
                        + "\" is not expected here.");
            }
            for (Block b : f.body().blocks()) {
                switch (b.type()) {
                    case "packer" -> packerBlocks.add(b);
                    case "variable", "variables" -> variableBlocks.add(b);
                    case "locals", "local" -> localBlocks.add(b);
                    case "source" -> sourceBlocks.add(b);
                    case "build" -> buildBlocks.add(b);
                    case "data" -> error(b.defRange(), b.header(), "Unsupported block type", "data blocks are not"
                            + " supported yet: " + b.header() + ".");
                    default -> error(b.typeRange(), "", "Unsupported block type", "Blocks of type \"" + b.type()
                            + "\" are not expected here.");
                }
            }
        }
        packerBlocks.forEach(this::packerBlock);
        variableBlocks.forEach(this::variableBlock);
        collectValues();
        HclValue varObject = HclValue.object(values);
        Map<String, HclValue> locals = locals(localBlocks, varObject);
        Map<String, HclValue> root = new LinkedHashMap<>();
        root.put("var", varObject);
        root.put("local", HclValue.object(locals));
        root.put("path", HclValue.object(Map.of("root", HclValue.string(slashes(pathRoot())),
                "cwd", HclValue.string(slashes(input.workingDir().toAbsolutePath().toString())))));
        root.put("packer", HclValue.object(Map.of("version", HclValue.string(version()))));
        EvalContext context = EvalContext.of(root, functions, rootDir);
        Map<String, Block> sources = sources(sourceBlocks);
        Map<String, HclTemplate.BuildInfo> infos = new LinkedHashMap<>();
        List<BuildSpec> builds = new ArrayList<>();
        String description = null;
        for (int i = 0; i < buildBlocks.size(); i++) {
            String d = build(buildBlocks.get(i), i, sources, context, builds, infos);
            description = description == null ? d : description;
        }
        List<VariableSpec> specs = variables.values().stream().map(v -> new VariableSpec(v.name(),
                v.defaultValue() == null ? null : HclValues.text(v.defaultValue()), v.defaultValue() == null,
                v.sensitive(), v.description(), HclProblems.position(v.block().defRange()))).toList();
        Set<String> sensitiveNames = new LinkedHashSet<>();
        Map<String, String> valueTexts = new LinkedHashMap<>();
        for (VariableDecl v : variables.values()) {
            if (v.sensitive()) {
                sensitiveNames.add(v.name());
            }
            String text = HclValues.text(values.get(v.name()));
            if (text != null) {
                valueTexts.put(v.name(), text);
            }
        }
        HclTemplate loaded = new HclTemplate(input, rootDir, context, infos, files);
        List<Path> templateFiles = paths.stream().map(p -> input.workingDir().resolve(p)).toList();
        return new BuildModel("HCL2", template, templateFiles, varFiles, input.workingDir(), description, specs,
                sensitiveNames, valueTexts, sensitiveValues, builds, problems, warnings,
                () -> new HclConfigResolver(loaded));
    }

    // ---- files --------------------------------------------------------------------------------------------------

    private List<Path> templateFiles() {
        if (!folder) {
            return List.of(template);
        }
        List<Path> found = new ArrayList<>();
        List<Path> json = new ArrayList<>();
        try (Stream<Path> list = Files.list(rootDir)) {
            list.map(p -> p.getFileName().toString()).sorted().forEach(n -> {
                if (n.endsWith(".pkr.hcl")) {
                    found.add(template.resolve(n));
                } else if (n.endsWith(".pkr.json")) {
                    json.add(template.resolve(n));
                }
            });
        } catch (IOException e) {
            throw new TemplateException(List.of(new TemplateProblem(SourcePosition.of(template.toString()), "",
                    "cannot read the template folder: " + e.getMessage())));
        }
        found.addAll(json); // as Packer: the native-syntax files first, then the JSON ones
        if (found.isEmpty()) {
            throw new TemplateException(List.of(new TemplateProblem(SourcePosition.of(template.toString()), "",
                    "the folder has no *.pkr.hcl or *.pkr.json files: " + template)));
        }
        return found;
    }

    private String shown(Path p) {
        return p.toString();
    }

    private Path pathRoot() {
        if (folder) {
            return template;
        }
        Path parent = template.getParent();
        return parent == null ? Path.of(".") : parent;
    }

    private static String slashes(Object p) {
        return p.toString().replace('\\', '/');
    }

    private String version() {
        String v = input.kilnVersion();
        return v == null || v.isBlank() ? PACKER_COMPATIBILITY : v;
    }

    // ---- packer {} ----------------------------------------------------------------------------------------------

    private void packerBlock(Block b) {
        EvalContext empty = EvalContext.of(Map.of(), functions);
        for (Attribute a : b.body().attributes()) {
            if (!a.name().equals("required_version")) {
                error(a.nameRange(), "packer", "Unsupported argument", "An argument named \"" + a.name()
                        + "\" is not expected here.");
                continue;
            }
            HclValue v = evaluate(a.expression(), empty, "packer");
            if (v == null || v.type() != HclType.STRING || !v.isKnown()) {
                continue;
            }
            Optional<String> failure = VersionConstraints.check(v.asString(), PACKER_COMPATIBILITY);
            failure.ifPresent(f -> error(a.expression().range(), "packer", "Unsupported Packer version", f
                    + "; Kiln implements Packer " + PACKER_COMPATIBILITY + "'s template format."));
        }
        for (Block inner : b.body().blocks()) {
            if (!inner.type().equals("required_plugins")) {
                error(inner.typeRange(), "packer", "Unsupported block type", "Blocks of type \"" + inner.type()
                        + "\" are not expected here.");
                continue;
            }
            for (Attribute a : inner.body().attributes()) {
                HclValue v = evaluate(a.expression(), empty, "packer.required_plugins");
                if (v == null) {
                    continue;
                }
                String source = null;
                if ((v.type().isObject() || v.type().isMap()) && v.isWhollyKnown()) {
                    HclValue s = v.entries().get("source");
                    source = s == null || s.isNull() ? null : HclValues.text(s);
                }
                if (source == null || !source.replaceFirst("^https?://", "").equalsIgnoreCase(BUILT_IN_PLUGIN)) {
                    error(a.nameRange(), "packer.required_plugins", "Missing plugin", "The plugin \"" + a.name()
                            + "\" (" + (source == null ? "no source given" : source) + ") is required, but Kiln has"
                            + " built in only the components of " + BUILT_IN_PLUGIN + ".");
                }
            }
        }
    }

    // ---- variables ----------------------------------------------------------------------------------------------

    private void variableBlock(Block b) {
        if (b.type().equals("variables")) {
            for (Attribute a : b.body().attributes()) {
                if (variables.containsKey(a.name())) {
                    duplicateVariable(a.nameRange(), a.name());
                    continue;
                }
                HclValue def = evaluate(a.expression(), defaultsContext(), "variables." + a.name());
                variables.put(a.name(), new VariableDecl(a.name(), def == null ? null : def.type(), def, null,
                        false, true, List.of(), b));
            }
            return;
        }
        if (b.labels().size() != 1) {
            error(b.defRange(), b.header(), "Invalid variable block", "A variable block has one label: its name.");
            return;
        }
        String name = b.labels().get(0);
        if (variables.containsKey(name)) {
            duplicateVariable(b.labelRanges().get(0), name);
            return;
        }
        String path = "variable." + name;
        Body body = b.body();
        HclType type = null;
        String description = null;
        boolean sensitive = false;
        boolean nullable = true;
        HclValue def = null;
        for (Attribute a : body.attributes()) {
            switch (a.name()) {
                case "type" -> {
                    Diagnostics d = new Diagnostics();
                    type = TypeExpressions.read(a.expression(), d).orElse(null);
                    problems.addAll(report.errors(d.toList(), path));
                }
                case "default" -> def = evaluate(a.expression(), defaultsContext(), path);
                case "description" -> {
                    HclValue v = evaluate(a.expression(), EvalContext.of(Map.of(), functions), path);
                    description = v == null || !v.isKnown() || v.isNull() ? null : HclValues.text(v);
                }
                case "sensitive" -> sensitive = bool(a, path);
                case "nullable" -> nullable = bool(a, path);
                default -> error(a.nameRange(), b.header(), "Unsupported argument", "An argument named \""
                        + a.name() + "\" is not expected here.");
            }
        }
        List<Block> validations = new ArrayList<>();
        for (Block inner : body.blocks()) {
            if (inner.type().equals("validation")) {
                validations.add(inner);
            } else {
                error(inner.typeRange(), b.header(), "Unsupported block type", "Blocks of type \"" + inner.type()
                        + "\" are not expected here.");
            }
        }
        if (def != null && type != null) {
            try {
                def = HclConvert.convert(def, type);
            } catch (ConversionException e) {
                error(body.attribute("default").expression().range(), b.header(), "Invalid default value for"
                        + " variable", "This default value is not compatible with the variable's type constraint: "
                        + e.getMessage() + ".");
                def = HclValue.unknown(type);
            }
        }
        if (type == null && def != null) {
            type = def.type();
        }
        variables.put(name, new VariableDecl(name, type, def, description, sensitive, nullable, validations, b));
    }

    private void duplicateVariable(Range at, String name) {
        error(at, "variable." + name, "Duplicate variable", "Duplicate " + name + " variable definition found.");
    }

    private boolean bool(Attribute a, String path) {
        HclValue v = evaluate(a.expression(), EvalContext.of(Map.of(), functions), path);
        if (v == null || !v.isKnown() || v.isNull()) {
            return false;
        }
        try {
            return HclConvert.convert(v, HclType.BOOL).asBoolean();
        } catch (ConversionException e) {
            error(a.expression().range(), path, "Invalid value", a.name() + ": " + e.getMessage() + ".");
            return false;
        }
    }

    private EvalContext defaultsContext() {
        return EvalContext.of(Map.of(), HclFunctions.withEnv(functions, input.environment()));
    }

    /**
     * Defaults, then PKR_VAR_*, the HCL var files ({@code *.auto.pkrvars.hcl}, -var-files), the JSON ones and -vars;
     * then checks and validations.
     */
    private void collectValues() {
        Map<String, HclValue> set = new LinkedHashMap<>();
        Map<String, Range> setAt = new LinkedHashMap<>();
        for (VariableDecl v : variables.values()) {
            if (v.defaultValue() != null) {
                set.put(v.name(), v.defaultValue());
            }
        }
        input.environment().entrySet().stream().filter(e -> e.getKey().startsWith("PKR_VAR_"))
                .sorted(Map.Entry.comparingByKey()).forEach(e -> {
                    String name = e.getKey().substring("PKR_VAR_".length());
                    VariableDecl v = variables.get(name);
                    if (v != null) {
                        HclValue value = fromText(v, e.getValue(), "environment variable " + e.getKey());
                        if (value != null) {
                            set.put(name, value);
                        }
                    }
                });
        // As Packer: the HCL var files (the folder's *.auto.pkrvars.hcl, then -var-file ones) before the JSON ones
        // (*.auto.pkrvars.json, then -var-file ones), so that a JSON file wins over an HCL one whatever the order.
        List<Path> hclFiles = new ArrayList<>();
        List<Path> jsonFiles = new ArrayList<>();
        if (folder) {
            try (Stream<Path> list = Files.list(rootDir)) {
                list.map(p -> p.getFileName().toString()).sorted().forEach(n -> {
                    if (n.endsWith(".auto.pkrvars.hcl")) {
                        hclFiles.add(template.resolve(n));
                    } else if (n.endsWith(".auto.pkrvars.json")) {
                        jsonFiles.add(template.resolve(n));
                    }
                });
            } catch (IOException e) {
                problems.add(new TemplateProblem(SourcePosition.of(template.toString()), "",
                        "cannot list the template folder: " + e.getMessage()));
            }
        }
        for (Path file : input.varFiles()) {
            varFiles.add(file);
            (file.toString().endsWith(".json") ? jsonFiles : hclFiles).add(file);
        }
        hclFiles.forEach(f -> varFile(f, set, setAt));
        jsonFiles.forEach(f -> varFile(f, set, setAt));
        for (TemplateInput.VariableInput.Var var : input.vars()) {
            VariableDecl v = variables.get(var.name());
            if (v == null) {
                problems.add(HclProblems.withoutSource(Severity.ERROR, "Undefined -var variable", "A \"" + var.name()
                        + "\" variable was passed in but was not found in known variables. To declare variable \""
                        + var.name() + "\", place this block in one of your .pkr.hcl files, such as"
                        + " variables.pkr.hcl", SourcePosition.of("-var " + var.name()), ""));
                continue;
            }
            HclValue value = fromText(v, var.value(), "-var " + var.name());
            if (value != null) {
                set.put(var.name(), value);
                setAt.remove(var.name());
            }
        }
        for (VariableDecl v : variables.values()) {
            HclValue value = set.get(v.name());
            if (value == null) {
                error(v.block().defRange(), "variable." + v.name(), "Unset variable \"" + v.name() + "\"",
                        "A used variable must be set or have a default value; see"
                                + " https://packer.io/docs/templates/hcl_templates/syntax for details.");
                values.put(v.name(), v.type() == null ? HclValue.DYNAMIC_UNKNOWN : HclValue.unknown(v.type()));
                continue;
            }
            if (value.isNull() && !v.nullable()) {
                error(setAt.getOrDefault(v.name(), v.block().defRange()), "variable." + v.name(),
                        "Invalid value for variable", "The variable \"" + v.name() + "\" is not nullable.");
            }
            values.put(v.name(), value);
            if (v.sensitive()) {
                HclValues.leaves(value, sensitiveValues);
            }
            validate(v, value);
        }
    }

    private void varFile(Path file, Map<String, HclValue> set, Map<String, Range> setAt) {
        Path resolved = input.workingDir().resolve(file);
        String shown = file.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(resolved);
        } catch (IOException e) {
            problems.add(new TemplateProblem(SourcePosition.of(shown), "", "cannot read the var file: "
                    + e.getMessage()));
            return;
        }
        ParseResult parsed = shown.endsWith(".json")
                ? JsonSyntax.parseFile(shown, bytes, JsonSchema.attributes(JsonSchema.Mode.LITERAL))
                : HclParser.parseFile(shown, bytes);
        varSources.add(parsed.file());
        problems.addAll(varReport.errors(parsed.diagnostics(), ""));
        if (parsed.hasErrors()) {
            return;
        }
        for (Block b : parsed.body().blocks()) {
            error(b.typeRange(), "", b.type().equals("variable") ? "Variable declaration in a .pkrvar file"
                    : "Unsupported block type", b.type().equals("variable") ? "A .pkrvar file is used to assign"
                    + " values to variables that have already been declared in .pkr files, not to declare new"
                    + " variables." : "Blocks of type \"" + b.type() + "\" are not expected here.");
        }
        for (Attribute a : parsed.body().attributes()) {
            HclValue v = evaluate(a.expression(), EvalContext.of(Map.of(), Map.of()), "");
            if (v != null) {
                assign(a.name(), v, a, shown, set, setAt);
            }
        }
    }

    private void assign(String name, HclValue value, Attribute a, String file, Map<String, HclValue> set,
                        Map<String, Range> setAt) {
        VariableDecl v = variables.get(name);
        if (v == null) {
            warnings.add(undeclared(name, a, file));
            return;
        }
        HclValue converted = value;
        if (v.type() != null) {
            try {
                converted = HclConvert.convert(value, v.type());
            } catch (ConversionException e) {
                SourcePosition at = a == null ? SourcePosition.of(file) : HclProblems.position(a.expression().range());
                problems.add(new TemplateProblem(at, "variable." + name, "Invalid value for variable: The value for"
                        + " " + name + " is not compatible with the variable's type constraint: " + e.getMessage()
                        + "."));
                return;
            }
        }
        set.put(name, converted);
        if (a != null) {
            setAt.put(name, a.expression().range());
        } else {
            setAt.remove(name);
        }
    }

    /**
     * Packer's warning for a var file's value of a variable the template does not declare (1.9.5's words; 1.6.6
     * warns too): at the attribute when the var file is HCL.
     */
    private TemplateProblem undeclared(String name, Attribute a, String file) {
        String detail = "The variable \"" + name + "\" was set but was not declared as an input variable.\nTo declare"
                + " variable \"" + name + "\" place this block in one of your .pkr.hcl files, such as"
                + " variables.pkr.hcl\n\nvariable \"" + name + "\" {\n  type    = string\n  default = null\n}";
        if (a == null) {
            return HclProblems.withoutSource(Severity.WARNING, "Undefined variable", detail, SourcePosition.of(file),
                    "");
        }
        return varReport.problem(new Diagnostic(Severity.WARNING, "Undefined variable", detail,
                a.nameRange(), a.range()), "");
    }

    /** A value given as text (-var, PKR_VAR_): a string for string, number and untyped variables, else HCL. */
    private HclValue fromText(VariableDecl v, String text, String origin) {
        HclType type = v.type();
        HclValue raw;
        if (type == null || type == HclType.STRING || type == HclType.NUMBER || type == HclType.DYNAMIC) {
            raw = HclValue.string(text);
        } else {
            ExpressionResult parsed = HclParser.parseExpression("<value for var." + v.name() + ">", text);
            if (parsed.hasErrors()) {
                problems.add(new TemplateProblem(SourcePosition.of(origin), "variable." + v.name(),
                        "Invalid value for variable: " + parsed.diagnostics().get(0).summary() + ": "
                                + parsed.diagnostics().get(0).detail()));
                return null;
            }
            var r = Evaluator.evaluate(parsed.expression(), EvalContext.of(Map.of(), Map.of()));
            if (r.hasErrors()) {
                Diagnostic d = r.diagnostics().get(0);
                problems.add(new TemplateProblem(SourcePosition.of(origin), "variable." + v.name(),
                        "Invalid value for variable: " + d.summary() + ": " + d.detail()));
                return null;
            }
            raw = r.value();
        }
        if (type == null) {
            return raw;
        }
        try {
            return HclConvert.convert(raw, type);
        } catch (ConversionException e) {
            problems.add(new TemplateProblem(SourcePosition.of(origin), "variable." + v.name(),
                    "Invalid value for variable: The value for " + v.name() + " is not compatible with the"
                            + " variable's type constraint: " + e.getMessage() + "."));
            return null;
        }
    }

    private void validate(VariableDecl v, HclValue value) {
        String path = "variable." + v.name();
        for (Block b : v.validations()) {
            Attribute condition = b.body().attribute("condition");
            Attribute message = b.body().attribute("error_message");
            if (condition == null || message == null) {
                error(b.openBraceRange(), path, "Missing required argument", "The argument \""
                        + (condition == null ? "condition" : "error_message") + "\" is required, but no definition"
                        + " was found.");
                continue;
            }
            boolean refers = Variables.of(condition.expression()).stream().anyMatch(t -> t.root().equals("var")
                    && !t.steps().isEmpty() && t.steps().get(0) instanceof Traverser.GetAttr g
                    && g.name().equals(v.name()));
            if (!refers) {
                error(condition.expression().range(), path, "Invalid variable validation condition", "The"
                        + " condition for variable \"" + v.name() + "\" must refer to var." + v.name() + " in order"
                        + " to test incoming values.");
                continue;
            }
            HclValue msg = evaluate(message.expression(), EvalContext.of(Map.of(), functions), path);
            String text = msg == null || !msg.isKnown() || msg.isNull() ? "" : HclValues.text(msg);
            if (!looksLikeSentences(text)) {
                error(message.expression().range(), path, "Invalid validation error message", "Validation error"
                        + " message must be at least one full English sentence starting with an uppercase letter"
                        + " and ending with a period or question mark.");
                continue;
            }
            EvalContext ctx = EvalContext.of(Map.of("var", HclValue.object(Map.of(v.name(), value))), functions);
            HclValue ok = evaluate(condition.expression(), ctx, path);
            if (ok == null || !ok.isKnown()) {
                continue;
            }
            if (ok.isNull() || ok.type() != HclType.BOOL) {
                error(condition.expression().range(), path, "Invalid validation result", "Validation condition"
                        + " expression must return either true or false.");
            } else if (!ok.asBoolean()) {
                error(condition.expression().range(), path, "Invalid value for variable", text
                        + (v.sensitive() ? "" : "\n\nThis was checked by the validation rule at "
                        + HclProblems.position(condition.expression().range()) + "."));
            }
        }
    }

    private static boolean looksLikeSentences(String s) {
        String t = s.strip();
        if (t.isEmpty()) {
            return false;
        }
        char last = t.charAt(t.length() - 1);
        return Character.isUpperCase(t.codePointAt(0)) && (last == '.' || last == '?');
    }

    // ---- locals -------------------------------------------------------------------------------------------------

    private Map<String, HclValue> locals(List<Block> blocks, HclValue varObject) {
        Map<String, LocalDecl> decls = new LinkedHashMap<>();
        for (Block b : blocks) {
            if (b.type().equals("locals")) {
                for (Attribute a : b.body().attributes()) {
                    addLocal(decls, new LocalDecl(a.name(), a.expression(), false, a.nameRange()));
                }
                for (Block inner : b.body().blocks()) {
                    error(inner.typeRange(), "locals", "Unsupported block type", "Blocks of type \"" + inner.type()
                            + "\" are not expected here.");
                }
                continue;
            }
            if (b.labels().size() != 1) {
                error(b.defRange(), b.header(), "Invalid local block", "A local block has one label: its name.");
                continue;
            }
            Attribute expr = b.body().attribute("expression");
            if (expr == null) {
                error(b.openBraceRange(), b.header(), "Missing required argument", "The argument \"expression\" is"
                        + " required, but no definition was found.");
                continue;
            }
            Attribute sens = b.body().attribute("sensitive");
            boolean sensitive = sens != null && bool(sens, "local." + b.labels().get(0));
            addLocal(decls, new LocalDecl(b.labels().get(0), expr.expression(), sensitive, b.labelRanges().get(0)));
        }
        Map<String, List<String>> deps = new LinkedHashMap<>();
        for (LocalDecl l : decls.values()) {
            List<String> uses = new ArrayList<>();
            for (Expression.ScopeTraversal t : Variables.of(l.expression())) {
                if (t.root().equals("local") && !t.steps().isEmpty()
                        && t.steps().get(0) instanceof Traverser.GetAttr g && decls.containsKey(g.name())) {
                    uses.add(g.name());
                }
            }
            deps.put(l.name(), uses);
        }
        List<String> order = new ArrayList<>();
        Map<String, Integer> state = new LinkedHashMap<>();
        Set<String> inCycle = new LinkedHashSet<>();
        for (String name : decls.keySet()) {
            visit(name, deps, state, new ArrayList<>(), order, inCycle, decls);
        }
        Map<String, HclValue> evaluated = new LinkedHashMap<>();
        for (String name : inCycle) {
            evaluated.put(name, HclValue.DYNAMIC_UNKNOWN);
        }
        for (String name : order) {
            if (inCycle.contains(name)) {
                continue;
            }
            LocalDecl l = decls.get(name);
            Map<String, HclValue> root = new LinkedHashMap<>();
            root.put("var", varObject);
            root.put("local", HclValue.object(evaluated));
            root.put("path", HclValue.object(Map.of("root", HclValue.string(slashes(pathRoot())),
                    "cwd", HclValue.string(slashes(input.workingDir().toAbsolutePath().toString())))));
            root.put("packer", HclValue.object(Map.of("version", HclValue.string(version()))));
            HclValue v = evaluate(l.expression(), EvalContext.of(root, functions, rootDir), "local." + name);
            HclValue value = v == null ? HclValue.DYNAMIC_UNKNOWN : v;
            evaluated.put(name, value);
            if (l.sensitive()) {
                HclValues.leaves(value, sensitiveValues);
            }
        }
        Map<String, HclValue> inDeclarationOrder = new LinkedHashMap<>();
        decls.keySet().forEach(n -> inDeclarationOrder.put(n, evaluated.getOrDefault(n, HclValue.DYNAMIC_UNKNOWN)));
        return inDeclarationOrder;
    }

    private void addLocal(Map<String, LocalDecl> decls, LocalDecl l) {
        if (decls.containsKey(l.name())) {
            error(l.nameRange(), "local." + l.name(), "Duplicate value in locals", "Duplicate " + l.name()
                    + " definition found.");
            return;
        }
        decls.put(l.name(), l);
    }

    /** Depth-first: 0 unseen, 1 on the path, 2 done; a cycle is reported once, naming its members. */
    private void visit(String name, Map<String, List<String>> deps, Map<String, Integer> state, List<String> path,
                       List<String> order, Set<String> inCycle, Map<String, LocalDecl> decls) {
        int s = state.getOrDefault(name, 0);
        if (s == 2) {
            return;
        }
        if (s == 1) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
            if (inCycle.addAll(cycle)) {
                List<String> shown = cycle.stream().map(n -> "local." + n).toList();
                error(decls.get(cycle.get(0)).nameRange(), "local." + cycle.get(0), "Cycle in locals",
                        "The locals " + String.join(", ", shown) + " refer to each other, so none of them can be"
                                + " evaluated.");
            }
            return;
        }
        state.put(name, 1);
        path.add(name);
        for (String dep : deps.get(name)) {
            visit(dep, deps, state, path, order, inCycle, decls);
        }
        path.remove(path.size() - 1);
        state.put(name, 2);
        order.add(name);
    }

    // ---- sources and builds -------------------------------------------------------------------------------------

    private Map<String, Block> sources(List<Block> blocks) {
        Map<String, Block> out = new LinkedHashMap<>();
        for (Block b : blocks) {
            if (b.labels().size() != 2) {
                error(b.defRange(), b.header(), "Invalid source block", "A source block has two labels: its type"
                        + " and its name.");
                continue;
            }
            String key = b.labels().get(0) + "." + b.labels().get(1);
            if (out.containsKey(key)) {
                error(b.defRange(), "source." + key, "Duplicate source block", "This source block has the same"
                        + " builder type and name as a previous block declared at "
                        + HclProblems.position(out.get(key).defRange()) + ". Each source must have a unique name per"
                        + " builder type.");
                continue;
            }
            out.put(key, b);
        }
        return out;
    }

    /** One build block: its builds are added; returns its description. */
    private String build(Block b, int index, Map<String, Block> sources, EvalContext ctx, List<BuildSpec> builds,
                         Map<String, HclTemplate.BuildInfo> infos) {
        String path = "build[" + index + "]";
        Body body = b.body();
        String buildName = null;
        String description = null;
        List<String[]> refs = new ArrayList<>(); // {type.name, rename or null}
        List<Body> overrides = new ArrayList<>();
        List<Range> refRanges = new ArrayList<>();
        for (Attribute a : body.attributes()) {
            switch (a.name()) {
                case "name" -> buildName = string(a, ctx, path);
                case "description" -> description = string(a, ctx, path);
                case "sources" -> {
                    HclValue v = evaluate(a.expression(), ctx, path);
                    if (v == null || !v.isWhollyKnown()) {
                        continue;
                    }
                    try {
                        for (HclValue s : HclConvert.convert(v, HclType.list(HclType.STRING)).elements()) {
                            refs.add(new String[] {s.asString(), null});
                            overrides.add(null);
                            refRanges.add(a.expression().range());
                        }
                    } catch (ConversionException e) {
                        error(a.expression().range(), path, "Invalid sources", "sources must be a list of source"
                                + " references such as \"source.docker.example\": " + e.getMessage() + ".");
                    }
                }
                default -> error(a.nameRange(), path, "Unsupported argument", "An argument named \"" + a.name()
                        + "\" is not expected here.");
            }
        }
        for (Block inner : body.blocks("source")) {
            if (inner.labels().size() != 1) {
                error(inner.defRange(), path, "Invalid source reference", "A source block in a build has one label:"
                        + " the source it uses, such as \"source.docker.example\".");
                continue;
            }
            Attribute rename = inner.body().attribute("name");
            String newName = rename == null ? null : string(rename, ctx, path);
            List<Attribute> attrs = inner.body().attributes().stream().filter(a -> !a.name().equals("name"))
                    .toList();
            refs.add(new String[] {inner.labels().get(0), newName});
            overrides.add(new Body(attrs, inner.body().blocks(), inner.body().range()));
            refRanges.add(inner.labelRanges().get(0));
        }
        List<BuildSpec> mine = new ArrayList<>();
        List<String[]> identities = new ArrayList<>(); // {full build name, type.name, type, name, label}
        List<ComponentSpec> builders = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            String ref = refs.get(i)[0];
            String key = ref.startsWith("source.") ? ref.substring("source.".length()) : ref;
            Block source = sources.get(key);
            if (source == null) {
                error(refRanges.get(i), path, "Unknown source " + key, "There is no source block for \"" + ref
                        + "\"; declare it as source \"TYPE\" \"NAME\" { ... }"
                        + (sources.isEmpty() ? "." : " (known: " + String.join(", ", sources.keySet()) + ")."));
                continue;
            }
            String type = source.labels().get(0);
            String name = refs.get(i)[1] == null ? source.labels().get(1) : refs.get(i)[1];
            String full = (buildName == null || buildName.isEmpty() ? "" : buildName + ".") + type + "." + name;
            List<Body> layers = new ArrayList<>();
            layers.add(source.body());
            if (overrides.get(i) != null) {
                layers.add(overrides.get(i));
            }
            builders.add(new ComponentSpec(ComponentSpec.BUILDER, type, full, "source." + type + "."
                    + source.labels().get(1), HclProblems.position(source.defRange()), List.of(), List.of(), null,
                    new HclComponentConfig(layers, Set.of(), HclProblems.position(source.defRange()), Map.of())));
            identities.add(new String[] {full, type + "." + name, type, name, source.labels().get(1)});
            infos.put(full, new HclTemplate.BuildInfo(type, name, buildName));
        }
        List<ComponentSpec> provisioners = new ArrayList<>();
        ComponentSpec errorCleanup = null;
        List<List<ComponentSpec>> chains = new ArrayList<>();
        int p = 0;
        int pp = 0;
        EvalContext plain = EvalContext.of(Map.of(), functions);
        for (View inner : views(body, ctx)) {
            switch (inner.type()) {
                case "source" -> { }
                case "provisioner" -> {
                    ComponentSpec c = component(ComponentSpec.PROVISIONER, inner, path + ".provisioner[" + p++ + "]",
                            PROVISIONER_SETTINGS, identities, plain);
                    if (c != null) {
                        provisioners.add(c);
                    }
                }
                case "error-cleanup-provisioner" -> {
                    ComponentSpec c = component(ComponentSpec.PROVISIONER, inner, path + ".error-cleanup-provisioner",
                            PROVISIONER_SETTINGS, identities, plain);
                    if (errorCleanup != null) {
                        error(inner.defRange(), path, "Duplicate error-cleanup-provisioner", "Only one"
                                + " error-cleanup-provisioner is allowed in a build.");
                    } else {
                        errorCleanup = c;
                    }
                }
                case "post-processor" -> {
                    ComponentSpec c = component(ComponentSpec.POST_PROCESSOR, inner, path + ".post-processor["
                            + pp + "]", POST_PROCESSOR_SETTINGS, identities, plain);
                    pp++;
                    if (c != null) {
                        chains.add(List.of(c));
                    }
                }
                case "post-processors" -> {
                    List<ComponentSpec> chain = new ArrayList<>();
                    int q = 0;
                    for (View step : views(inner.body(), ctx)) {
                        if (!step.type().equals("post-processor")) {
                            error(step.typeRange(), path, "Unsupported block type", "Blocks of type \"" + step.type()
                                    + "\" are not expected here.");
                            continue;
                        }
                        ComponentSpec c = component(ComponentSpec.POST_PROCESSOR, step, path + ".post-processors["
                                + pp + "].post-processor[" + q++ + "]", POST_PROCESSOR_SETTINGS, identities, plain);
                        if (c != null) {
                            chain.add(c);
                        }
                    }
                    for (Attribute a : inner.body().attributes()) {
                        error(a.nameRange(), path, "Unsupported argument", "An argument named \"" + a.name()
                                + "\" is not expected here.");
                    }
                    pp++;
                    if (!chain.isEmpty()) {
                        chains.add(chain);
                    }
                }
                default -> error(inner.typeRange(), path, "Unsupported block type", "Blocks of type \""
                        + inner.type() + "\" are not expected here.");
            }
        }
        for (int i = 0; i < builders.size(); i++) {
            // Packer gives components (PACKER_BUILD_NAME, the manifest) the source block's label, not the rename
            mine.add(new BuildSpec(identities.get(i)[0], builders.get(i), provisioners, errorCleanup, chains,
                    identities.get(i)[4]));
        }
        for (BuildSpec spec : mine) {
            if (builds.stream().anyMatch(x -> x.name().equals(spec.name()))) {
                error(b.defRange(), path, "Duplicate build", "A build named \"" + spec.name() + "\" is defined"
                        + " more than once; give the build blocks different names.");
            } else {
                builds.add(spec);
            }
        }
        return description;
    }

    /**
     * A block of a build as the build sees it: written there, or generated by a {@code dynamic} block.
     *
     * @param type the block type
     * @param labels its labels
     * @param body its content
     * @param block the block as written (the {@code dynamic} block for a generated one)
     * @param scope the iterator variables of a generated block
     */
    private record View(String type, List<String> labels, Body body, Block block, Map<String, HclValue> scope) {
        Range defRange() {
            return block.defRange();
        }

        Range typeRange() {
            return block.typeRange();
        }
    }

    /** The blocks of {@code body}, {@code dynamic} ones replaced by what they generate. */
    private List<View> views(Body body, EvalContext ctx) {
        List<View> out = new ArrayList<>();
        for (Block b : body.blocks()) {
            if (!b.type().equals("dynamic")) {
                out.add(new View(b.type(), b.labels(), b.body(), b, Map.of()));
                continue;
            }
            Diagnostics d = new Diagnostics();
            List<ExpandedBody.ExpandedBlock> generated = DynamicBlocks.generate(b, ctx, d);
            problems.addAll(report.errors(d.toList(), b.header()));
            for (ExpandedBody.ExpandedBlock g : generated) {
                out.add(new View(g.type(), g.labels(), DynamicBlocks.content(b), b, g.scope()));
            }
        }
        return out;
    }

    private ComponentSpec component(String kind, View b, String path, Set<String> settings,
                                    List<String[]> identities, EvalContext outer) {
        EvalContext plain = b.scope().isEmpty() ? outer : outer.child(b.scope());
        if (b.labels().size() != 1) {
            error(b.defRange(), path, "Invalid " + b.type() + " block", "A " + b.type() + " block has one label:"
                    + " its type.");
            return null;
        }
        String type = b.labels().get(0);
        List<String> only = names(b.body().attribute("only"), identities, plain, path);
        List<String> except = names(b.body().attribute("except"), identities, plain, path);
        Boolean keep = null;
        String name = null;
        if (kind.equals(ComponentSpec.POST_PROCESSOR)) {
            Attribute k = b.body().attribute("keep_input_artifact");
            keep = k == null ? null : bool(k, path);
            Attribute n = b.body().attribute("name");
            name = n == null ? null : string(n, plain, path);
        }
        SourcePosition position = HclProblems.position(b.defRange());
        return new ComponentSpec(kind, type, name, path, position, only, except, keep,
                new HclComponentConfig(List.of(b.body()), settings, position, b.scope()));
    }

    /** only/except: each name matching one of the block's builds ({@code type.name}, with or without
     * {@code source.}, or the full build name) becomes that build's name. */
    private List<String> names(Attribute a, List<String[]> identities, EvalContext ctx, String path) {
        if (a == null) {
            return List.of();
        }
        HclValue v = evaluate(a.expression(), ctx, path);
        if (v == null || !v.isWhollyKnown()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try {
            for (HclValue s : HclConvert.convert(v, HclType.list(HclType.STRING)).elements()) {
                String n = s.asString();
                String bare = n.startsWith("source.") ? n.substring("source.".length()) : n;
                boolean matched = false;
                for (String[] id : identities) {
                    if (bare.equals(id[1]) || n.equals(id[0])) {
                        out.add(id[0]);
                        matched = true;
                    }
                }
                if (!matched) {
                    out.add(n);
                }
            }
        } catch (ConversionException e) {
            error(a.expression().range(), path, "Invalid " + a.name(), a.name() + " must be a list of build names: "
                    + e.getMessage() + ".");
        }
        return out;
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private String string(Attribute a, EvalContext ctx, String path) {
        HclValue v = evaluate(a.expression(), ctx, path);
        if (v == null || !v.isKnown() || v.isNull()) {
            return null;
        }
        try {
            return HclConvert.convert(v, HclType.STRING).asString();
        } catch (ConversionException e) {
            error(a.expression().range(), path, "Invalid value", a.name() + ": " + e.getMessage() + ".");
            return null;
        }
    }

    /** The value, or null when evaluating it failed (the problems are added). */
    private HclValue evaluate(Expression e, EvalContext ctx, String path) {
        Diagnostics d = new Diagnostics();
        HclValue v = Evaluator.evaluate(e, ctx, d);
        problems.addAll(report.errors(d.toList(), path));
        return d.hasErrors() ? null : v;
    }

    private void error(Range at, String path, String summary, String detail) {
        problems.add(report.problem(Diagnostic.error(summary, detail, at), path));
    }
}
