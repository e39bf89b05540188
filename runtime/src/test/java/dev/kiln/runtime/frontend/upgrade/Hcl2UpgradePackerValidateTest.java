package dev.kiln.runtime.frontend.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.runtime.frontend.PackerOracle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential check: {@code packer validate} 1.6.6 accepts every golden {@code .pkr.hcl}, except where a golden
 * uses what 1.6.6 lacks or its JSON twin fails too (see the goldens' README), and {@code packer fmt -check} finds
 * every one in its canonical layout. Skipped when Packer 1.6.6 is not on the PATH.
 */
class Hcl2UpgradePackerValidateTest {

    /** Golden name prefix to what 1.6.6's validate says, for the goldens it refuses. */
    private static final Map<String, String> EXPECTED_FAILURES = Map.of(
            "06", "Bad source 'app/'",                             // the JSON twin's file source is missing too
            "08", "There is no function named \"legacy_isotime\"",  // Packer 1.7+
            "10", "executing \"root\" at <upper>",                 // as in JSON: .Name | upper fails there too
            "12", "Inappropriate value for attribute \"custom_data\"", // manifest's custom_data is map(string)
            "13", "Blocks of type \"error-cleanup-provisioner\" are not expected here"); // Packer 1.7+

    private static final Map<String, List<String>> VARIABLES = Map.of(
            "03", List.of("-var", "registry=registry.example.com"), "04", List.of("-var", "api_token=t"));

    @TempDir Path dir;

    static List<String> goldens() throws Exception {
        return Hcl2UpgradeGoldenTest.templates().stream().map(n -> n.replace(".json", ".pkr.hcl")).toList();
    }

    @Test
    void packerFmtFindsEveryGoldenInItsLayout() throws Exception {
        PackerOracle.require();
        for (String golden : goldens()) {
            Files.copy(Hcl2UpgradeGoldenTest.folder().resolve(golden), dir.resolve(golden));
        }
        Process process = new ProcessBuilder(PackerOracle.require(), "fmt", "-check", "-diff", ".").directory(dir.toFile())
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(out).isZero();
        assertThat(out).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("goldens")
    void packerValidatesTheGolden(String golden) throws Exception {
        PackerOracle.require();
        Files.copy(Hcl2UpgradeGoldenTest.folder().resolve(golden), dir.resolve(golden));
        String prefix = golden.substring(0, 2);
        List<String> command = new ArrayList<>(List.of(PackerOracle.require(), "validate"));
        command.addAll(VARIABLES.getOrDefault(prefix, List.of()));
        command.add(golden);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("REGISTRY_PASSWORD", "secret");
        builder.environment().put("BASE_IMAGE", "alpine");
        builder.environment().put("CHECKPOINT_DISABLE", "1");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        if (EXPECTED_FAILURES.containsKey(prefix)) {
            assertThat(process.exitValue()).as(out).isEqualTo(1);
            assertThat(out.replaceAll("\\s+", " ")).contains(EXPECTED_FAILURES.get(prefix));
        } else {
            assertThat(process.exitValue()).as(out).isZero();
        }
    }
}
