package dev.kiln.runtime.frontend.hcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.runtime.frontend.BuildModel;
import dev.kiln.runtime.frontend.BuildSpec;
import dev.kiln.runtime.frontend.ComponentSpec;
import dev.kiln.runtime.frontend.ConfigResolver;
import dev.kiln.runtime.frontend.ResolvedConfig;
import dev.kiln.runtime.frontend.RuntimeSettings;
import dev.kiln.runtime.frontend.TemplateException;
import dev.kiln.runtime.frontend.TemplateInput;
import dev.kiln.runtime.frontend.TemplateInput.VariableInput;
import dev.kiln.runtime.frontend.TemplateProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HCL2 templates read into the build model: golden descriptions of the model and its resolved configs. */
class HclFrontEndTest {

    @TempDir
    Path dir;

    private BuildModel load(String template, List<VariableInput> vars, Map<String, String> env) {
        return new HclFrontEnd().load(new TemplateInput(Path.of(template), vars, env, dir,
                Instant.parse("2026-12-01T10:00:00Z"), "1.6.6"));
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    /** The model as text: variables, each build with its resolved components, and the problems. */
    static String describe(BuildModel model) {
        StringBuilder sb = new StringBuilder();
        model.variables().forEach(v -> sb.append("variable ").append(v.name()).append(" = ")
                .append(model.variableValues().get(v.name())).append(v.sensitive() ? " (sensitive)" : "")
                .append('\n'));
        ConfigResolver resolver = model.resolver();
        List<TemplateProblem> settingProblems = new ArrayList<>();
        for (BuildSpec b : model.builds()) {
            sb.append("build ").append(b.name()).append(": ").append(component(resolver, b.builder(), b));
            for (ComponentSpec p : b.provisioners()) {
                if (p.appliesTo(b.name())) {
                    RuntimeSettings s = resolver.settings(p, b, settingProblems);
                    sb.append("  provisioner ").append(component(resolver, p, b).strip());
                    if (!s.equals(RuntimeSettings.NONE)) {
                        sb.append(" ").append(s);
                    }
                    sb.append('\n');
                }
            }
            if (b.errorCleanupProvisioner() != null) {
                sb.append("  error-cleanup ").append(component(resolver, b.errorCleanupProvisioner(), b));
            }
            for (List<ComponentSpec> chain : b.postProcessors()) {
                sb.append("  chain");
                for (ComponentSpec c : chain) {
                    if (c.appliesTo(b.name())) {
                        sb.append(" | ").append(component(resolver, c, b).strip());
                        if (c.keepInputArtifact() != null) {
                            sb.append(" keep=").append(c.keepInputArtifact());
                        }
                    }
                }
                sb.append('\n');
            }
        }
        model.problems().forEach(p -> sb.append("problem ").append(p.toString().replace(
                p.position().file(), Path.of(p.position().file()).getFileName().toString())).append('\n'));
        settingProblems.forEach(p -> sb.append("setting problem ").append(p).append('\n'));
        return sb.toString();
    }

    private static String component(ConfigResolver resolver, ComponentSpec c, BuildSpec b) {
        ResolvedConfig r = resolver.resolve(c, b);
        String unknown = r.unknown().isEmpty() ? "" : " unknown=" + r.unknown();
        String problems = r.problems().isEmpty() ? "" : " problems=" + r.problems().stream()
                .map(p -> p.position().line() + ":" + p.position().column() + " " + p.message()).toList();
        return c.type() + " " + r.tree() + unknown + problems + "\n";
    }

    @Test
    void aTemplateWithVariablesLocalsSourcesAndBuilds() throws IOException {
        write("t.pkr.hcl", """
                variable "image" {
                  type    = string
                  default = "busybox"
                }
                variable "tags" {
                  type    = list(string)
                  default = ["a"]
                }
                variable "secret" {
                  type      = string
                  default   = "hunter2"
                  sensitive = true
                }
                locals {
                  full = "${local.repo}:${var.tags[0]}"
                  repo = "kiln/${var.image}"
                }
                local "pw" {
                  expression = "pw-${var.secret}"
                  sensitive  = true
                }
                source "docker" "one" {
                  image  = var.image
                  commit = true
                  changes = [for t in var.tags : "LABEL t=${t}"]
                }
                source "docker" "two" {
                  image   = "other"
                  discard = true
                }
                build {
                  name    = "b"
                  sources = ["source.docker.one"]
                  source "source.docker.two" {
                    name  = "renamed"
                    image = "over-${source.name}"
                  }
                  provisioner "shell" {
                    inline       = ["echo ${source.type}.${source.name} ${build.name}", "id=${build.ID}"]
                    pause_before = "2s"
                    max_retries  = 3
                  }
                  provisioner "shell" {
                    only   = ["docker.one"]
                    inline = [local.full]
                  }
                  provisioner "shell" {
                    except  = ["source.docker.one"]
                    inline  = ["not on one"]
                    timeout = "1m"
                  }
                  error-cleanup-provisioner "shell-local" {
                    inline = ["cleanup"]
                  }
                  post-processor "docker-tag" {
                    repository = local.repo
                    tags       = var.tags
                  }
                  post-processors {
                    post-processor "docker-tag" {
                      repository          = "x"
                      keep_input_artifact = true
                    }
                    post-processor "docker-push" {
                      only = ["b.docker.renamed"]
                    }
                  }
                }
                """);
        BuildModel model = load("t.pkr.hcl", List.of(new VariableInput.Var("tags", "[\"v1\", \"v2\"]")), Map.of());
        assertThat(model.format()).isEqualTo("HCL2");
        assertThat(model.buildNames()).containsExactly("b.docker.one", "b.docker.renamed");
        assertThat(model.sensitiveValues()).containsExactlyInAnyOrder("hunter2", "pw-hunter2");
        assertThat(describe(model)).isEqualTo("""
                variable image = busybox
                variable tags = ["v1","v2"]
                variable secret = hunter2 (sensitive)
                build b.docker.one: docker {"image":"busybox","commit":true,"changes":["LABEL t=v1","LABEL t=v2"]}
                  provisioner shell {"inline":["echo docker.one b","id={{ build `ID` }}"]} \
                RuntimeSettings[pauseBefore=PT2S, timeout=PT0S, maxRetries=3]
                  provisioner shell {"inline":["kiln/busybox:v1"]}
                  error-cleanup shell-local {"inline":["cleanup"]}
                  chain | docker-tag {"repository":"kiln/busybox","tags":["v1","v2"]}
                  chain | docker-tag {"repository":"x"} keep=true
                build b.docker.renamed: docker {"image":"over-renamed","discard":true}
                  provisioner shell {"inline":["echo docker.renamed b","id={{ build `ID` }}"]} \
                RuntimeSettings[pauseBefore=PT2S, timeout=PT0S, maxRetries=3]
                  provisioner shell {"inline":["not on one"]} RuntimeSettings[pauseBefore=PT0S, timeout=PT1M, \
                maxRetries=0]
                  error-cleanup shell-local {"inline":["cleanup"]}
                  chain | docker-tag {"repository":"kiln/busybox","tags":["v1","v2"]}
                  chain | docker-tag {"repository":"x"} keep=true | docker-push {}
                """);
    }

    @Test
    void variableInputsFollowPackersPrecedence() throws IOException {
        write("f/vars.pkr.hcl", """
                variable "a" { default = "default" }
                variable "b" { default = "default" }
                variable "c" { default = "default" }
                variable "d" { default = "default" }
                variable "e" { default = "default" }
                variable "n" {
                  type    = number
                  default = 1
                }
                variable "m" {
                  type = map(string)
                  default = {}
                }
                """);
        write("f/build.pkr.hcl", """
                source "docker" "x" { image = "${var.a}-${var.b}-${var.c}-${var.d}-${var.e}-${var.n + 1}" }
                build { sources = ["source.docker.x"] }
                """);
        write("f/x.auto.pkrvars.hcl", "b = \"auto\"\nc = \"auto\"\nd = \"auto\"\ne = \"auto\"\n");
        write("one.pkrvars.hcl", "c = \"file1\"\nd = \"file1\"\ne = \"file1\"\nundeclared = 1\n");
        write("two.pkrvars.json", "{\"d\": \"file2\", \"e\": \"file2\"}");
        BuildModel model = load("f", List.of(new VariableInput.VarFile(dir.resolve("one.pkrvars.hcl")),
                new VariableInput.VarFile(dir.resolve("two.pkrvars.json")), new VariableInput.Var("e", "flag"),
                new VariableInput.Var("n", "41"), new VariableInput.Var("m", "{k = \"v\"}")),
                Map.of("PKR_VAR_a", "env", "PKR_VAR_b", "env"));
        assertThat(model.problems()).isEmpty();
        assertThat(model.variableValues()).containsEntry("a", "env").containsEntry("b", "auto")
                .containsEntry("c", "file1").containsEntry("d", "file2").containsEntry("e", "flag")
                .containsEntry("n", "41").containsEntry("m", "{\"k\":\"v\"}");
        assertThat(describe(model)).contains("build docker.x: docker {\"image\":\"env-auto-file1-file2-flag-42\"}");
        assertThat(model.templateFiles()).extracting(p -> p.getFileName().toString())
                .containsExactly("build.pkr.hcl", "vars.pkr.hcl");
    }

    @Test
    void badVariableInputsAreProblemsNamingTheirOrigin() throws IOException {
        write("t.pkr.hcl", """
                variable "n" { type = number }
                variable "l" { type = list(string) }
                variable "strict" {
                  type     = string
                  default  = "x"
                  nullable = false
                }
                source "docker" "x" { image = "i" }
                build { sources = ["source.docker.x"] }
                """);
        write("v.pkrvars.hcl", "variable \"x\" {}\nstrict = null\nl = {a = 1}\n");
        BuildModel model = load("t.pkr.hcl", List.of(new VariableInput.VarFile(dir.resolve("v.pkrvars.hcl")),
                new VariableInput.Var("n", "abc"), new VariableInput.Var("undeclared", "1")), Map.of());
        assertThat(model.problems()).extracting(p -> p.toString().replace(dir + "/", ""))
                .containsExactly(
                        "v.pkrvars.hcl:1:1: Variable declaration in a .pkrvar file: A .pkrvar file is used to assign"
                                + " values to variables that have already been declared in .pkr files, not to"
                                + " declare new variables.",
                        "v.pkrvars.hcl:3:5: variable.l: Invalid value for variable: The value for l is not"
                                + " compatible with the variable's type constraint: list of string required.",
                        "-var n: variable.n: Invalid value for variable: The value for n is not compatible with the"
                                + " variable's type constraint: a number is required.",
                        "-var undeclared: Undefined -var variable: A \"undeclared\" variable was passed in but was"
                                + " not found in known variables. To declare variable \"undeclared\", place this"
                                + " block in one of your .pkr.hcl files, such as variables.pkr.hcl",
                        "t.pkr.hcl:1:1: variable.n: Unset variable \"n\": A used variable must be set or have a"
                                + " default value; see https://packer.io/docs/templates/hcl_templates/syntax for"
                                + " details.",
                        "t.pkr.hcl:2:1: variable.l: Unset variable \"l\": A used variable must be set or have a"
                                + " default value; see https://packer.io/docs/templates/hcl_templates/syntax for"
                                + " details.",
                        "v.pkrvars.hcl:2:10: variable.strict: Invalid value for variable: The variable \"strict\""
                                + " is not nullable.");
    }

    /**
     * As Packer (1.6.6, and 1.9's validate): a var file's value for an undeclared variable is a warning, with the
     * var file's line, a {@code -var} one is an error, a {@code PKR_VAR_} one is ignored.
     */
    @Test
    void undeclaredVariablesInVarFilesAreWarningsOnTheCommandLineErrors() throws IOException {
        write("t.pkr.hcl", """
                variable "x" {
                  type    = string
                  default = "a"
                }
                source "docker" "x" { image = var.x }
                build { sources = ["source.docker.x"] }
                """);
        write("v.pkrvars.hcl", "x = \"b\"\nnope = \"c\"\n");
        write("v.json", "{\"also\": 1}");
        BuildModel model = load("t.pkr.hcl", List.of(new VariableInput.VarFile(dir.resolve("v.pkrvars.hcl")),
                new VariableInput.VarFile(dir.resolve("v.json"))), Map.of("PKR_VAR_env_only", "1"));

        assertThat(model.problems()).isEmpty();
        assertThat(model.variableValues()).containsEntry("x", "b");
        assertThat(model.warnings()).extracting(p -> p.toString().replace(dir + "/", "")).containsExactly(
                "v.pkrvars.hcl:2:1: Undefined variable: The variable \"nope\" was set but was not declared as an"
                        + " input variable. To declare variable \"nope\" place this block in one of your .pkr.hcl"
                        + " files, such as variables.pkr.hcl variable \"nope\" { type    = string default = null }",
                "v.json:1:2: Undefined variable: The variable \"also\" was set but was not declared as an input"
                        + " variable. To declare variable \"also\" place this block in one of your .pkr.hcl files,"
                        + " such as variables.pkr.hcl variable \"also\" { type    = string default = null }");
        assertThat(model.warnings().get(0).report().plain().replace(dir + "/", "")).isEqualTo("""
                Warning: Undefined variable

                  on v.pkrvars.hcl line 2:
                   2: nope = "c"
                      ^^^^

                The variable "nope" was set but was not declared as an input variable.
                To declare variable "nope" place this block in one of your .pkr.hcl files, such
                as variables.pkr.hcl

                variable "nope" {
                  type    = string
                  default = null
                }

                """);

        BuildModel withVar = load("t.pkr.hcl", List.of(new VariableInput.Var("nope", "1")), Map.of());
        assertThat(withVar.warnings()).isEmpty();
        assertThat(withVar.problems()).singleElement().extracting(p -> p.report().plain()).isEqualTo("""
                Error: Undefined -var variable

                A "nope" variable was passed in but was not found in known variables. To declare
                variable "nope", place this block in one of your .pkr.hcl files, such as
                variables.pkr.hcl

                """);
    }

    /** Templates in use ask for 1.7 or newer (required_plugins came with it): Kiln's HCL2 is 1.9.5's. */
    @Test
    void aRequiredVersionOfTheHcl2EraIsMet() throws IOException {
        write("t.pkr.hcl", """
                packer {
                  required_version = ">= 1.7.0, ~> 1.9"
                }
                source "docker" "x" { image = "busybox" }
                build { sources = ["source.docker.x"] }
                """);
        BuildModel model = load("t.pkr.hcl", List.of(), Map.of());
        assertThat(model.problems()).isEmpty();
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsPosition() throws IOException {
        write("t.pkr.hcl", """
                packer {
                  required_version = ">= 1.10.0"
                  required_plugins {
                    amazon = { source = "github.com/hashicorp/amazon", version = ">= 1" }
                  }
                }
                variable "must" { type = string }
                variable "checked" {
                  default = "x"
                  validation {
                    condition     = length(var.checked) > 3
                    error_message = "The value must be longer than three characters."
                  }
                }
                locals {
                  a = local.b
                  b = local.a
                  c = nope(1)
                }
                data "amazon-ami" "x" {}
                source "docker" "x" { image = var.nope }
                source "docker" "x" {}
                build {
                  sources = ["source.docker.x", "source.docker.missing"]
                }
                """);
        BuildModel model = load("t.pkr.hcl", List.of(), Map.of());
        assertThat(describe(model).lines().filter(l -> l.startsWith("problem") || l.startsWith("build")))
                .containsExactly(
                        "build docker.x: docker {} problems=[21:34 Unsupported attribute: This object does not have"
                                + " an attribute named \"nope\".]",
                        "problem t.pkr.hcl:20:1: data \"amazon-ami\" \"x\": Unsupported block type: data blocks are"
                                + " not supported yet: data \"amazon-ami\" \"x\".",
                        "problem t.pkr.hcl:2:22: packer: Unsupported Packer version: This template requires Packer"
                                + " version >= 1.10.0; Kiln implements Packer 1.9.5's template format.",
                        "problem t.pkr.hcl:4:5: packer.required_plugins: Missing plugin: The plugin \"amazon\""
                                + " (github.com/hashicorp/amazon) is required, but Kiln has built in only the"
                                + " components of github.com/hashicorp/docker.",
                        "problem t.pkr.hcl:7:1: variable.must: Unset variable \"must\": A used variable must be set"
                                + " or have a default value; see https://packer.io/docs/templates/hcl_templates/syntax"
                                + " for details.",
                        "problem t.pkr.hcl:11:21: variable.checked: Invalid value for variable: The value must be"
                                + " longer than three characters. This was checked by the validation rule at"
                                + " t.pkr.hcl:11:21.",
                        "problem t.pkr.hcl:16:3: local.a: Cycle in locals: The locals local.a, local.b refer to each"
                                + " other, so none of them can be evaluated.",
                        "problem t.pkr.hcl:18:7: local.c: Call to unknown function: There is no function named"
                                + " \"nope\".",
                        "problem t.pkr.hcl:22:1: source.docker.x: Duplicate source block: This source block has the"
                                + " same builder type and name as a previous block declared at t.pkr.hcl:21:1. Each"
                                + " source must have a unique name per builder type.",
                        "problem t.pkr.hcl:24:13: build[0]: Unknown source docker.missing: There is no source block"
                                + " for \"source.docker.missing\"; declare it as source \"TYPE\" \"NAME\" { ... }"
                                + " (known: docker.x).");
    }

    @Test
    void syntaxErrorsStopTheLoadAndAreAllReported() throws IOException {
        write("t.pkr.hcl", "source \"docker\" \"x\" {\n  image = \n}\nbuild {\n  a = [\n}\n");
        assertThatThrownBy(() -> load("t.pkr.hcl", List.of(), Map.of())).isInstanceOf(TemplateException.class)
                .satisfies(e -> assertThat(((TemplateException) e).problems()).hasSizeGreaterThanOrEqualTo(2)
                        .allSatisfy(p -> assertThat(p.position().line()).isPositive()));
        write("t.pkr.json", "{\n  \"build\": {\"sources\": [}\n}");
        assertThatThrownBy(() -> load("t.pkr.json", List.of(), Map.of())).isInstanceOf(TemplateException.class)
                .satisfies(e -> assertThat(((TemplateException) e).problems()).singleElement()
                        .satisfies(p -> assertThat(p.position().line() + ":" + p.position().column() + " "
                                + p.message()).startsWith("2:25 Missing JSON value")));
    }

    @Test
    void dynamicBlocksAndPathVariables() throws IOException {
        write("d/t.pkr.hcl", """
                variable "vols" { default = { a = "/a", b = "/b" } }
                source "docker" "x" {
                  image = "${path.root}|${packer.version}"
                  dynamic "mount" {
                    for_each = var.vols
                    content {
                      target = mount.value
                      name   = mount.key
                    }
                  }
                }
                build { sources = ["source.docker.x"] }
                """);
        BuildModel model = load("d/t.pkr.hcl", List.of(), Map.of());
        assertThat(describe(model)).isEqualTo("variable vols = {\"a\":\"/a\",\"b\":\"/b\"}\n"
                + "build docker.x: docker {\"image\":\"d|1.6.6\",\"mount\":[{\"target\":\"/a\",\"name\":\"a\"},"
                + "{\"target\":\"/b\",\"name\":\"b\"}]}\n");
    }

    @Test
    void dynamicProvisionersAndPostProcessorsOfABuild() throws IOException {
        write("t.pkr.hcl", """
                variable "steps" { default = ["one", "two"] }
                source "docker" "x" { image = "i" }
                build {
                  sources = ["source.docker.x"]
                  dynamic "provisioner" {
                    for_each = var.steps
                    iterator = s
                    labels   = ["shell"]
                    content {
                      inline = ["echo ${s.key} ${s.value} on ${source.name}"]
                      dynamic "env" {
                        for_each = { A = s.value }
                        content { value = env.value }
                      }
                    }
                  }
                  post-processors {
                    dynamic "post-processor" {
                      for_each = ["t1", "t2"]
                      labels   = ["docker-tag"]
                      content { tags = [post-processor.value] }
                    }
                  }
                }
                """);
        BuildModel model = load("t.pkr.hcl", List.of(), Map.of());
        assertThat(describe(model)).isEqualTo("""
                variable steps = ["one","two"]
                build docker.x: docker {"image":"i"}
                  provisioner shell {"inline":["echo 0 one on x"],"env":{"value":"one"}}
                  provisioner shell {"inline":["echo 1 two on x"],"env":{"value":"two"}}
                  chain | docker-tag {"tags":["t1"]} | docker-tag {"tags":["t2"]}
                """);
    }

    @Test
    void envOnlyInDefaultsAndTemplatefileRelativeToTheTemplate() throws IOException {
        write("d/greeting.tpl", "Hello, ${name}!");
        write("d/t.pkr.hcl", """
                variable "who" { default = env("KILN_WHO") }
                locals { env_here = env("KILN_WHO") }
                source "docker" "x" {
                  image   = "i"
                  changes = [templatefile("greeting.tpl", { name = var.who })]
                }
                build { sources = ["source.docker.x"] }
                """);
        BuildModel model = load("d/t.pkr.hcl", List.of(), Map.of("KILN_WHO", "kiln"));
        assertThat(describe(model)).isEqualTo("""
                variable who = kiln
                build docker.x: docker {"image":"i","changes":["Hello, kiln!"]}
                problem t.pkr.hcl:2:21: local.env_here: Call to unknown function: There is no function named "env".
                """);
    }

    /**
     * Packer (1.6.6 observed, and every later version: {@code SourceUseBlock.builderVariables}) gives components the
     * source block's name label as {@code PACKER_BUILD_NAME}, whatever the build is called and even when the build
     * renames the source; the build's own name ({@code -only}, the log prefix) stays the full one.
     */
    @Test
    void componentsSeeTheSourcesNameLabelAsTheBuildName() throws IOException {
        write("t.pkr.hcl", """
                source "docker" "busybox" {
                  image  = "i"
                  commit = true
                }
                build {
                  sources = ["source.docker.busybox"]
                }
                build {
                  name    = "app"
                  sources = ["source.docker.busybox"]
                  source "source.docker.busybox" {
                    name = "renamed"
                  }
                }
                """);
        BuildModel model = load("t.pkr.hcl", List.of(), Map.of());
        assertThat(model.problems()).isEmpty();
        assertThat(model.builds()).extracting(BuildSpec::name)
                .containsExactly("docker.busybox", "app.docker.busybox", "app.docker.renamed");
        assertThat(model.builds()).extracting(BuildSpec::componentName)
                .containsExactly("busybox", "busybox", "busybox");
    }

    @Test
    void theOfflineExampleTwinHasTheJsonTemplatesModel() throws IOException {
        Path example = Path.of("..", "examples", "offline-busybox", "template.pkr.hcl").toAbsolutePath();
        BuildModel model = new HclFrontEnd().load(new TemplateInput(example, List.of(), Map.of(), dir,
                Instant.parse("2026-12-01T10:00:00Z"), "1.6.6"));
        assertThat(describe(model)).isEqualTo("""
                build docker.busybox: docker {"image":"kiln-examples/busybox","pull":false,"commit":true}
                  provisioner shell {"inline":["mkdir -p /var/www","echo 'hello from kiln' > /var/www/index.html"]}
                  chain | docker-tag {"repository":"terraform-workshop/busybox-www","tags":["0.0.1"]}
                """);
    }
}
