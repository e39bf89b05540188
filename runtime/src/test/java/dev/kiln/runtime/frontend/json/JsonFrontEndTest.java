package dev.kiln.runtime.frontend.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.runtime.frontend.BuildModel;
import dev.kiln.runtime.frontend.BuildSpec;
import dev.kiln.runtime.frontend.ComponentSpec;
import dev.kiln.runtime.frontend.ConfigResolver;
import dev.kiln.runtime.frontend.ResolvedConfig;
import dev.kiln.runtime.frontend.RuntimeSettings;
import dev.kiln.runtime.frontend.TemplateInput;
import dev.kiln.runtime.frontend.TemplateInput.VariableInput;
import dev.kiln.runtime.frontend.TemplateProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The neutral build model the Packer JSON front end makes, golden: builds, order, typed settings, resolved trees. */
class JsonFrontEndTest {

    @TempDir Path dir;

    private static final String TEMPLATE = """
            {
              "description": "two builds",
              "variables": {
                "image": "alpine:3.20",
                "tag": null,
                "pw": "{{user `image`}}-secret",
                "wait": "2s"
              },
              "sensitive-variables": ["pw"],
              "builders": [
                { "type": "docker", "image": "{{user `image`}}", "commit": true,
                  "changes": ["ENV B={{build_name}}"] },
                { "type": "docker", "name": "second", "image": "busybox", "run_command": ["-d", "{{.Image}}"] }
              ],
              "provisioners": [
                { "type": "shell", "inline": ["echo {{build_type}}"], "pause_before": "{{user `wait`}}",
                  "max_retries": "3", "timeout": "1m30s",
                  "override": { "second": { "inline": ["echo over"], "env": { "{{user `tag`}}": "x" } } } },
                { "type": "file", "only": ["second"], "source": "a", "destination": "/b" }
              ],
              "error-cleanup-provisioner": { "type": "shell-local", "inline": ["echo cleanup"] },
              "post-processors": [
                "manifest",
                [ { "type": "docker-tag", "name": "tag", "repository": "acme/{{build_name}}",
                    "tags": ["{{user `tag`}}"], "keep_input_artifact": true },
                  { "type": "docker-push", "except": ["docker"] } ]
              ]
            }
            """;

    @Test
    void aTemplateBecomesTheNeutralModelWithResolvedTreesAndPositions() throws Exception {
        Path file = Files.writeString(dir.resolve("t.json"), TEMPLATE);
        BuildModel model = new JsonFrontEnd().load(new TemplateInput(file,
                List.of(new VariableInput.Var("tag", "1.0")), Map.of(), dir, Instant.EPOCH, "0.1.0"));

        assertThat(model.format()).isEqualTo("JSON");
        assertThat(model.description()).isEqualTo("two builds");
        assertThat(model.problems()).isEmpty();
        assertThat(model.variables()).extracting(v -> v.name() + "=" + v.defaultValue() + (v.required() ? " required"
                : "") + (v.sensitive() ? " sensitive" : "") + " @" + v.position().line())
                .containsExactly("image=alpine:3.20 @4", "tag=null required @5",
                        "pw={{user `image`}}-secret sensitive @6", "wait=2s @7");
        assertThat(model.variableValues()).containsEntry("pw", "alpine:3.20-secret").containsEntry("tag", "1.0");
        assertThat(model.sensitiveValues()).containsExactly("alpine:3.20-secret");

        // Every position checked by hand against TEMPLATE (a member's position is its key's). The override's
        // values sit at the provisioner's own keys, and a key only the override has at the block, as before the seam.
        assertThat(dump(model).replace(dir + "/", "")).isEqualTo("""
                build docker (docker)
                  builder docker 'docker' builders[0] t.json:11:5
                    {"image":"alpine:3.20","commit":true,"changes":["ENV B=docker"]}
                    /image t.json:11:25  /commit t.json:11:54  /changes t.json:12:7  /changes/0 t.json:12:19
                  provisioner shell 'shell' provisioners[0] t.json:16:5 pause 2s timeout 90s retries 3
                    {"inline":["echo docker"]}
                    /inline t.json:16:24  /inline/0 t.json:16:35
                  provisioner file 'file' provisioners[1] t.json:19:5 only [second]
                  error-cleanup shell-local 'shell-local' error-cleanup-provisioner t.json:21:3
                    {"inline":["echo cleanup"]}
                    /inline t.json:21:57  /inline/0 t.json:21:68
                  chain
                    post-processor manifest 'manifest' post-processors[0] t.json:23:5
                      {}
                  chain
                    post-processor docker-tag 'tag' post-processors[1][0] t.json:24:7 keep true
                      {"repository":"acme/docker","tags":["1.0"]}
                      /repository t.json:24:46  /tags t.json:25:9  /tags/0 t.json:25:18
                    post-processor docker-push 'docker-push' post-processors[1][1] t.json:26:7 except [docker]
                build second (docker)
                  builder docker 'second' builders[1] t.json:13:5
                    {"image":"busybox","run_command":["-d","{{.Image}}"]}
                    /image t.json:13:43  /run_command t.json:13:63  /run_command/0 t.json:13:79  \
                /run_command/1 t.json:13:85
                  provisioner shell 'shell' provisioners[0] t.json:16:5 pause 2s timeout 90s retries 3
                    {"inline":["echo over"],"env":{"1.0":"x"}}
                    /inline t.json:16:24  /inline/0 t.json:16:35  /env t.json:16:5  /env/1.0 t.json:16:5
                  provisioner file 'file' provisioners[1] t.json:19:5 only [second]
                    {"source":"a","destination":"/b"}
                    /source t.json:19:43  /destination t.json:19:58
                  error-cleanup shell-local 'shell-local' error-cleanup-provisioner t.json:21:3
                    {"inline":["echo cleanup"]}
                    /inline t.json:21:57  /inline/0 t.json:21:68
                  chain
                    post-processor manifest 'manifest' post-processors[0] t.json:23:5
                      {}
                  chain
                    post-processor docker-tag 'tag' post-processors[1][0] t.json:24:7 keep true
                      {"repository":"acme/second","tags":["1.0"]}
                      /repository t.json:24:46  /tags t.json:25:9  /tags/0 t.json:25:18
                    post-processor docker-push 'docker-push' post-processors[1][1] t.json:26:7 except [docker]
                      {}
                """);
    }

    @Test
    void everyBuildSharesTheSameComponentsAndInspectSeesEachOnce() throws Exception {
        Path file = Files.writeString(dir.resolve("t.json"), TEMPLATE);
        BuildModel model = new JsonFrontEnd().load(new TemplateInput(file, List.of(), Map.of(), dir, Instant.EPOCH,
                "0.1.0"));

        for (int i = 0; i < 2; i++) {
            assertThat(model.builds().get(0).provisioners().get(i)).isSameAs(model.builds().get(1).provisioners()
                    .get(i));
        }
        assertThat(model.builds().get(0).errorCleanupProvisioner())
                .isSameAs(model.builds().get(1).errorCleanupProvisioner());
        assertThat(model.provisioners()).extracting(ComponentSpec::type).containsExactly("shell", "file");
        assertThat(model.postProcessorChains()).extracting(chain -> chain.stream().map(ComponentSpec::name).toList())
                .containsExactly(List.of("manifest"), List.of("tag", "docker-push"));
        assertThat(model.problems()).extracting(TemplateProblem::toString)
                .containsExactly(file + ":5:5: variables.tag: required variable not set: tag");
        assertThat(model.builds()).as("components see the build's own name (PACKER_BUILD_NAME), unlike HCL2")
                .extracting(BuildSpec::componentName).containsExactly("docker", "second");
    }

    @Test
    void varFilesComeInOrderAndVarsWinOverThem() throws Exception {
        Path file = Files.writeString(dir.resolve("t.json"), TEMPLATE);
        Path first = Files.writeString(dir.resolve("a.json"), "{\"tag\": \"from-a\", \"wait\": \"5s\"}");
        Path second = Files.writeString(dir.resolve("b.json"), "{\"tag\": \"from-b\"}");
        List<VariableInput> inputs = List.of(new VariableInput.Var("wait", "7s"), new VariableInput.VarFile(first),
                new VariableInput.VarFile(second));

        BuildModel model = new JsonFrontEnd().load(new TemplateInput(file, inputs, Map.of(), dir, Instant.EPOCH,
                "0.1.0"));

        assertThat(model.variableValues()).containsEntry("tag", "from-b").containsEntry("wait", "7s");
        assertThat(model.varFiles()).containsExactly(first, second);
        assertThat(model.templateFiles()).containsExactly(file);
    }

    @Test
    void minPackerVersionIsAProblemOfTheModel() throws Exception {
        Path file = Files.writeString(dir.resolve("t.json"), """
                {"min_packer_version": "1.9.0", "builders": [{"type": "docker"}]}""");

        BuildModel model = new JsonFrontEnd().load(new TemplateInput(file, List.of(), Map.of(), dir, Instant.EPOCH,
                "0.1.0"));

        assertThat(model.problems()).extracting(TemplateProblem::toString).containsExactly(file + ":1:2: "
                + "min_packer_version: This template requires Packer version 1.9.0 or higher; Kiln implements "
                + "Packer 1.6.6's template format.");
    }

    /** Every build with its components in order, their typed settings, resolved trees and every key's position. */
    private static String dump(BuildModel model) {
        ConfigResolver resolver = model.resolver();
        StringBuilder out = new StringBuilder();
        for (BuildSpec build : model.builds()) {
            out.append("build ").append(build.name()).append(" (").append(build.type()).append(")\n");
            component(out, "  ", "builder", build.builder(), build, resolver, false);
            for (ComponentSpec p : build.provisioners()) {
                component(out, "  ", "provisioner", p, build, resolver, true);
            }
            if (build.errorCleanupProvisioner() != null) {
                component(out, "  ", "error-cleanup", build.errorCleanupProvisioner(), build, resolver, true);
            }
            for (List<ComponentSpec> chain : build.postProcessors()) {
                out.append("  chain\n");
                for (ComponentSpec pp : chain) {
                    component(out, "    ", "post-processor", pp, build, resolver, false);
                }
            }
        }
        return out.toString();
    }

    private static void component(StringBuilder out, String indent, String label, ComponentSpec c, BuildSpec build,
                                  ConfigResolver resolver, boolean settings) {
        out.append(indent).append(label).append(' ').append(c.type()).append(" '").append(c.name()).append("' ")
                .append(c.path()).append(' ').append(c.position());
        if (settings) {
            List<TemplateProblem> problems = new ArrayList<>();
            RuntimeSettings s = resolver.settings(c, build, problems);
            assertThat(problems).isEmpty();
            if (!s.equals(RuntimeSettings.NONE)) {
                out.append(" pause ").append(s.pauseBefore().toSeconds()).append("s timeout ")
                        .append(s.timeout().toSeconds()).append("s retries ").append(s.maxRetries());
            }
        }
        if (c.keepInputArtifact() != null) {
            out.append(" keep ").append(c.keepInputArtifact());
        }
        if (!c.only().isEmpty()) {
            out.append(" only ").append(c.only());
        }
        if (!c.except().isEmpty()) {
            out.append(" except ").append(c.except());
        }
        out.append('\n');
        if (!c.appliesTo(build.name())) {
            return; // the planner does not resolve what the build leaves out
        }
        ResolvedConfig resolved = resolver.resolve(c, build);
        assertThat(resolved.problems()).isEmpty();
        assertThat(resolved.component()).isSameAs(c);
        out.append(indent).append("  ").append(resolved.tree()).append('\n');
        List<String> positions = new ArrayList<>();
        paths(resolved.tree(), JsonPointer.empty(), positions, resolved);
        if (!positions.isEmpty()) {
            out.append(indent).append("  ").append(String.join("  ", positions)).append('\n');
        }
    }

    private static void paths(JsonNode node, JsonPointer at, List<String> out, ResolvedConfig resolved) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                JsonPointer child = at.appendProperty(e.getKey());
                out.add(child + " " + resolved.positions().at(child));
                paths(e.getValue(), child, out, resolved);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonPointer child = at.appendIndex(i);
                out.add(child + " " + resolved.positions().at(child));
                paths(node.get(i), child, out, resolved);
            }
        }
    }
}
