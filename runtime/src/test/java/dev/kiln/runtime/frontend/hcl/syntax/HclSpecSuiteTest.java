package dev.kiln.runtime.frontend.hcl.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cases of hcl's {@code specsuite/tests}, written anew here with the same shapes (so the same positions), plus a
 * runner for the official files when {@code -Dhcl.specsuite=DIR} (or {@code HCL_SPECSUITE}) names a checkout's
 * {@code specsuite/tests} directory.
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

    @Test
    void officialSpecSuiteFiles() throws IOException {
        String dir = System.getProperty("hcl.specsuite", System.getenv("HCL_SPECSUITE"));
        assumeTrue(dir != null && Files.isDirectory(Path.of(dir)), "set -Dhcl.specsuite to run the official files");
        List<Path> hcls;
        try (Stream<Path> s = Files.walk(Path.of(dir))) {
            hcls = s.filter(p -> p.toString().endsWith(".hcl")).sorted().toList();
        }
        assertThat(hcls).isNotEmpty();
        List<String> problems = new ArrayList<>();
        for (Path hcl : hcls) {
            Path t = Path.of(hcl.toString().replaceAll("\\.hcl$", ".t"));
            String expected = Files.exists(t) ? expectedRanges(t) : "";
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
    }

    /** The from/to positions of the .t file's diagnostics blocks, read with this parser. */
    private static String expectedRanges(Path t) throws IOException {
        ParseResult r = HclParser.parseFile(t.toString(), Files.readAllBytes(t));
        assertThat(r.diagnostics()).as("diagnostics of %s", t).isEmpty();
        List<String> out = new ArrayList<>();
        for (Block diags : r.body().blocks("diagnostics")) {
            for (Block d : diags.body().blocks()) {
                out.add(pos(d.body().blocks("from").get(0)) + "-" + pos(d.body().blocks("to").get(0)));
            }
        }
        return String.join(" ", out);
    }

    private static String pos(Block b) {
        return num(b, "line") + "," + num(b, "column") + "," + num(b, "byte");
    }

    private static String num(Block b, String name) {
        return ((Expression.NumberLit) b.body().attribute(name).expression()).text();
    }

    private static String ranges(List<Diagnostic> diags) {
        return diags.stream().filter(Diagnostic::isError).map(d -> {
            Pos s = d.subject().start();
            Pos e = d.subject().end();
            return s.line() + "," + s.column() + "," + s.byteOffset() + "-" + e.line() + "," + e.column() + ","
                    + e.byteOffset();
        }).collect(Collectors.joining(" "));
    }
}
