package dev.kiln.runtime.frontend.hcl.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HclStaticAnalysisTest {
    private static Expression parse(String s) {
        ExpressionResult r = HclParser.parseExpression("s.hcl", s);
        assertThat(r.diagnostics()).isEmpty();
        return r.expression();
    }

    @Test
    void readsTypeExpressionsStatically() {
        StaticAnalysis.Call c = StaticAnalysis.call(parse("map(list(string))")).orElseThrow();
        assertThat(c.name()).isEqualTo("map");
        StaticAnalysis.Call inner = StaticAnalysis.call(c.args().get(0)).orElseThrow();
        assertThat(inner.name()).isEqualTo("list");
        assertThat(StaticAnalysis.keyword(inner.args().get(0))).contains("string");
        StaticAnalysis.Call obj = StaticAnalysis.call(parse("object({ a = string, b = number })")).orElseThrow();
        assertThat(StaticAnalysis.map(obj.args().get(0)).orElseThrow().stream()
                .map(i -> AstPrinter.print(i.key()) + ":" + StaticAnalysis.keyword(i.value()).orElse("?"))
                .collect(Collectors.joining(" "))).isEqualTo("\"a\":string \"b\":number");
    }

    @Test
    void listsTraversalsAndKeywords() {
        assertThat(StaticAnalysis.list(parse("[a.b, \"c\"]")).orElseThrow()).hasSize(2);
        assertThat(StaticAnalysis.list(parse("f()"))).isEmpty();
        assertThat(StaticAnalysis.traversal(parse("(source.docker.x)")).map(AstPrinter::print))
                .contains("source.docker.x");
        assertThat(StaticAnalysis.traversal(parse("a[0][\"k\"]")).orElseThrow().steps()).hasSize(2);
        assertThat(StaticAnalysis.traversal(parse("a[b]"))).isEmpty();
        assertThat(StaticAnalysis.keyword(parse("null"))).contains("null");
        assertThat(StaticAnalysis.keyword(parse("true"))).contains("true");
        assertThat(StaticAnalysis.keyword(parse("a.b"))).isEmpty();
        assertThat(StaticAnalysis.keyword(parse("\"a\""))).isEmpty();
    }
}
