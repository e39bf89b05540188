package dev.kiln.runtime.frontend.hcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.runtime.frontend.BuildModel;
import dev.kiln.runtime.frontend.TemplateException;
import dev.kiln.runtime.frontend.TemplateInput;
import dev.kiln.runtime.frontend.TemplateInput.VariableInput;
import dev.kiln.runtime.frontend.TemplateProblem;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code *.pkr.json} templates: each pair in {@code json/} (a {@code .pkr.hcl} and its twin in HCL's JSON syntax)
 * gives the same build model; folders mixing both syntaxes make one configuration; JSON var files are literal; and
 * every problem has its file, line and column.
 */
class HclJsonTemplateTest {

    @TempDir
    Path dir;

    static Path folder() throws URISyntaxException {
        return Path.of(Objects.requireNonNull(HclJsonTemplateTest.class.getResource("json")).toURI());
    }

    static Stream<String> pairs() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(folder())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".pkr.hcl"))
                    .map(n -> n.substring(0, n.length() - ".pkr.hcl".length())).sorted().toList().stream();
        }
    }

    private BuildModel load(String template, List<VariableInput> vars) {
        return new HclFrontEnd().load(new TemplateInput(Path.of(template), vars, Map.of(), dir,
                Instant.parse("2026-12-01T10:00:00Z"), "1.6.6"));
    }

    private void write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void theJsonTwinHasTheSameModel(String pair) throws Exception {
        Files.createDirectories(dir.resolve("hcl"));
        Files.createDirectories(dir.resolve("json"));
        Files.copy(folder().resolve(pair + ".pkr.hcl"), dir.resolve("hcl/t.pkr.hcl"));
        Files.copy(folder().resolve(pair + ".pkr.json"), dir.resolve("json/t.pkr.json"));
        BuildModel hcl = load("hcl/t.pkr.hcl", List.of());
        BuildModel json = load("json/t.pkr.json", List.of());

        assertThat(hcl.problems()).isEmpty();
        assertThat(json.problems()).isEmpty();
        assertThat(json.builds()).isNotEmpty();
        String expected = HclFrontEndTest.describe(hcl).replace("\"hcl|", "\"json|");
        assertThat(HclFrontEndTest.describe(json)).isEqualTo(expected);
        assertThat(json.buildNames()).isEqualTo(hcl.buildNames());
        assertThat(json.description()).isEqualTo(hcl.description());
        assertThat(json.sensitiveValues()).isEqualTo(hcl.sensitiveValues());
        assertThat(json.variables()).extracting(v -> v.name() + "=" + v.defaultValue() + " " + v.sensitive())
                .isEqualTo(hcl.variables().stream().map(v -> v.name() + "=" + v.defaultValue() + " " + v.sensitive())
                        .toList());
    }

    @Test
    void theBuildsPairResolvesAsTheNativeTemplateDoes() throws Exception {
        Files.copy(folder().resolve("01-builds.pkr.json"), dir.resolve("t.pkr.json"));
        BuildModel model = load("t.pkr.json", List.of(new VariableInput.Var("tags", "[\"x\"]")));
        assertThat(model.buildNames()).containsExactly("b.docker.one", "b.docker.renamed");
        assertThat(HclFrontEndTest.describe(model)).startsWith("""
                variable image = busybox
                variable tags = ["x"]
                variable secret = hunter2 (sensitive)
                build b.docker.one: docker {"image":"busybox","commit":true,"changes":["LABEL t=x"]}
                  provisioner shell {"inline":["echo docker.one b","id={{ build `ID` }}"]} \
                RuntimeSettings[pauseBefore=PT2S, timeout=PT0S, maxRetries=3]
                  provisioner shell {"inline":["kiln/busybox:x"]}
                """);
    }

    @Test
    void theOfflineExampleJsonTwinHasTheNativeTwinsModel() {
        Path example = Path.of("..", "examples", "offline-busybox").toAbsolutePath();
        BuildModel hcl = new HclFrontEnd().load(new TemplateInput(example.resolve("template.pkr.hcl"), List.of(),
                Map.of(), dir, Instant.parse("2026-12-01T10:00:00Z"), "1.6.6"));
        BuildModel json = new HclFrontEnd().load(new TemplateInput(example.resolve("json-syntax/template.pkr.json"),
                List.of(), Map.of(), dir, Instant.parse("2026-12-01T10:00:00Z"), "1.6.6"));
        assertThat(json.problems()).isEmpty();
        assertThat(HclFrontEndTest.describe(json)).isEqualTo(HclFrontEndTest.describe(hcl)).isEqualTo("""
                build docker.busybox: docker {"image":"kiln-examples/busybox","pull":false,"commit":true}
                  provisioner shell {"inline":["mkdir -p /var/www","echo 'hello from kiln' > /var/www/index.html"]}
                  chain | docker-tag {"repository":"terraform-workshop/busybox-www","tags":["0.0.1"]}
                """);
    }

    @Test
    void aFolderMixingBothSyntaxesIsOneConfigurationAndJsonVarFilesAreLiteral() throws IOException {
        write("f/variables.pkr.hcl", """
                variable "image" { default = "busybox" }
                variable "tag" { default = "t" }
                variable "note" { default = "n" }
                locals { repo = "kiln/${var.image}" }
                """);
        write("f/build.pkr.json", """
                {
                  "source": {"docker": {"x": {"image": "${var.image}", "changes": ["${var.note}"]}}},
                  "build": {
                    "sources": ["source.docker.x"],
                    "post-processor": {"docker-tag": {"repository": "${local.repo}", "tags": ["${var.tag}"]}}
                  }
                }
                """);
        write("f/a.pkr.json", "{\"//\": \"only a comment\"}");
        write("f/x.auto.pkrvars.json", "{\"image\": \"alpine\"}");
        write("v.pkrvars.json", "{\n  \"//\": \"a variable named //? no: a comment\",\n  \"note\": \"${not} %{x}\"\n}");
        BuildModel model = load("f", List.of(new VariableInput.VarFile(dir.resolve("v.pkrvars.json"))));
        assertThat(model.problems()).isEmpty();
        assertThat(model.templateFiles()).extracting(p -> p.getFileName().toString())
                .containsExactly("variables.pkr.hcl", "a.pkr.json", "build.pkr.json");
        assertThat(model.variableValues()).containsEntry("image", "alpine").containsEntry("note", "${not} %{x}");
        assertThat(HclFrontEndTest.describe(model)).contains(
                "build docker.x: docker {\"image\":\"alpine\",\"changes\":[\"${not} %{x}\"]}",
                "chain | docker-tag {\"repository\":\"kiln/alpine\",\"tags\":[\"t\"]}");
    }

    /** Packer 1.6.6 and 1.9.5 read every HCL var file before every JSON one ({@code packer inspect} agrees). */
    @Test
    void jsonVarFilesComeAfterHclVarFilesAsInPacker() throws IOException {
        write("f/t.pkr.hcl", """
                variable "a" { default = "default" }
                variable "b" { default = "default" }
                variable "c" { default = "default" }
                """);
        write("f/x.auto.pkrvars.json", "{\"a\": \"auto-json\", \"b\": \"auto-json\", \"c\": \"auto-json\"}");
        write("f/y.auto.pkrvars.hcl", "a = \"auto-hcl\"\n");
        write("v.pkrvars.json", "{\"c\": \"file-json\"}");
        write("w.pkrvars.hcl", "a = \"file-hcl\"\nb = \"file-hcl\"\nc = \"file-hcl\"\n");
        BuildModel model = load("f", List.of(new VariableInput.VarFile(dir.resolve("v.pkrvars.json")),
                new VariableInput.VarFile(dir.resolve("w.pkrvars.hcl"))));
        assertThat(model.variableValues()).containsEntry("a", "auto-json").containsEntry("b", "auto-json")
                .containsEntry("c", "file-json");
    }

    @Test
    void badValuesInAJsonVarFileArePositionedProblems() throws IOException {
        write("t.pkr.json", "{\"variable\": {\"n\": {\"type\": \"number\", \"default\": 1}}}");
        write("v.pkrvars.json", "{\n  \"n\": [1],\n  \"n\": 2\n}");
        write("w.pkrvars.json", "{\"n\": 1,}");
        write("u.pkrvars.json", "{\"n\": [1]}");
        BuildModel model = load("t.pkr.json", List.of(new VariableInput.VarFile(dir.resolve("v.pkrvars.json")),
                new VariableInput.VarFile(dir.resolve("w.pkrvars.json")),
                new VariableInput.VarFile(dir.resolve("u.pkrvars.json"))));
        assertThat(model.problems()).extracting(p -> p.toString().replace(dir + "/", "")).containsExactly(
                "v.pkrvars.json:3:3: Duplicate attribute definition: The argument \"n\" was already set at"
                        + " v.pkrvars.json:2,3-11.",
                "w.pkrvars.json:1:8: Trailing comma in object: JSON does not permit a trailing comma after the"
                        + " final property in an object.",
                "u.pkrvars.json:1:7: variable.n: Invalid value for variable: The value for n is not compatible with"
                        + " the variable's type constraint: number required.");
    }

    @Test
    void syntaxAndStructureErrorsStopTheLoadWithTheirPositions() throws IOException {
        write("bad.pkr.json", "{\n  \"source\": {\"docker\": \"x\"},\n  \"build\": {\"sources\": [\"a\",]}\n}");
        assertThatThrownBy(() -> load("bad.pkr.json", List.of())).isInstanceOf(TemplateException.class)
                .satisfies(e -> assertThat(((TemplateException) e).problems()).extracting(p -> p.toString()
                        .replace(dir + "/", "")).containsExactly(
                        "bad.pkr.json:3:28: Trailing comma in array: JSON does not permit a trailing comma after the"
                                + " final value in an array."));
        write("bad.pkr.json", "{\n  \"source\": {\"docker\": \"x\"},\n"
                + "  \"build\": {\"provisioner\": {\"shell\": 1}}\n}");
        assertThatThrownBy(() -> load("bad.pkr.json", List.of())).isInstanceOf(TemplateException.class)
                .satisfies(e -> assertThat(((TemplateException) e).problems()).extracting(p -> p.toString()
                        .replace(dir + "/", "")).containsExactly(
                        "bad.pkr.json:2:24: Incorrect JSON value type: Either a JSON object or JSON array of objects"
                                + " is required here, to specify name labels for this block.",
                        "bad.pkr.json:2:24: Missing block label: At least one object property is required, whose"
                                + " name represents the source block's name.",
                        "bad.pkr.json:3:38: Incorrect JSON value type: Either a JSON object or a JSON array is"
                                + " required, representing the contents of one or more \"provisioner\" blocks."));
        write("bad.pkr.json", "{\"locals\": {\"a\": \"${1 +}\"}}");
        assertThatThrownBy(() -> load("bad.pkr.json", List.of())).isInstanceOf(TemplateException.class)
                .satisfies(e -> assertThat(((TemplateException) e).problems()).extracting(p -> p.position().line()
                        + ":" + p.position().column() + " " + p.message().split(":")[0])
                        .containsExactly("1:24 Invalid expression"));
    }

    @Test
    void problemsOfTheTemplateHaveJsonPositions() throws IOException {
        write("t.pkr.json", """
                {
                  "bogus": 1,
                  "variable": {
                    "v": {"type": "lisst(string)", "default": [], "extra": true}
                  },
                  "source": {"docker": {"x": {"image": "${var.nope}"}}},
                  "build": {
                    "sources": ["source.docker.x", "source.docker.missing"],
                    "provisioner": {"shell": {"inline": ["${upper(1, 2)}"]}}
                  }
                }
                """);
        BuildModel model = load("t.pkr.json", List.of());
        assertThat(HclFrontEndTest.describe(model).lines().filter(l -> l.startsWith("problem") || l.startsWith(
                "build"))).containsExactly(
                "build docker.x: docker {} problems=[6:46 Unsupported attribute: This object does not have an"
                        + " attribute named \"nope\".]",
                "problem t.pkr.json:2:3: Unsupported argument: An argument named \"bogus\" is not expected here.",
                "problem t.pkr.json:4:20: variable.v: Invalid type specification: Keyword \"lisst\" is not a valid"
                        + " type constructor.",
                "problem t.pkr.json:4:51: variable \"v\": Unsupported argument: An argument named \"extra\" is not"
                        + " expected here.",
                "problem t.pkr.json:8:16: build[0]: Unknown source docker.missing: There is no source block for"
                        + " \"source.docker.missing\"; declare it as source \"TYPE\" \"NAME\" { ... } (known:"
                        + " docker.x).");
        List<TemplateProblem> resolved = model.resolver().resolve(model.builds().get(0).provisioners().get(0),
                model.builds().get(0)).problems();
        assertThat(resolved).extracting(p -> p.position().line() + ":" + p.position().column() + " "
                + p.message().split(":")[0]).containsExactly("9:54 Too many function arguments");
    }
}
