package dev.kiln.runtime.frontend.hcl.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bodies, attributes, blocks and comments (spec: Structural Elements, Comments and Whitespace). */
class HclStructureTest {

    static Stream<Arguments> files() {
        return HclExpressionTest.rows("""
                                                            |
                ↵↵                                          |
                # only a comment                            |
                a = 1                                       | a = 1
                a = 1↵                                      | a = 1
                a = 1↵b = "x"↵                              | a = 1; b = "x"
                a = 1␍↵b = 2␍↵                              | a = 1; b = 2
                a=1                                         | a = 1
                b {}                                        | b {}
                b {↵}↵                                      | b {}
                b "l1" l2 {↵  a = 1↵}↵                      | b "l1" "l2" { a = 1 }
                b "l\\"q" {}                                | b "l\\"q" {}
                b "" {}                                     | b "" {}
                a { b = "foo" }                             | a { b = "foo" }
                a { b = [1, 2] }↵c = 3                      | c = 3; a { b = (tuple 1 2) }
                a {↵  b {↵    c = 1↵  }↵  d = 2↵}↵          | a { d = 2; b { c = 1 } }
                # hash↵a = 1 # trailing↵// slash↵b = 2      | a = 1; b = 2
                /* multi↵line */ b = 2                      | b = 2
                a = 1 /* inline */ + 2                      | a = (+ 1 2)
                a = 1 // comment                            | a = 1
                a = [↵  1, # one↵  2, // two↵]              | a = (tuple 1 2)
                a = {↵  b = 1 # x↵  c = 2↵}                 | a = (object ("b" 1) ("c" 2))
                x = <<EOT↵hi↵EOT↵y = 2                      | x = "hi\\n"; y = 2
                x = <<-EOT↵  hi↵  EOT↵y = 2                 | x = "hi\\n"; y = 2
                x = [<<EOT↵a↵EOT↵, "b"]                     | x = (tuple "a\\n" "b")
                x = f(<<EOT↵a↵EOT↵)                         | x = (call f "a\\n")
                x = "${<<EOT↵a↵EOT↵}"                       | x = (wrap "a\\n")
                ﻿a = 1                                      | a = 1
                """);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void parsesTo(String source, String expected) {
        ParseResult r = HclParser.parseFile("t.hcl", source);
        assertThat(r.diagnostics()).as("diagnostics").isEmpty();
        assertThat(AstPrinter.print(r.body())).isEqualTo(expected);
    }

    static Stream<Arguments> errors() {
        return HclExpressionTest.rows("""
                a = "a value", b = "b value"              | Missing newline after argument@1,14-1,15
                a {                                       | Unclosed configuration block@1,3-1,4
                a = 1↵a = 2                               | Attribute redefined@2,1-2,2
                a = 1↵b = 2↵a = 3                         | Attribute redefined@3,1-3,2
                1 = 2                                     | Argument or block definition required@1,1-1,2
                a                                         | Argument or block definition required@1,2-1,2
                a ↵b = 1                                  | Argument or block definition required@1,3-2,1
                a b c↵d = 1                               | Invalid block definition@1,6-2,1
                a { b = 1, c = 2 }                        | Only one argument is allowed in a single-line block
                                          +| definition@1,10-1,11
                a { b = 1↵}                               | Invalid single-argument block definition@1,10-2,1
                a { d {} }                                | Invalid single-argument block definition@1,5-1,8
                a { d "x" {} }                            | Invalid single-argument block definition@1,5-1,12
                a {} b = 1                                | Missing newline after block definition@1,6-1,7
                b {↵a = 1 }                               | Missing newline after argument@2,7-2,8
                }                                         | Argument or block definition required@1,1-1,2
                a = ;                                     | Invalid character@1,5-1,6, Missing expression@1,6-1,6
                a = 'x'                                   | Invalid character@1,5-1,6, Invalid character@1,7-1,8
                a = 1 & 2                                 | Unsupported operator@1,7-1,8, Missing newline after
                                          +| argument@1,9-1,10
                a = `x`                                   | Invalid character@1,5-1,6, Invalid character@1,7-1,8
                a = "abc                                  | Unterminated template string@1,9-1,9
                a = "abc↵b = 1                            | Invalid multi-line string@1,9-2,1
                a = <<EOT↵foo↵                            | Unterminated template string@1,5-2,1
                /* abc                                    | Unterminated multi-line comment@1,1-1,3
                a = "\\q"                                 | Invalid escape sequence@1,6-1,8
                a = "\\u12"                               | Invalid escape sequence@1,6-1,10
                a = "\\UD800D800"                         | Invalid escape sequence@1,6-1,16
                a = "\\ud800"                             | Invalid escape sequence@1,6-1,12
                a = 1 +↵b = 2                             | Invalid expression@1,8-2,1
                a = [1 2]                                 | Missing item separator@1,8-1,9
                a = {b = 1 c = 2}                         | Missing attribute separator@1,12-1,13
                a = {b}                                   | Missing key/value separator@1,7-1,8
                a = f(1 2)                                | Missing argument separator@1,9-1,10
                a = f(x..., y)                            | Missing closing parenthesis@1,11-1,12
                a = f(1                                   | Unterminated function call@1,5-1,7
                a = (1                                    | Unbalanced parentheses@1,7-1,7
                a = [1                                    | Unterminated tuple constructor expression@1,5-1,6
                a = x.                                    | Invalid attribute name@1,7-1,7
                a = x.*.*                                 | Nested splat expression not allowed@1,9-1,10
                a = x[*                                   | Missing close bracket on splat index@1,8-1,8
                a = x[1                                   | Missing close bracket on index@1,8-1,8
                a = x.0.1                                 | Invalid legacy index syntax@1,7-1,10
                a = 1 ? 2                                 | Missing false expression in conditional@1,10-1,10
                a = "${a b}"                              | Extra characters after interpolation expression@1,10-1,11
                a = "${a"                                 | Unclosed template interpolation sequence@1,6-1,8
                a = "${a                                  | Unclosed template interpolation sequence@1,6-1,8
                a = "${a:b}"                              | Extra characters after interpolation expression@1,9-1,10
                a = "%{if x}y"                            | Unterminated template directive@1,6-1,13
                a = "%{endif}"                            | Unexpected endif directive@1,6-1,14
                a = "%{for x}y%{endfor}"                  | Invalid 'for' directive@1,13-1,14
                a = "%{ bogus }"                          | Invalid template control keyword@1,9-1,14
                a = "%{ 1 }"                              | Invalid template directive@1,9-1,10
                a = "%{if x y}%{endif}"                   | Extra characters in if marker@1,13-1,14
                a = [for x in y]                          | Invalid 'for' expression@1,16-1,17
                a = [for in y: x]                         | Invalid 'for' expression@1,13-1,14
                a = [for x y: x]                          | Invalid 'for' expression@1,12-1,13
                a = {for x in y: x}                       | Invalid 'for' expression@1,19-1,20
                a = [for x in y: x...]                    | Invalid 'for' expression@1,19-1,22
                a = [for x in y: x if x z]                | Invalid 'for' expression@1,25-1,26
                a { b = "${x}" }↵c "${d}" {}              | Invalid string literal@2,4-2,6
                a = 1.2.3                                 | Invalid number literal@1,5-1,10
                a = 1↵b =                                 | Missing expression@2,4-2,4
                blah {                                    | Unclosed configuration block@1,6-1,7
                blah { a = 1                              | Unclosed configuration block@1,6-1,7
                foo = { a = 1                             | Unterminated object constructor expression@1,7-1,8
                foo = { a                                 | Unterminated object constructor expression@1,7-1,8
                foo = [ a                                 | Unterminated tuple constructor expression@1,7-1,8
                foo = boop("a"                            | Unterminated function call@1,7-1,12
                foo = (1                                  | Unbalanced parentheses@1,9-1,9
                foo = "${a                                | Unclosed template interpolation sequence@1,8-1,10
                foo = "${a"                               | Unclosed template interpolation sequence@1,8-1,10
                foo = "${a}                               | Unterminated template string@1,12-1,12
                foo = {                                   | Missing expression@1,8-1,8
                foo = [                                   | Missing expression@1,8-1,8
                foo = foo(                                | Missing expression@1,11-1,11
                a = "\\uu2022"                            | Invalid escape sequence@1,6-1,8
                a = "\\U2022"                             | Invalid escape sequence@1,6-1,12
                a = "\\U00300000"                         | Invalid escape sequence@1,6-1,16
                block {}block {}                          | Missing newline after block definition@1,9-1,14
                a = { b = c. }                            | Invalid attribute name@1,14-1,15
                a = [[1]].0.0                             | Invalid legacy index syntax@1,11-1,14
                a = true true                             | Missing newline after argument@1,10-1,14
                a = [for k, v in m: k => v]               | Invalid 'for' expression@1,23-1,25
                a = object({ foo = })                     | Invalid expression@1,20-1,21
                """);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void reports(String source, String expected) {
        ParseResult r = HclParser.parseFile("t.hcl", source);
        assertThat(brief(r.diagnostics())).isEqualTo(expected);
    }

    @Test
    void continuesAfterBadAttributesAndReportsEveryError() {
        String src = "a = [1 2]\nb = {c = }\nc = f(1 2)\nd = 3\ne { f = g h }\nh = ;\ni = 4\n";
        ParseResult r = HclParser.parseFile("t.hcl", src);
        assertThat(brief(r.diagnostics())).isEqualTo("Missing item separator@1,8-1,9, "
                + "Invalid expression@2,10-2,11, Missing argument separator@3,9-3,10, "
                + "Invalid single-argument block definition@5,11-5,12, Invalid character@6,5-6,6, "
                + "Invalid expression@6,6-7,1");
        assertThat(r.body().attribute("d").expression()).hasToString(
                new Expression.NumberLit("3", r.body().attribute("d").expression().range()).toString());
        assertThat(r.body().attribute("i")).isNotNull();
        assertThat(r.body().blocks("e")).hasSize(1);
    }

    @Test
    void recoversInsideNestedBlocks() {
        String src = """
                source "docker" "a" {
                  image = [1 2]
                  commit = true
                  tags = f(
                }
                build {
                  x =
                  provisioner "shell" { inline = ["a" }
                  y = 1
                }
                """;
        ParseResult r = HclParser.parseFile("n.hcl", src);
        assertThat(brief(r.diagnostics())).isEqualTo("Missing item separator@2,14-2,15, "
                + "Invalid expression@5,1-5,2, Invalid expression@7,6-8,1, Missing item separator@8,39-8,40");
        assertThat(AstPrinter.print(r.body())).isEqualTo("source \"docker\" \"a\" { image = (tuple 1); "
                + "commit = true; tags = (call f <invalid>) }; build { x = <invalid>; y = 1; "
                + "provisioner \"shell\" { inline = (tuple \"a\") } }");
    }

    @Test
    void keepsPositionsOfNodes() {
        String src = "build {\n  name = \"x-${var.v}\"\n}\n";
        ParseResult r = HclParser.parseFile("b.pkr.hcl", src);
        Block build = r.body().blocks().get(0);
        Attribute name = build.body().attribute("name");
        assertThat(build.range()).hasToString("b.pkr.hcl:1,1-3,2");
        assertThat(build.typeRange()).hasToString("b.pkr.hcl:1,1-6");
        assertThat(build.openBraceRange()).hasToString("b.pkr.hcl:1,7-8");
        assertThat(name.nameRange()).hasToString("b.pkr.hcl:2,3-7");
        assertThat(name.range()).hasToString("b.pkr.hcl:2,3-22");
        assertThat(r.file().text(name.expression().range())).isEqualTo("\"x-${var.v}\"");
        Expression.ScopeTraversal v = Variables.of(name.expression()).get(0);
        assertThat(r.file().text(v.range())).isEqualTo("var.v");
        assertThat(v.range().start()).isEqualTo(new Pos(2, 15, 22));
        assertThat(r.file().contextAt(v.range().start().byteOffset())).isEqualTo("build");
    }

    @Test
    void countsColumnsInCharactersAndBytesInUtf8() {
        ParseResult r = HclParser.parseFile("u.hcl",
                "a = \"ЖЖ\uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u200D\uD83D\uDC66e\u0301\" + x");
        Expression.Binary b = (Expression.Binary) r.body().attribute("a").expression();
        // Ж is 2 bytes, the family emoji one column of 25 bytes, e + combining acute one column of 3 bytes
        assertThat(b.rhs().range().start()).isEqualTo(new Pos(1, 14, 41));
        // two flags, each a pair of regional indicators (8 bytes, one column)
        ParseResult flags = HclParser.parseFile("f.hcl",
                "a = \"\uD83C\uDDE9\uD83C\uDDEA\uD83C\uDDEB\uD83C\uDDF7\" + y");
        Expression.Binary fb = (Expression.Binary) flags.body().attribute("a").expression();
        assertThat(fb.rhs().range().start()).isEqualTo(new Pos(1, 12, 25));
    }

    static String brief(List<Diagnostic> diags) {
        return diags.stream().map(d -> d.summary() + "@" + d.subject().start().line() + ","
                + d.subject().start().column() + "-" + d.subject().end().line() + "," + d.subject().end().column())
                .collect(Collectors.joining(", "));
    }
}
