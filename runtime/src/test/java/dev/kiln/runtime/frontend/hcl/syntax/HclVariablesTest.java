package dev.kiln.runtime.frontend.hcl.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The variables an expression refers to (for ordering locals). */
class HclVariablesTest {
    static Stream<Arguments> cases() {
        return HclExpressionTest.rows("""
                1                                        |
                a                                        | a
                var.x + local.y                          | var.x local.y
                "${var.a}-${local.b[0]}"                 | var.a local.b[0]
                f(var.a, [local.b], {k = var.c})         | var.a local.b var.c
                {k = 1, (local.k) = 2}                   | local.k
                [for v in var.l: v.name if v.on]         | var.l
                [for i, v in var.l: i + v + local.n]     | var.l local.n
                {for k, v in var.m: k => v...}           | var.m
                [for v in v: v]                          | v
                var.list[*].id                           | var.list
                var.o.*.id                               | var.o
                var.m[local.k]                           | var.m local.k
                var.c ? local.a : local.b                | var.c local.a local.b
                "%{for x in var.xs}${x}${local.s}%{endfor}" | var.xs local.s
                "%{if var.on}${a}%{else}${b}%{endif}"    | var.on a b
                -var.n                                   | var.n
                (var.p).q                                | var.p
                """);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void findsRootTraversals(String source, String expected) {
        ExpressionResult r = HclParser.parseExpression("v.hcl", source);
        assertThat(r.diagnostics()).isEmpty();
        String found = Variables.of(r.expression()).stream().map(AstPrinter::print).collect(Collectors.joining(" "));
        assertThat(found).isEqualTo(expected);
    }
}
