package dev.kiln.runtime.frontend.hcl.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cases of hcl's {@code specsuite/tests}, written anew here with the same shapes (so the same positions), and the
 * official files themselves (test resources {@code hcl-specsuite/}, MPL-2.0; {@code -Dhcl.specsuite=DIR} or
 * {@code HCL_SPECSUITE} runs another checkout's {@code specsuite/tests} instead).
 */
class HclSpecSuiteTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("empty", "", ""),
                Arguments.of("comments/hash", "# A hash comment\nv = 1\n", ""),
                Arguments.of("comments/slash", "// A slash comment\nv = 1\n", ""),
                Arguments.of("comments/multiline", "/*\n  Several\n  lines\n*/\nv = 1\n", ""),
                Arguments.of("structure/attributes/expected", "p = \"p value\"\nq = \"q value\"\n", ""),
                Arguments.of("structure/attributes/singleline_bad", "p = \"p value\", q = \"q value\"\n",
                        "1,14,13-1,15,14"),
                Arguments.of("structure/blocks/single_empty_oneline", "x {}\n", ""),
                Arguments.of("structure/blocks/single_oneline", "x { p = \"one\" }\n", ""),
                Arguments.of("structure/blocks/single_expected", "x {\n  p = \"one\"\n}\n", ""),
                Arguments.of("structure/blocks/single_unclosed", "x {\n", "1,3,2-1,4,3"),
                Arguments.of("structure/blocks/single_oneline_invalid", """
                        x { p = "one", q = "two" }
                        x { p = "one"
                        }
                        x { p = "one"
                          q = "two" }
                        x { p = "one"
                          q = "two"
                        }
                        x { y {} }
                        """, "1,14,13-1,15,14 2,14,40-3,1,41 4,14,56-5,1,57 6,14,84-7,1,85 9,5,103-9,8,106"),
                Arguments.of("expressions/primitive_literals", """
                        whole = 5
                        fraction = 3.2
                        precise = 3.14159265358979323846264338327950288419716939937510582097494459
                        ascii = "hi"
                        bmp = "ЖЖ"
                        astral = "👩‍👩‍👧‍👦"
                        combining = "años"
                        true = true
                        false = false
                        null = null
                        """, ""),
                Arguments.of("expressions/operators", """
                        eq "==" {
                          e = "a" == "a"
                        }
                        ops {
                          add = 2 + 3.5
                          mod = 11 % 5.1
                          and = true && false || !true
                          cond = true ? "a" : "b"
                          cmp = 1 <= 2 != 2 > 1
                        }
                        """, ""),
                Arguments.of("expressions/heredoc", """
                        n = {
                          plain = <<EOT
                        Foo
                          NOT EOT
                        EOT
                          flush = <<-EOT
                            Foo
                              ${bar}
                          EOT
                          tabs = <<-EOT
                        \tFoo
                          Bar
                          EOT
                        }
                        """, ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void parsesLikeTheSpecSuite(String name, String source, String expectedRanges) {
        ParseResult r = HclParser.parseFile(name + ".hcl", source);
        assertThat(ranges(r.diagnostics())).isEqualTo(expectedRanges);
    }

    /** The official files, kept unchanged under their own licence in the test resources ({@code hcl-specsuite/}). */
    @Test
    void officialSpecSuiteFiles() throws IOException, URISyntaxException {
        String override = System.getProperty("hcl.specsuite", System.getenv("HCL_SPECSUITE"));
        Path dir = override != null ? Path.of(override)
                : Path.of(HclSpecSuiteTest.class.getResource("/hcl-specsuite/tests").toURI());
        List<Path> hcls;
        try (Stream<Path> s = Files.walk(dir)) {
            hcls = s.filter(p -> p.toString().endsWith(".hcl")).sorted().toList();
        }
        assertThat(hcls).hasSizeGreaterThanOrEqualTo(15);
        List<String> problems = new ArrayList<>();
        int expectedDiagnostics = 0;
        for (Path hcl : hcls) {
            Path t = Path.of(hcl.toString().replaceAll("\\.hcl$", ".t"));
            String expected = Files.exists(t) ? expectedRanges(t) : "";
            expectedDiagnostics += expected.isEmpty() ? 0 : expected.split(" ").length;
            // "unexpected" is a schema (hcldec) error, not a syntax error: the parser must accept the file.
            if (hcl.toString().endsWith("structure/attributes/unexpected.hcl")) {
                expected = "";
            }
            String actual = ranges(HclParser.parseFile(hcl.toString(), Files.readAllBytes(hcl)).diagnostics());
            if (!actual.equals(expected)) {
                problems.add(hcl + ": expected [" + expected + "] got [" + actual + "]");
            }
        }
        assertThat(problems).isEmpty();
        // the .t files are read with the parser under test: they must yield the suite's diagnostics, not nothing
        assertThat(expectedDiagnostics).as("diagnostics the .t files expect").isGreaterThanOrEqualTo(8);
    }

    /** The from/to positions of the .t file's diagnostics blocks, read with this parser. */
    private static String expectedRanges(Path t) throws IOException {
        ParseResult r = HclParser.parseFile(t.toString(), Files.readAllBytes(t));
        assertThat(r.diagnostics()).as("diagnostics of %s", t).isEmpty();
        return SpecSuiteRanges.expected(r.body().blocks("diagnostics"));
    }

    private static String ranges(List<Diagnostic> diags) {
        return SpecSuiteRanges.of(diags);
    }
}
