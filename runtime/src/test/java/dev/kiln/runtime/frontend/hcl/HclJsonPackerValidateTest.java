package dev.kiln.runtime.frontend.hcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.runtime.frontend.BuildModel;
import dev.kiln.runtime.frontend.PackerOracle;
import dev.kiln.runtime.frontend.TemplateException;
import dev.kiln.runtime.frontend.TemplateInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Differential check of HCL's JSON syntax against {@code packer validate} 1.6.6: what Packer accepts Kiln loads
 * without a problem, and what Packer refuses Kiln refuses on the same line. Skipped when Packer 1.6.6 is not on the
 * PATH, except in CI, which installs it.
 */
class HclJsonPackerValidateTest {

    @TempDir
    Path dir;

    private void copyFixtures() throws Exception {
        Path from = Path.of(Objects.requireNonNull(getClass().getResource("json-packer")).toURI());
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path to = dir.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
    }

    private String packerValidate(String template, int expectedExit) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(PackerOracle.require(), "validate", template).directory(dir.toFile())
                .redirectErrorStream(true);
        builder.environment().put("CHECKPOINT_DISABLE", "1");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isEqualTo(expectedExit);
        return out;
    }

    private BuildModel load(String template) {
        return new HclFrontEnd().load(new TemplateInput(Path.of(template), List.of(), Map.of(), dir,
                Instant.parse("2026-12-01T10:00:00Z"), "1.6.6"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"valid.pkr.json", "mixed"})
    void whatPackerValidatesKilnLoadsWithoutProblems(String template) throws Exception {
        PackerOracle.require();
        copyFixtures();
        packerValidate(template, 0);

        BuildModel model = load(template);

        assertThat(model.problems()).isEmpty();
        assertThat(model.builds()).isNotEmpty();
    }

    /** HCL var files before JSON ones, JSON var-file strings literal: {@code packer inspect} shows the values. */
    @Test
    void variableValuesFromBothKindsOfVarFilesAreThoseOfPacker() throws Exception {
        PackerOracle.require();
        Files.createDirectories(dir.resolve("f"));
        Files.writeString(dir.resolve("f/t.pkr.hcl"), """
                variable "a" { default = "default" }
                variable "b" { default = "default" }
                variable "c" { default = "default" }
                variable "note" { default = "default" }
                source "docker" "x" { image = "i" }
                build { sources = ["source.docker.x"] }
                """);
        Files.writeString(dir.resolve("f/x.auto.pkrvars.json"), "{\"a\": \"auto-json\", \"b\": \"auto-json\"}");
        Files.writeString(dir.resolve("f/y.auto.pkrvars.hcl"), "a = \"auto-hcl\"\nc = \"auto-hcl\"\n");
        Files.writeString(dir.resolve("v.pkrvars.json"), "{\"c\": \"file-json\", \"note\": \"${nope} %{x}\"}");
        Files.writeString(dir.resolve("w.pkrvars.hcl"), "a = \"file-hcl\"\nb = \"file-hcl\"\nc = \"file-hcl\"\n");
        ProcessBuilder builder = new ProcessBuilder(PackerOracle.require(), "inspect", "-var-file", "v.pkrvars.json", "-var-file",
                "w.pkrvars.hcl", "f").directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("CHECKPOINT_DISABLE", "1");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        Map<String, String> packerValues = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^var\\.(\\w+): \"(.*)\"$").matcher(out);
        while (m.find()) {
            packerValues.put(m.group(1), m.group(2));
        }

        BuildModel model = new HclFrontEnd().load(new TemplateInput(Path.of("f"), List.of(
                new TemplateInput.VariableInput.VarFile(Path.of("v.pkrvars.json")),
                new TemplateInput.VariableInput.VarFile(Path.of("w.pkrvars.hcl"))), Map.of(), dir,
                Instant.parse("2026-12-01T10:00:00Z"), "1.6.6"));

        assertThat(packerValues).as(out).hasSize(4).containsEntry("note", "${nope} %{x}");
        assertThat(new TreeMap<>(model.variableValues())).isEqualTo(packerValues);
    }

    @Test
    void whatPackerRefusesKilnRefusesOnTheSameLine() throws Exception {
        PackerOracle.require();
        copyFixtures();
        String out = packerValidate("invalid.pkr.json", 1);
        assertThat(out).contains("Missing block label");
        Matcher line = Pattern.compile("on invalid\\.pkr\\.json line (\\d+)").matcher(out);
        assertThat(line.find()).as(out).isTrue();

        assertThatThrownBy(() -> load("invalid.pkr.json")).isInstanceOf(TemplateException.class)
                .satisfies(e -> assertThat(((TemplateException) e).problems())
                        .anySatisfy(p -> {
                            assertThat(p.message()).startsWith("Missing block label");
                            assertThat(p.position().line()).isEqualTo(Integer.parseInt(line.group(1)));
                        }));
    }
}
