package dev.kiln.runtime.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.runtime.frontend.hcl.HclFrontEnd;
import dev.kiln.runtime.frontend.json.JsonFrontEnd;
import dev.kiln.runtime.session.KilnSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The components a template's syntax names, which decide the plugins loaded before the template is read. */
class TemplateComponentsTest {

    private static final FrontEnds FRONT_ENDS = FrontEnds.of(new JsonFrontEnd(), new HclFrontEnd());

    @TempDir Path dir;

    private static TemplateInput input(Path template) {
        return new TemplateInput(template.toAbsolutePath(), List.of(), Map.of(), Path.of("").toAbsolutePath(),
                Instant.EPOCH, "1.0.0");
    }

    private static Optional<Set<String>> components(Path template) {
        return FRONT_ENDS.choose(template).components(input(template));
    }

    static Stream<Path> examples() {
        return Stream.of("alpine-nginx/template.json", "alpine-nginx/template.pkr.hcl",
                "offline-busybox/template.json", "offline-busybox/template.pkr.hcl",
                "offline-busybox/json-syntax/template.pkr.json", "offline-busybox/json-syntax")
                .map(name -> Path.of("..", "examples").resolve(name));
    }

    @ParameterizedTest
    @MethodSource("examples")
    void theExamplesNameWhatReadingThemFinds(Path template) {
        assertThat(components(template)).contains(KilnSession.needs(FRONT_ENDS.load(input(template))));
    }

    @Test
    void aJsonTemplateNamesEveryBlockTypeAsWritten() throws Exception {
        Path template = Files.writeString(dir.resolve("t.json"), """
                {"variables": {"t": "docker"},
                 "builders": [{"type": "docker", "image": "{{user `t`}}"}, {"type": "acme-vm"}],
                 "provisioners": [{"type": "shell", "inline": ["true"]}, {"type": "file", "source": "a",
                                   "destination": "b"}],
                 "error-cleanup-provisioner": {"type": "shell-local", "inline": ["true"]},
                 "post-processors": ["docker-tag", [{"type": "docker-save", "path": "x"}, "checksum"]]}
                """);

        assertThat(components(template)).contains(Set.of("builder docker", "builder acme-vm", "provisioner shell",
                "provisioner file", "provisioner shell-local", "post-processor docker-tag",
                "post-processor docker-save", "post-processor checksum"));
    }

    @Test
    void anHclFolderNamesTheComponentsOfEveryFileAndSourcesNoBuildTakes() throws Exception {
        Files.writeString(dir.resolve("a.pkr.hcl"), """
                source "docker" "one" { image = "busybox" }
                source "acme-vm" "unused" {}
                """);
        Files.writeString(dir.resolve("b.pkr.hcl"), """
                build {
                  sources = ["source.docker.one"]
                  provisioner "shell" { inline = ["true"] }
                  error-cleanup-provisioner "shell-local" { inline = ["true"] }
                  post-processor "docker-tag" { repository = "x" }
                  post-processors {
                    post-processor "docker-save" { path = "x.tar" }
                    post-processor "checksum" {}
                  }
                }
                """);

        assertThat(components(dir)).contains(Set.of("builder docker", "builder acme-vm", "provisioner shell",
                "provisioner shell-local", "post-processor docker-tag", "post-processor docker-save",
                "post-processor checksum"));
    }

    @Test
    void aDynamicBlockInABuildOrASyntaxErrorLeavesItToTheRead() throws Exception {
        Path dynamic = Files.writeString(dir.resolve("dynamic.pkr.hcl"), """
                source "docker" "one" { image = "busybox" }
                build {
                  sources = ["source.docker.one"]
                  dynamic "provisioner" {
                    for_each = ["shell"]
                    labels   = [provisioner.value]
                    content { inline = ["true"] }
                  }
                }
                """);
        Path broken = Files.writeString(dir.resolve("broken.pkr.hcl"), "source \"docker\" {\n");
        Path brokenJson = Files.writeString(dir.resolve("broken.json"), "{\"builders\": [");

        assertThat(components(dynamic)).isEmpty();
        assertThat(components(broken)).isEmpty();
        assertThat(components(brokenJson)).isEmpty();
        assertThat(components(dir.resolve("missing.pkr.hcl"))).isEmpty();
    }
}
