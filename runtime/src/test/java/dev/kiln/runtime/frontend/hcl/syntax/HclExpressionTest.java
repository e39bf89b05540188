package dev.kiln.runtime.frontend.hcl.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Expression shapes, one table per section of hclsyntax/spec.md; each row is source, then the printed tree. */
class HclExpressionTest {

    static Stream<Arguments> literals() {
        return rows("""
                1                         | 1
                1.5                       | 1.5
                1e10                      | 1e10
                2.5E-3                    | 2.5E-3
                007                       | 007
                true                      | true
                false                     | false
                null                      | null
                "hello"                   | "hello"
                ""                        | ""
                "ЖЖ"                      | "ЖЖ"
                """);
    }

    static Stream<Arguments> collections() {
        return rows("""
                []                        | (tuple)
                [1, 2, 3]                 | (tuple 1 2 3)
                [1, 2,]                   | (tuple 1 2)
                [↵1,↵2↵]            | (tuple 1 2)
                [[1], []]                 | (tuple (tuple 1) (tuple))
                {}                        | (object)
                {a = 1}                   | (object ("a" 1))
                {a = 1, b = 2}            | (object ("a" 1) ("b" 2))
                {a = 1, b = 2,}           | (object ("a" 1) ("b" 2))
                {↵ a = 1↵ b = 2↵}   | (object ("a" 1) ("b" 2))
                {"k": 1}                  | (object ("k" 1))
                {"k" = 1}                 | (object ("k" 1))
                {(k) = 1}                 | (object ((paren k) 1))
                {"${k}" = 1}              | (object ((wrap k) 1))
                {a.b = 1}                 | (object (a.b 1))
                {true = 1}                | (object ("true" 1))
                {a = {b = [1]}}           | (object ("a" (object ("b" (tuple 1)))))
                {15: "yes"}               | (object (15 "yes"))
                {[]: "yes"}               | (object ((tuple) "yes"))
                {"centos_7.2_ap-south-1" = "ami-abc123"} | (object ("centos_7.2_ap-south-1" "ami-abc123"))
                """);
    }

    static Stream<Arguments> operators() {
        return rows("""
                1 + 2                     | (+ 1 2)
                1 + 2 * 3                 | (+ 1 (* 2 3))
                1 * 2 + 3                 | (+ (* 1 2) 3)
                1 - 2 - 3                 | (- (- 1 2) 3)
                8 / 4 / 2                 | (/ (/ 8 4) 2)
                7 % 3 * 2                 | (* (% 7 3) 2)
                (1 + 2) * 3               | (* (paren (+ 1 2)) 3)
                a < b == c > d            | (== (< a b) (> c d))
                a <= b != c >= d          | (!= (<= a b) (>= c d))
                a || b && c               | (|| a (&& b c))
                a && b || c && d          | (|| (&& a b) (&& c d))
                a == b && c != d          | (&& (== a b) (!= c d))
                1 + 2 < 3 * 4             | (< (+ 1 2) (* 3 4))
                -1                        | (- 1)
                -a.b                      | (- a.b)
                !a                        | (! a)
                !!a                       | (! (! a))
                -1 + 2                    | (+ (- 1) 2)
                1 - -2                    | (- 1 (- 2))
                !a && b                   | (&& (! a) b)
                (a)                       | (paren a)
                (↵1↵+↵2↵)         | (paren (+ 1 2))
                """);
    }

    static Stream<Arguments> conditionals() {
        return rows("""
                a ? b : c                 | (? a b c)
                a ? b : c ? d : e         | (? a b (? c d e))
                a || b ? 1 + 2 : 3        | (? (|| a b) (+ 1 2) 3)
                a ? b ? c : d : e         | (? a (? b c d) e)
                (a↵?↵b↵:↵c)               | (paren (? a b c))
                a == null ? [] : a        | (? (== a null) (tuple) a)
                !a ? -1 : f(a)[0]         | (? (! a) (- 1) (rel (call f a) [0]))
                """);
    }

    static Stream<Arguments> unwrapping() {
        return rows("""
                "${true}"                              | (wrap true)
                "${"${true}"}"                         | (wrap (wrap true))
                "hello ${true}"                        | (tmpl "hello " ${true})
                "${""}${true}"                         | (tmpl ${""} ${true})
                "%{ for v in [true] }${v}%{ endfor }"  | (tmpl (%for _ v (tuple true) (tmpl ${v})))
                "${ var.list }"                        | (wrap var.list)
                "${~ x ~}"                             | (wrap x)
                """);
    }

    static Stream<Arguments> traversals() {
        return rows("""
                a                         | a
                a.b                       | a.b
                a.b.c                     | a.b.c
                a[0]                      | a[0]
                a["k"]                    | a["k"]
                a[true]                   | a[true]
                a.0                       | a.0
                a.0.b                     | a.0.b
                a.b[1].c                  | a.b[1].c
                a[b]                      | (index a b)
                a[b].c                    | (rel (index a b) .c)
                a["${b}"]                 | (index a (wrap b))
                a[1 + 1]                  | (index a (+ 1 1))
                a[-1]                     | (index a (- 1))
                f(x).y                    | (rel (call f x) .y)
                f(x)[0]                   | (rel (call f x) [0])
                [1, 2][0]                 | (rel (tuple 1 2) [0])
                {a = 1}.a                 | (rel (object ("a" 1)) .a)
                "s".x                     | (rel "s" .x)
                (a).b                     | (rel (paren a) .b)
                a-b                       | a-b
                a - b                     | (- a b)
                var.foo-bar               | var.foo-bar
                _x                        | _x
                ünïcode                   | ünïcode
                a[↵0↵]                | a[0]
                """);
    }

    static Stream<Arguments> splats() {
        return rows("""
                a[*]                      | (splat[*] a *)
                a.*                       | (splat.* a *)
                a[*].b                    | (splat[*] a (rel * .b))
                a.*.b                     | (splat.* a (rel * .b))
                a[*].b.c                  | (splat[*] a (rel * .b.c))
                a.*.b.c                   | (splat.* a (rel * .b.c))
                a[*].b[0]                 | (splat[*] a (rel * .b[0]))
                a.*.b[0]                  | (rel (splat.* a (rel * .b)) [0])
                a.*.0                     | (splat.* a (rel * .0))
                a[*][0]                   | (splat[*] a (rel * [0]))
                a[*].b[x]                 | (splat[*] a (index (rel * .b) x))
                a.b[*].c                  | (splat[*] a.b (rel * .c))
                f()[*].id                 | (splat[*] (call f) (rel * .id))
                a[*].b[*].c               | (splat[*] a (splat[*] (rel * .b) (rel * .c)))
                "hello".*                 | (splat.* "hello" *)
                x.*.0.name                | (splat.* x (rel * .0.name))
                objs[*].scalar[*]         | (splat[*] objs (splat[*] (rel * .scalar) *))
                null[*]                   | (splat[*] null *)
                """);
    }

    static Stream<Arguments> functionCalls() {
        return rows("""
                f()                       | (call f)
                f(1)                      | (call f 1)
                f(1, 2)                   | (call f 1 2)
                f(1, 2,)                  | (call f 1 2)
                f(a...)                   | (call f a ...)
                f(1, a...)                | (call f 1 a ...)
                f(↵1,↵2↵)           | (call f 1 2)
                upper(lower("A"))         | (call upper (call lower "A"))
                f() /* variadic */        | (call f)
                f(x) && true              | (&& (call f x) true)
                f([]...)                  | (call f (tuple) ...)
                f(g(x)...)                | (call f (call g x) ...)
                """);
    }

    static Stream<Arguments> forExpressions() {
        return rows("""
                [for v in l: v]                        | (for _ v l v)
                [for i, v in l: v]                     | (for i v l v)
                [for v in l: v if v]                   | (for _ v l v if v)
                [for v in l: v * 2 if v > 1]           | (for _ v l (* v 2) if (> v 1))
                {for k, v in m: k => v}                | (for k v m k => v)
                {for k, v in m: v => k...}             | (for k v m v => k ...)
                {for k, v in m: k => v... if v}        | (for k v m k => v ... if v)
                {for v in l: v => upper(v)}            | (for _ v l v => (call upper v))
                [↵for v in l:↵v↵]                | (for _ v l v)
                {↵for k, v in m:↵k => v↵}        | (for k v m k => v)
                [for v in [for x in y: x]: v]          | (for _ v (for _ x y x) v)
                {for i, v in l: v => i... if i <= 2}   | (for i v l v => i ... if (<= i 2))
                [for v in "hello": v]                  | (for _ v "hello" v)
                """);
    }

    static Stream<Arguments> templates() {
        return rows("""
                "a${b}c"                               | (tmpl "a" ${b} "c")
                "${a}${b}"                             | (tmpl ${a} ${b})
                "${a}"                                 | (wrap a)
                "${"${a}"}"                            | (wrap (wrap a))
                "x ${a}"                               | (tmpl "x " ${a})
                "${""}${true}"                         | (tmpl ${""} ${true})
                "${a + 1}"                             | (wrap (+ a 1))
                "${ {a = 1}.a }"                       | (wrap (rel (object ("a" 1)) .a))
                "%{if c}y%{endif}"                     | (tmpl (%if c (tmpl "y")))
                "%{if c}y%{else}n%{endif}"             | (tmpl (%if c (tmpl "y") (tmpl "n")))
                "%{ if c }%{ endif }"                  | (tmpl (%if c (tmpl "")))
                "%{for v in l}${v},%{endfor}"          | (tmpl (%for _ v l (tmpl ${v} ",")))
                "%{for k, v in m}${k}=${v} %{endfor}"  | (tmpl (%for k v m (tmpl ${k} "=" ${v} " ")))
                "%{ for v in [true] }${v}%{ endfor }"  | (tmpl (%for _ v (tuple true) (tmpl ${v})))
                "a%{if x}%{if y}b%{endif}%{endif}"     | (tmpl "a" (%if x (tmpl (%if y (tmpl "b")))))
                "$"                                    | "$"
                "%"                                    | "%"
                "$a"                                   | "$a"
                "100%"                                 | "100%"
                "$${a}"                                | "${a}"
                "%%{a}"                                | "%{a}"
                "$$${a}"                               | "$${a}"
                "$$"                                   | "$$"
                "${"}"}"                               | (wrap "}")
                "hello ${12.5}"                        | (tmpl "hello " ${12.5})
                "silly ${"${"nesting"}"}"              | (tmpl "silly " ${(wrap "nesting")})
                "hello `backtick` world"               | "hello `backtick` world"
                """);
    }

    static Stream<Arguments> stripMarkers() {
        return rows("""
                "hello ${~ "world" }"                  | (tmpl "hello" ${"world"})
                "a ${~b~} c"                           | (tmpl "a" ${b} "c")
                "a ${b~} c"                            | (tmpl "a " ${b} "c")
                "a  ${~b} c"                           | (tmpl "a" ${b} " c")
                "${"hello" ~}${" world"}"              | (tmpl ${"hello"} ${" world"})
                "%{ if true ~} hello %{~ endif }"      | (tmpl (%if true (tmpl "hello")))
                " ${~a}"                               | (tmpl "" ${a})
                "x\\t${~a}"                            | (tmpl "x" ${a})
                "%{ for v in l ~}\\n${v} \\n%{~ endfor}" | (tmpl (%for _ v l (tmpl "" ${v} "")))
                """);
    }

    static Stream<Arguments> escapes() {
        return rows("""
                "a\\nb"                                | "a\\nb"
                "a\\rb\\tc"                            | "a\\rb\\tc"
                "q\\"q"                                | "q\\"q"
                "b\\\\s"                               | "b\\\\s"
                "\\u00e9"                              | "é"
                "\\U0001F600"                          | "😀"
                "\\u0041\\u0042"                       | "AB"
                "$${x} %%{y}"                          | "${x} %{y}"
                "\\\\${x}"                             | (tmpl "\\\\" ${x})
                """);
    }

    static Stream<Arguments> heredocs() {
        return rows("""
                <<EOT↵hello↵EOT↵                           | "hello\\n"
                <<EOT↵hello↵world↵EOT↵                   | "hello\\nworld\\n"
                <<EOT↵  a↵    b↵  EOT↵                   | "  a\\n    b\\n"
                <<-EOT↵  a↵    b↵  EOT↵                  | "a\\n  b\\n"
                <<-EOT↵    a↵  b↵    c↵  EOT↵          | "  a\\nb\\n  c\\n"
                <<-EOT↵    a↵↵    b↵    EOT↵           | "a\\n\\nb\\n"
                <<-EOT↵⇥a↵  b↵  EOT↵                   | "a\\n b\\n"
                <<EOT↵x ${a} y↵EOT↵                        | (tmpl "x " ${a} " y\\n")
                <<-EOT↵    x↵    ${a}↵  EOT↵             | (tmpl "x\\n" ${a} "\\n")
                <<-EOT↵  x↵    ${a}↵  EOT↵               | (tmpl "x\\n  " ${a} "\\n")
                <<EOT↵  NOT EOT↵ EOT↵                      | "  NOT EOT\\n"
                <<EOT↵$${a} \\n↵EOT↵                   | "${a} \\\\n\\n"
                <<EOT↵EOT↵                                   | ""
                <<EOT␍↵hello␍↵EOT␍↵                  | "hello\\r\\n"
                <<EOT↵hello↵EOT                              | "hello\\n"
                <<EOT↵${a}↵EOT↵                            | (tmpl ${a} "\\n")
                """);
    }

    static Stream<Arguments> all() {
        return Stream.of(literals(), collections(), operators(), conditionals(), unwrapping(), traversals(), splats(),
                functionCalls(), forExpressions(), templates(), stripMarkers(), escapes(), heredocs()).flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void parsesTo(String source, String expected) {
        ExpressionResult r = HclParser.parseExpression("t.hcl", source);
        assertThat(r.diagnostics()).as("diagnostics of %s", source).isEmpty();
        assertThat(AstPrinter.print(r.expression())).isEqualTo(expected);
        assertRangesNest(r.expression(), source.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }

    static Stream<Arguments> standaloneTemplates() {
        return rows("""
                                                       | ""
                Hello, ${name}!                        | (tmpl "Hello, " ${name} "!")
                ${x}                                   | (wrap x)
                ${x}↵                                  | (tmpl ${x} "\\n")
                a↵b↵                                   | "a\\nb\\n"
                100% of $5 "quoted" \\n              | "100% of $5 \\"quoted\\" \\\\n"
                $${x} %%{y}                            | "${x} %{y}"
                %{ for s in list ~}↵- ${s}↵%{ endfor } | (tmpl (%for _ s list (tmpl "- " ${s} "\\n")))
                %{if a}A%{else}B%{endif}               | (tmpl (%if a (tmpl "A") (tmpl "B")))
                trailing $                             | "trailing $"
                """);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("standaloneTemplates")
    void parsesStandaloneTemplates(String source, String expected) {
        ExpressionResult r = HclParser.parseTemplate("t.tpl", source);
        assertThat(r.diagnostics()).as("diagnostics of %s", source).isEmpty();
        assertThat(AstPrinter.print(r.expression())).isEqualTo(expected);
        assertRangesNest(r.expression(), source.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rangeCases")
    void recordsTheRangeOfEveryNode(String source, String expected) {
        byte[] src = source.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ExpressionResult r = HclParser.parseExpression("r.hcl", src);
        StringBuilder sb = new StringBuilder();
        Variables.walk(r.expression(), e -> sb.append(sb.isEmpty() ? "" : " ").append('[')
                .append(e.range().text(src)).append(']'));
        assertThat(sb.toString()).isEqualTo(expected);
    }

    static Stream<Arguments> rangeCases() {
        return rows("""
                a.b[0] + f(x, "s")                     | [a.b[0] + f(x, "s")] [a.b[0]] [f(x, "s")] [x] ["s"]
                -x ? (y) : z                           | [-x ? (y) : z] [-x] [x] [(y)] [y] [z]
                l[*].n                                 | [l[*].n] [l] [[*].n] [[*]]
                o.*.n                                  | [o.*.n] [o] [.n] [.*]
                [for k, v in m: v if k]                | [[for k, v in m: v if k]] [m] [v] [k]
                { a = 1, (b) = 2 }                     | [{ a = 1, (b) = 2 }] [a] [1] [(b)] [b] [2]
                "x${y}%{if z}w%{endif}"                | ["x${y}%{if z}w%{endif}"] [y] [z] [w]
                m[k].a                                 | [m[k].a] [m[k]] [m] [k]
                """);
    }

    /** Every child's range lies within its parent's, and within the input. */
    static void assertRangesNest(Expression e, int length) {
        Range r = e.range();
        assertThat(r.start().byteOffset()).isBetween(0, r.end().byteOffset());
        assertThat(r.end().byteOffset()).isLessThanOrEqualTo(length);
        for (Expression c : e.children()) {
            if (!(c instanceof Expression.SplatItem) && !(e instanceof Expression.Splat)) {
                assertThat(c.range().start().byteOffset()).as("start of %s in %s", c, e)
                        .isGreaterThanOrEqualTo(r.start().byteOffset());
                assertThat(c.range().end().byteOffset()).as("end of %s in %s", c, e)
                        .isLessThanOrEqualTo(r.end().byteOffset());
            }
            assertRangesNest(c, length);
        }
    }

    /** Rows {@code source | expected}. */
    static Stream<Arguments> rows(String table) {
        // A line starting with "+|" continues the expected column of the line before it.
        String joined = table.replaceAll("\\n\\s*\\+\\|(?= )", "");
        return joined.lines().filter(l -> !l.isBlank()).map(l -> {
            int bar = l.endsWith(" |") ? l.length() - 2 : l.lastIndexOf(" | ");
            return Arguments.of(unescape(l.substring(0, bar).strip()), l.substring(Math.min(l.length(), bar + 3))
                    .strip());
        });
    }

    /** Real newlines, tabs and carriage returns are written ↵, ⇥ and ␍ in the source column. */
    static String unescape(String s) {
        return s.replace('↵', '\n').replace('⇥', '\t').replace('␍', '\r');
    }
}
