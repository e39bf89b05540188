package dev.kiln.runtime.frontend.hcl.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HclDiagnosticRendererTest {
    private static final String SRC = """
            source "docker" "x" {
              image = "a"
              image = "b"
            }
            build {
              sources = [
                "source.docker.x"
                "source.docker.y"
              ]
            }
            """;

    @Test
    void printsSummaryFileLineBlockHeaderSourceLineWithTheSubjectMarkedAndDetail() {
        ParseResult r = HclParser.parseFile("t.pkr.hcl", SRC);
        String out = DiagnosticRenderer.plain(Map.of("t.pkr.hcl", r.file())).render(r.diagnostics());
        assertThat(out).isEqualTo("""
                Error: Attribute redefined

                  on t.pkr.hcl line 3, in source "docker" "x":
                   3:   image = "b"
                        ^^^^^

                The argument "image" was already set at t.pkr.hcl:2,3-8. Each argument may be set only once.

                Error: Missing item separator

                  on t.pkr.hcl line 8, in build:
                   8:     "source.docker.y"
                          ^

                Expected a comma to mark the beginning of the next item.

                """);
    }

    @Test
    void highlightsTheSubjectWithColour() {
        ParseResult r = HclParser.parseFile("t.pkr.hcl", SRC);
        String out = new DiagnosticRenderer(Map.of("t.pkr.hcl", r.file()), true, 0).render(r.diagnostics().get(0));
        assertThat(out).startsWith("\u001b[31mError\u001b[0m: Attribute redefined\n\n")
                .contains("   3:   \u001b[1;4mimage\u001b[0m = \"b\"\n");
    }

    @Test
    void showsEveryLineOfAMultiLineSubjectAndOfTheContext() {
        byte[] src = "a = 1\nb = [\n  1,\n]\nc = 2\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HclFile file = HclParser.parseFile("m.hcl", src).file();
        Range b = file.body().attribute("b").expression().range();
        Range one = file.body().attribute("a").expression().range();
        Diagnostic d = new Diagnostic(Severity.WARNING, "Look", "", b, one);
        assertThat(DiagnosticRenderer.plain(Map.of("m.hcl", file)).render(d)).isEqualTo("""
                Warning: Look

                  on m.hcl line 2:
                   1: a = 1
                   2: b = [
                          ^
                   3:   1,
                      ^^^^
                   4: ]
                      ^

                """);
    }

    @Test
    void anEmptySubjectStillShowsItsLine() {
        ParseResult r = HclParser.parseFile("e.hcl", "x = 1\ny =\n");
        assertThat(DiagnosticRenderer.plain(Map.of("e.hcl", r.file())).render(r.diagnostics())).isEqualTo("""
                Error: Invalid expression

                  on e.hcl line 2:
                   2: y =
                         ^

                Expected the start of an expression, but found an invalid expression token.

                """);
    }

    @Test
    void namesFileAndLineEvenWithoutTheSource() {
        Pos p = new Pos(4, 2, 30);
        Diagnostic d = Diagnostic.error("Unset variable \"x\"", "Set it.", new Range("vars.pkr.hcl", p, p));
        assertThat(DiagnosticRenderer.plain(Map.of()).render(List.of(d))).isEqualTo("""
                Error: Unset variable "x"

                  on vars.pkr.hcl line 4:
                  (source code not available)

                Set it.

                """);
    }

    @Test
    void writesControlCharactersOfTheSourceAndTheTextsAsEscapes() {
        ParseResult r = HclParser.parseFile("c.hcl", "x = \"a\u001b[2Jb\" + 1\n");
        Range subject = r.file().body().attribute("x").expression().range();
        Diagnostic d = Diagnostic.error("Bad \u001b[31m", "Line one\nline \u0007two.", subject);
        assertThat(DiagnosticRenderer.plain(Map.of("c.hcl", r.file())).render(d)).isEqualTo("""
                Error: Bad \\u001b[31m

                  on c.hcl line 1:
                   1: x = "a\\u001b[2Jb" + 1
                          ^^^^^^^^^^^^^^^^^

                Line one
                line \\u0007two.

                """);
    }

    @Test
    void wrapsTheDetail() {
        assertThat(DiagnosticRenderer.wrap("one two three four\n\nfive", 9)).isEqualTo("one two\nthree\nfour\n\nfive");
        assertThat(DiagnosticRenderer.wrap("a {\n  b = 1\n}", 9)).isEqualTo("a {\n  b = 1\n}");
        assertThat(DiagnosticRenderer.wrap("ab  cd  averyverylongword e", 9)).isEqualTo("ab  cd\naveryverylongword\ne");
    }
}
