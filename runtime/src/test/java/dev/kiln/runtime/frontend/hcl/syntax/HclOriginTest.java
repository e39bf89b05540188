package dev.kiln.runtime.frontend.hcl.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A template or expression that lies inside a larger file (a JSON string) reports positions in that file. */
class HclOriginTest {
    private static final Pos ORIGIN = new Pos(3, 10, 100);

    @ParameterizedTest
    @ValueSource(strings = {"a ${b.c} %{ if d }e%{ endif }", "x\n${y[0]}\n  ${f(1, \"\\q\")}", "${", "Ж ${~ z ~} ."})
    void templatesAreShifted(String source) {
        byte[] src = source.getBytes(StandardCharsets.UTF_8);
        ExpressionResult plain = HclParser.parseTemplate("f.json", src);
        ExpressionResult moved = HclParser.parseTemplate("f.json", src, ORIGIN);
        assertThat(ranges(moved)).isEqualTo(ranges(plain).stream().map(HclOriginTest::shift).toList());
        assertThat(AstPrinter.print(moved.expression())).isEqualTo(AstPrinter.print(plain.expression()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[a, \"\\q\", {b = 1}]", "f(\n  x...\n)", "a ? b :", "\"${x}\" + 'y'"})
    void expressionsAreShifted(String source) {
        byte[] src = source.getBytes(StandardCharsets.UTF_8);
        ExpressionResult plain = HclParser.parseExpression("f.json", src);
        ExpressionResult moved = HclParser.parseExpression("f.json", src, ORIGIN);
        assertThat(ranges(moved)).isEqualTo(ranges(plain).stream().map(HclOriginTest::shift).toList());
    }

    private static List<Range> ranges(ExpressionResult r) {
        List<Range> out = new ArrayList<>();
        Variables.walk(r.expression(), e -> out.add(e.range()));
        r.diagnostics().forEach(d -> out.add(d.subject()));
        return out;
    }

    private static Range shift(Range r) {
        return new Range(r.filename(), shift(r.start()), shift(r.end()));
    }

    private static Pos shift(Pos p) {
        return new Pos(ORIGIN.line() + p.line() - 1, p.line() == 1 ? ORIGIN.column() + p.column() - 1 : p.column(),
                ORIGIN.byteOffset() + p.byteOffset());
    }
}
