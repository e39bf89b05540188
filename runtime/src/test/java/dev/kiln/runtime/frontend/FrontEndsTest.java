package dev.kiln.runtime.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.runtime.frontend.json.JsonFrontEnd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FrontEndsTest {

    private static final FrontEnds CHOOSER = FrontEnds.of(new JsonFrontEnd(), new UnsupportedHclFrontEnd());

    @TempDir Path dir;

    /**
     * File name → format. Packer 1.6.6 ({@code packer validate NAME}, tried on each) reads a {@code .pkr.hcl} or
     * {@code .pkr.json} file as HCL2 and everything else as JSON: {@code template.txt} holding JSON validates, and a
     * {@code .hcl} or {@code .PKR.HCL} file holding HCL fails with "Error parsing JSON" (the suffix is
     * case-sensitive). Kiln chooses the same way.
     */
    static Stream<Arguments> names() {
        return Stream.of(
                Arguments.of("template.json", "JSON"),
                Arguments.of("docker.pkr.json", "HCL2"),
                Arguments.of("docker.pkr.hcl", "HCL2"),
                Arguments.of("sub/dir/docker.pkr.hcl", "HCL2"),
                Arguments.of("template.txt", "JSON"),
                Arguments.of("template", "JSON"),
                Arguments.of("docker.hcl", "JSON"),
                Arguments.of("DOCKER.PKR.HCL", "JSON"),
                Arguments.of("pkr.hcl.json", "JSON"),
                Arguments.of("variables.pkrvars.hcl", "JSON"));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("names")
    void theFileNameChoosesTheFrontEnd(String name, String format) {
        Path file = dir.resolve(name);

        assertThat(CHOOSER.choose(file).format()).isEqualTo(format);
        assertThat(CHOOSER.all()).filteredOn(f -> f.accepts(file)).extracting(TemplateFrontEnd::format)
                .as("exactly one front end accepts %s", name).containsExactly(format);
    }

    @Test
    void aFolderIsHcl2WhateverItsName() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("template.json"));

        assertThat(CHOOSER.choose(folder).format()).isEqualTo("HCL2");
        assertThat(CHOOSER.choose(dir).format()).isEqualTo("HCL2");
    }

    @Test
    void theHcl2SlotReportsThatHcl2IsNotSupportedYetAtTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("docker.pkr.hcl"), "source \"docker\" \"x\" {\n  image = \"a\"\n}\n");

        assertThatThrownBy(() -> CHOOSER.load(input(file)))
                .isInstanceOfSatisfying(TemplateException.class, e -> assertThat(e.problems())
                        .singleElement().satisfies(p -> {
                            assertThat(p.position()).isEqualTo(SourcePosition.of(file.toString()));
                            assertThat(p).hasToString(file + ": HCL2 templates are not supported yet: " + file);
                        }));
    }

    @Test
    void theHcl2SlotTakesFoldersAndPkrJsonToo() throws Exception {
        Path json = Files.writeString(dir.resolve("docker.pkr.json"), "{\"builders\": [{\"type\": \"docker\"}]}");

        assertThatThrownBy(() -> CHOOSER.load(input(dir))).isInstanceOf(TemplateException.class)
                .hasMessage(dir + ": HCL2 templates are not supported yet: " + dir);
        assertThatThrownBy(() -> CHOOSER.load(input(json))).isInstanceOf(TemplateException.class)
                .hasMessage(json + ": HCL2 templates are not supported yet: " + json);
    }

    @Test
    void aTextFileHoldingJsonIsReadAsPackerJson() throws Exception {
        Path file = Files.writeString(dir.resolve("template.txt"), "{\"builders\": [{\"type\": \"docker\"}]}");

        BuildModel model = CHOOSER.load(input(file));

        assertThat(model.format()).isEqualTo("JSON");
        assertThat(model.buildNames()).containsExactly("docker");
    }

    private TemplateInput input(Path template) {
        return new TemplateInput(template, List.of(), Map.of(), dir, Instant.EPOCH, "0.1.0");
    }
}
