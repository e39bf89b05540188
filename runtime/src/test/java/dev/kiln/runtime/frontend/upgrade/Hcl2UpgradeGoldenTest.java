package dev.kiln.runtime.frontend.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.runtime.frontend.hcl.syntax.HclParser;
import dev.kiln.runtime.frontend.hcl.syntax.ParseResult;
import dev.kiln.runtime.frontend.json.TemplateParser;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each {@code golden/NAME.json} upgrades to exactly {@code golden/NAME.pkr.hcl}, which parses without diagnostics.
 * The goldens were reviewed line by line against {@code packer hcl2_upgrade} 1.6.6's output; {@code golden/README.md}
 * lists every deliberate difference. {@code -Dkiln.updateGoldens=true} rewrites them (then review the diff).
 */
class Hcl2UpgradeGoldenTest {

    private static final boolean UPDATE = Boolean.getBoolean("kiln.updateGoldens");

    static Path folder() throws URISyntaxException {
        return Path.of(Hcl2UpgradeGoldenTest.class.getResource("golden").toURI());
    }

    static List<String> templates() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(folder())) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("templates")
    void upgradesToTheGolden(String name) throws Exception {
        Path json = folder().resolve(name);
        String hcl = Hcl2Upgrade.convert(new TemplateParser().parse(Path.of(name),
                Files.readString(json, StandardCharsets.UTF_8)));

        String goldenName = name.replace(".json", ".pkr.hcl");
        if (UPDATE) {
            Path source = Path.of("src/test/resources/dev/kiln/runtime/frontend/upgrade/golden").resolve(goldenName);
            Files.writeString(source, hcl, StandardCharsets.UTF_8);
        }
        assertThat(hcl).isEqualTo(Files.readString(folder().resolve(goldenName), StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @MethodSource("templates")
    void everyOutputParsesWithoutDiagnostics(String name) throws Exception {
        String hcl = Hcl2Upgrade.convert(new TemplateParser().parse(folder().resolve(name)));

        ParseResult parsed = HclParser.parseFile(name + ".pkr.hcl", hcl);

        assertThat(parsed.diagnostics()).isEmpty();
        assertThat(parsed.body().blocks("build")).hasSize(1);
        assertThat(hcl.lines()).allSatisfy(line -> assertThat(line).doesNotEndWith(" ").doesNotContain("\t"));
    }

    @Test
    void thereAreAtLeastTwelveGoldensIncludingTheExamples() throws Exception {
        assertThat(templates()).hasSizeGreaterThanOrEqualTo(12).contains("01-alpine-nginx.json");
    }

    @Test
    void theExamplesGoldensAreTheExamples() throws Exception {
        Path examples = Path.of("../examples");
        assertThat(Files.readString(folder().resolve("01-alpine-nginx.json")))
                .isEqualTo(Files.readString(examples.resolve("alpine-nginx/template.json")));
        assertThat(Files.readString(folder().resolve("02-offline-busybox.json")))
                .isEqualTo(Files.readString(examples.resolve("offline-busybox/template.json")));
    }

    @Test
    void theCheckedInTwinOfTheWorkshopExampleIsItsUpgrade() throws Exception {
        Path example = Path.of("../examples/alpine-nginx");
        String hcl = Hcl2Upgrade.convert(new TemplateParser().parse(example.resolve("template.json")));

        assertThat(Files.readString(example.resolve("template.pkr.hcl"))).isEqualTo(hcl);
    }
}
