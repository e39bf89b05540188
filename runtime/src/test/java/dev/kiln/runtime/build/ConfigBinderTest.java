package dev.kiln.runtime.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.api.ConfigException;
import dev.kiln.runtime.frontend.ComponentConfig;
import dev.kiln.runtime.frontend.ComponentSpec;
import dev.kiln.runtime.frontend.ResolvedConfig;
import dev.kiln.runtime.frontend.SourcePosition;
import dev.kiln.runtime.frontend.TemplateProblem;
import dev.kiln.runtime.frontend.ValuePositions;
import dev.kiln.runtime.frontend.json.BlockNode;
import dev.kiln.runtime.frontend.json.JsonConfigResolver;
import dev.kiln.runtime.frontend.json.RenderBudget;
import dev.kiln.runtime.frontend.json.RenderContext;
import dev.kiln.runtime.frontend.json.TemplateParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigBinderTest {

    /** A small config like a builder's. */
    public record TestConfig(String image, Boolean pull, boolean commit, int count, List<String> changes,
                             String exportPath, List<String> runCommand, Map<String, String> volumes, Auth auth) {
    }

    /** A nested block of options. */
    public record Auth(String user, String password) {
    }

    /** A config whose constructor checks its values. */
    public record Checked(String image) {
        public Checked {
            if (image == null) {
                throw new IllegalArgumentException("image must be set");
            }
        }
    }

    /** A config holding a plain class rather than a record. */
    public record WithPojo(Limits limits) {
    }

    public record Timed(java.time.Duration pauseAfter, java.time.Duration timeout, java.time.Duration delay) {
    }

    /** A plain class with public fields. */
    public static final class Limits {
        public int cpus;
    }

    private final ConfigBinder binder = new ConfigBinder();
    private final List<TemplateProblem> problems = new ArrayList<>();

    private static final RenderContext CTX = RenderContext.empty()
            .withUserVariables(Map.of("img", "alpine", "flag", "1"))
            .withBuild("docker", "docker");

    /** Renders {@code block} as the JSON front end does for a build, then binds the tree: what the planner does. */
    private <R extends Record> R bind(BlockNode block, Class<R> type, RenderContext ctx,
                                      List<TemplateProblem> found) {
        ResolvedConfig resolved = JsonConfigResolver.render(block, ctx, new RenderBudget());
        found.addAll(resolved.problems());
        R config = binder.bind(resolved, type, found);
        return resolved.problems().isEmpty() ? config : null;
    }

    private static BlockNode builder(String builderJson) {
        return new TemplateParser().parse(Path.of("t.json"), "{\n  \"builders\": [\n    " + builderJson + "\n  ]\n}")
                .builders().get(0);
    }

    private List<String> messages() {
        return problems.stream().map(TemplateProblem::toString).toList();
    }

    @Test
    void bindsSnakeCaseKeysAndRendersStringsLeniently() {
        BlockNode block = builder("""
                {"type": "docker", "image": "{{user `img`}}", "export_path": "out.tar",
                      "run_command": ["-d", "-i", "{{.Image}}", "/bin/sh"], "volumes": {"/a": "/b"},
                      "auth": {"user": "{{build_name}}", "password": "p"}}""");

        TestConfig config = bind(block, TestConfig.class, CTX, problems);

        assertThat(problems).isEmpty();
        assertThat(config).isEqualTo(new TestConfig("alpine", null, false, 0, null, "out.tar",
                List.of("-d", "-i", "{{.Image}}", "/bin/sh"), Map.of("/a", "/b"), new Auth("docker", "p")));
        assertThat(block.config().get("image").asText()).as("the block itself is not changed")
                .isEqualTo("{{user `img`}}");
    }

    @Test
    void mapKeysAreRenderedAsPackerRendersThem() {
        BlockNode block = builder("""
                {"type": "docker", "image": "x",
                      "volumes": {"/cache/{{user `img`}}": "/mnt/{{build_name}}", "/plain": "/p"}}""");

        TestConfig config = bind(block, TestConfig.class, CTX, problems);

        assertThat(problems).isEmpty();
        assertThat(config.volumes()).containsExactly(Map.entry("/cache/alpine", "/mnt/docker"),
                Map.entry("/plain", "/p"));
        assertThat(block.config().get("volumes").has("/cache/{{user `img`}}")).as("the block itself is not changed")
                .isTrue();
    }

    @Test
    void aMapKeyThatDoesNotRenderIsReportedAtItsKey() {
        BlockNode block = builder("""
                {"type": "docker", "image": "x", "volumes": {"{{nosuch}}": "/b"}}""");

        bind(block, TestConfig.class, CTX, problems);

        assertThat(messages()).singleElement().asString().startsWith("t.json:3:").contains("volumes");
    }

    @Test
    void coercesStringsAsPackerDoes() {
        BlockNode block = builder("""
                {"type": "docker", "pull": "{{user `flag`}}", "commit": "true", "count": "5",
                      "changes": "ENV A=1, EXPOSE 80"}""");

        TestConfig config = bind(block, TestConfig.class, CTX, problems);

        assertThat(problems).isEmpty();
        assertThat(config.pull()).isTrue();
        assertThat(config.commit()).isTrue();
        assertThat(config.count()).isEqualTo(5);
        assertThat(config.changes()).containsExactly("ENV A=1", "EXPOSE 80");
    }

    @Test
    void aSingleValueIsAOneElementList() {
        TestConfig config = bind(builder("{\"type\": \"docker\", \"changes\": \"ENV A=1\", \"run_command\": 7}"),
                TestConfig.class, CTX, problems);
        assertThat(problems).isEmpty();
        assertThat(config.changes()).containsExactly("ENV A=1");
        assertThat(config.runCommand()).containsExactly("7");
    }

    @Test
    void unknownOptionsAreReportedAtTheirKeyWithASuggestion() {
        BlockNode block = builder("""
                {
                      "type": "docker",
                      "imgae": "alpine",
                      "auth": {"usr": "me"},
                      "zzz": 1
                    }""");

        assertThat(bind(block, TestConfig.class, CTX, problems)).isNull();

        assertThat(messages()).containsExactly(
                "t.json:5:7: builders[0]: unknown option 'imgae' for builder 'docker'; did you mean 'image'?",
                "t.json:6:16: builders[0]: unknown option 'auth.usr' for builder 'docker'; did you mean 'user'?",
                "t.json:7:7: builders[0]: unknown option 'zzz' for builder 'docker'");
    }

    @Test
    void wrongTypesAreReportedTogetherWithWhatWasGiven() {
        BlockNode block = builder("""
                {
                      "type": "docker",
                      "pull": "maybe",
                      "count": "many",
                      "changes": {"a": 1},
                      "volumes": ["x"],
                      "run_command": ["ok", {"no": 1}]
                    }""");

        assertThat(bind(block, TestConfig.class, CTX, problems)).isNull();

        assertThat(messages()).containsExactlyInAnyOrder(
                "t.json:5:7: builders[0]: option 'pull' must be a boolean (true or false), got \"maybe\"",
                "t.json:6:7: builders[0]: option 'count' must be a whole number, got \"many\"",
                "t.json:7:7: builders[0]: option 'changes' must be a list, got an object",
                "t.json:8:7: builders[0]: option 'volumes' must be an object, got a list",
                "t.json:9:29: builders[0]: option 'run_command[1]' must be a string, got an object");
    }

    @Test
    void durationsAreBoundFromGoDurationsAndBadOnesNamedAtTheirKey() {
        Timed ok = bind(builder("""
                {"type": "docker", "pause_after": "1m30s", "timeout": "{{user `flag`}}h", "delay": ""}"""),
                Timed.class, CTX, problems);
        assertThat(problems).isEmpty();
        assertThat(ok).isEqualTo(new Timed(java.time.Duration.ofSeconds(90), java.time.Duration.ofHours(1), null));

        BlockNode bad = builder("""
                {
                      "type": "docker",
                      "pause_after": "five seconds",
                      "timeout": "99999999999999999999h",
                      "delay": 5
                    }""");
        assertThat(bind(bad, Timed.class, CTX, problems)).isNull();
        assertThat(messages()).containsExactlyInAnyOrder(
                "t.json:5:7: builders[0]: option 'pause_after': 'five seconds' is not a duration; write it like "
                        + "'30s', '5m' or '1h30m'.",
                "t.json:6:7: builders[0]: option 'timeout': '99999999999999999999h' is out of range: a duration is "
                        + "at most 2562047h47m16.854775807s (about 292 years).",
                "t.json:7:7: builders[0]: option 'delay' must be a duration such as '30s', '5m' or '1h30m', got number 5");
    }

    @Test
    void renderErrorsAreReportedAtTheirKey() {
        BlockNode block = builder("""
                {
                      "type": "docker",
                      "image": "{{uper `x`}}",
                      "run_command": ["{{env `HOME`}}"]
                    }""");

        assertThat(bind(block, TestConfig.class, CTX, problems)).isNull();

        assertThat(messages()).containsExactly(
                "t.json:5:7: builders[0]: option 'image': column 3: function \"uper\" not defined; did you mean "
                        + "\"upper\"?",
                "t.json:6:23: builders[0]: option 'run_command[0]': column 3: env vars are not allowed here; read "
                        + "the environment in a variable's default ({\"v\": \"{{env `NAME`}}\"}) and use {{user `v`}}");
    }

    @Test
    void unknownKeysOfPlainClassesAreReportedToo() {
        BlockNode block = builder("{\"type\": \"docker\", \"limits\": {\"cpu\": 2}}");
        assertThat(bind(block, WithPojo.class, CTX, problems)).isNull();
        assertThat(messages()).containsExactly(
                "t.json:3:35: builders[0]: unknown option 'limits.cpu' for builder 'docker'; did you mean 'cpus'?");
    }

    @Test
    void constructorChecksBecomeProblems() {
        assertThat(bind(builder("{\"type\": \"docker\"}"), Checked.class, CTX, problems)).isNull();
        assertThat(messages()).containsExactly(
                "t.json:3:5: builders[0]: invalid settings for builder 'docker': image must be set");
    }

    @Test
    void overridesMergeOverTheConfigForTheirBuild() {
        BlockNode provisioner = new TemplateParser().parse(Path.of("t.json"), """
                {"builders": [{"type": "docker"}],
                 "provisioners": [{"type": "shell", "image": "a", "count": 1,
                                   "override": {"docker": {"image": "b"}}}]}
                """).provisioners().get(0);
        TestConfig config = bind(provisioner.forBuild("docker"), TestConfig.class, CTX, problems);
        assertThat(problems).isEmpty();
        assertThat(config.image()).isEqualTo("b");
        assertThat(config.count()).isEqualTo(1);
    }

    @Test
    void blocksBuiltElsewhereUseTheBlockPosition() {
        BlockNode parsed = builder("{\"type\": \"docker\", \"imgae\": \"x\"}");
        BlockNode copy = new BlockNode(parsed.kind(), parsed.type(), parsed.name(), parsed.path(), parsed.pointer(),
                parsed.position(), new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                .put("imgae", "x"), List.of(), List.of(), null, null, null, null, null);
        bind(copy, TestConfig.class, CTX, problems);
        assertThat(messages()).containsExactly(
                "t.json:3:5: builders[0]: unknown option 'imgae' for builder 'docker'; did you mean 'image'?");
    }

    @Test
    void convertBindsPlainMaps() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("user", "me");
        settings.put("password", "secret");
        assertThat(binder.convert(settings, Auth.class)).isEqualTo(new Auth("me", "secret"));

        assertThatThrownBy(() -> binder.convert(Map.of("usr", "me"), Auth.class))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown option 'usr' for Auth; did you mean 'user'?");
        assertThatThrownBy(() -> binder.convert(Map.of("count", List.of()), TestConfig.class))
                .isInstanceOf(ConfigException.class)
                .hasMessage("option 'count' must be a whole number, got a list");
    }

    @Test
    void everyWrongElementOfAListIsReportedAtOnce() throws Exception {
        assertThat(binder.bind(tree("""
                {"run_command": [{"a": 1}, "ok", ["b"]], "volumes": {"/a": {"x": 1}, "/b": "fine", "/c": [1]}}""",
                Set.of()), TestConfig.class, problems)).isNull();

        assertThat(problems).extracting(TemplateProblem::message).containsExactly(
                "option 'run_command[0]' must be a string, got an object",
                "option 'run_command[2]' must be a string, got a list",
                "option 'volumes./a' must be a string, got an object",
                "option 'volumes./c' must be a string, got a list");
    }

    /** Every kind of option a config may have. */
    public record Kinds(long big, Long boxed, short small, double ratio, java.math.BigDecimal exact, Mode mode,
                        Set<String> names, List<Integer> ports, List<Auth> users, Map<String, List<String>> groups,
                        Object anything, com.fasterxml.jackson.databind.JsonNode raw, String httpURLValue) {
    }

    public enum Mode { FAST, SAFE }

    @Test
    void everyKindOfOptionBindsAndMissingOnesAreNullOrZero() throws Exception {
        Kinds kinds = binder.bind(tree("""
                {"big": "9000000000", "boxed": 7.9, "small": 3, "ratio": "0.5", "exact": 1.25, "mode": "SAFE",
                 "names": "a,b", "ports": 80, "users": {"user": "u"}, "groups": {"g": "x, y"},
                 "anything": {"n": [1, true, null]}, "raw": {"k": "v"}, "http_urlvalue": "h"}""", Set.of()),
                Kinds.class, problems);

        assertThat(problems).isEmpty();
        assertThat(kinds.big()).isEqualTo(9_000_000_000L);
        assertThat(kinds.boxed()).as("a fraction is cut off, as Packer's decoder does").isEqualTo(7L);
        assertThat(kinds.small()).isEqualTo((short) 3);
        assertThat(kinds.ratio()).isEqualTo(0.5);
        assertThat(kinds.exact()).isEqualByComparingTo("1.25");
        assertThat(kinds.mode()).isEqualTo(Mode.SAFE);
        assertThat(kinds.names()).as("only lists split a string at commas").containsExactly("a,b");
        assertThat(kinds.ports()).containsExactly(80);
        assertThat(kinds.users()).containsExactly(new Auth("u", null));
        assertThat(kinds.groups()).containsExactly(Map.entry("g", List.of("x", "y")));
        assertThat(kinds.anything()).isEqualTo(Map.of("n", java.util.Arrays.asList(1, true, null)));
        assertThat(kinds.raw()).hasToString("{\"k\":\"v\"}");
        assertThat(kinds.httpURLValue()).isEqualTo("h");

        Kinds empty = binder.bind(tree("{}", Set.of()), Kinds.class, problems);
        assertThat(empty).isEqualTo(new Kinds(0, null, (short) 0, 0.0, null, null, null, null, null, null, null, null,
                null));
    }

    @Test
    void numbersOutOfRangeAndUnknownConstantsAreProblems() throws Exception {
        assertThat(binder.bind(tree("""
                {"small": 40000, "big": "12345678901234567890", "mode": "fast", "ratio": "half", "ports": ["x"]}""",
                Set.of()), Kinds.class, problems)).isNull();

        assertThat(problems).extracting(TemplateProblem::message).containsExactly(
                "option 'small' must be a whole number from -32768 to 32767, got number 40000",
                "option 'big' must be a whole number from -9223372036854775808 to 9223372036854775807, got "
                        + "\"12345678901234567890\"",
                "option 'mode' must be one of 'FAST', 'SAFE', got \"fast\"",
                "option 'ratio' must be a number, got \"half\"",
                "option 'ports[0]' must be a whole number, got \"x\"");
    }

    // ---- pure binding of value trees, as any front end resolves them -----------------------------------------

    /** Positions made up for a plain tree: line = the pointer's depth, column = its length, in "tree.hcl". */
    private static final ValuePositions BY_POINTER = pointer -> new SourcePosition("tree.hcl",
            pointer.toString().split("/", -1).length - 1, pointer.toString().length() + 1);

    private static ResolvedConfig tree(String json, Set<String> unknown) throws Exception {
        ComponentSpec spec = new ComponentSpec(ComponentSpec.BUILDER, "docker", "x", "source.docker.x",
                new SourcePosition("tree.hcl", 1, 1), List.of(), List.of(), null,
                ComponentConfig.empty(new SourcePosition("tree.hcl", 1, 1)));
        return new ResolvedConfig(spec, (ObjectNode) new ObjectMapper().readTree(json), BY_POINTER, unknown, List.of());
    }

    @Test
    void aPlainValueTreeBindsWithoutAnyRendering() throws Exception {
        TestConfig config = binder.bind(tree("""
                {"image": "{{user `img`}}", "commit": true, "count": 2, "changes": ["A", "B"],
                 "volumes": {"/a": "/b"}, "auth": {"user": "u", "password": "p"}}""", Set.of()),
                TestConfig.class, problems);

        assertThat(problems).isEmpty();
        assertThat(config).isEqualTo(new TestConfig("{{user `img`}}", null, true, 2, List.of("A", "B"), null, null,
                Map.of("/a", "/b"), new Auth("u", "p")));
    }

    @Test
    void problemsOfAPlainTreeArePlacedThroughItsPositions() throws Exception {
        assertThat(binder.bind(tree("""
                {"imgae": "x", "count": [], "auth": {"usr": "u"}, "changes": ["A", {"x": 1}]}""", Set.of()),
                TestConfig.class, problems)).isNull();

        assertThat(messages()).containsExactly(
                "tree.hcl:1:7: source.docker.x: unknown option 'imgae' for builder 'docker'; did you mean 'image'?",
                "tree.hcl:2:10: source.docker.x: unknown option 'auth.usr' for builder 'docker'; did you mean "
                        + "'user'?",
                "tree.hcl:1:7: source.docker.x: option 'count' must be a whole number, got a list",
                "tree.hcl:2:11: source.docker.x: option 'changes[1]' must be a string, got an object");
    }

    @Test
    void optionsWhoseValueIsNotKnownYetAreLeftOutAndNamedButMisspeltOnesAreReported() throws Exception {
        Set<String> unknown = new LinkedHashSet<>();

        TestConfig config = binder.bind(tree("""
                {"image": "${var.later}", "imgae": "${var.later}", "count": 1}""",
                Set.of("image", "imgae")), TestConfig.class, problems, unknown);

        assertThat(unknown).containsExactly("image");
        assertThat(messages()).containsExactly(
                "tree.hcl:1:7: source.docker.x: unknown option 'imgae' for builder 'docker'; did you mean 'image'?");
        assertThat(config).isNull();
    }

    @Test
    void anIncompleteTreeStillBindsWhatIsKnown() throws Exception {
        Set<String> unknown = new LinkedHashSet<>();

        TestConfig config = binder.bind(tree("{\"image\": \"${var.later}\", \"count\": 3}", Set.of("image")),
                TestConfig.class, problems, unknown);

        assertThat(problems).isEmpty();
        assertThat(unknown).containsExactly("image");
        assertThat(config.image()).isNull();
        assertThat(config.count()).isEqualTo(3);
    }

    @Test
    void bindingLeavesTheResolvedTreeAsItWas() throws Exception {
        ResolvedConfig resolved = tree("{\"image\": \"a\", \"imgae\": \"b\"}", Set.of());
        String before = resolved.tree().toString();

        binder.bind(resolved, TestConfig.class, problems);

        assertThat(resolved.tree()).hasToString(before);
    }
}
