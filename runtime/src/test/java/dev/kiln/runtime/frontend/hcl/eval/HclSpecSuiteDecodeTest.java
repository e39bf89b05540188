package dev.kiln.runtime.frontend.hcl.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.runtime.frontend.hcl.syntax.Attribute;
import dev.kiln.runtime.frontend.hcl.syntax.Block;
import dev.kiln.runtime.frontend.hcl.syntax.Diagnostic;
import dev.kiln.runtime.frontend.hcl.syntax.Diagnostics;
import dev.kiln.runtime.frontend.hcl.syntax.HclParser;
import dev.kiln.runtime.frontend.hcl.syntax.ParseResult;
import dev.kiln.runtime.frontend.hcl.syntax.SpecSuiteRanges;
import dev.kiln.runtime.frontend.hcl.value.HclConvert;
import dev.kiln.runtime.frontend.hcl.value.HclType;
import dev.kiln.runtime.frontend.hcl.value.HclValue;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * hcl's official {@code specsuite/tests} (test resources {@code hcl-specsuite/}, MPL-2.0, unchanged) run as hcl's own
 * harness ({@code cmd/hclspecsuite}) runs them, through the {@link Hcldec} subset: each {@code X.hcl} is parsed and
 * decoded with {@code X.hcldec}, then compared with {@code X.t}: its {@code diagnostics} (the errors' ranges), or
 * else no error, a result whose type conforms to {@code result_type} ({@code any} where absent) and, where
 * {@code result} is given, equals it converted to that type. Numbers are compared to 128 significant digits: cty
 * computes with 512-bit binary floats, whose rounding shows beyond that ({@code 11 % 5.1} is
 * {@code 0.8000…00024} there), Kiln with exact decimals, as Packer 1.6.6 prints it ({@code 0.8}).
 * {@code -Dhcl.specsuite=DIR} or {@code HCL_SPECSUITE} runs another checkout's {@code specsuite/tests} instead.
 */
class HclSpecSuiteDecodeTest {
    private static final MathContext DIGITS = new MathContext(128);

    static Path suite() throws URISyntaxException {
        String override = System.getProperty("hcl.specsuite", System.getenv("HCL_SPECSUITE"));
        return override != null ? Path.of(override)
                : Path.of(HclSpecSuiteDecodeTest.class.getResource("/hcl-specsuite/tests").toURI());
    }

    static List<String> cases() throws IOException, URISyntaxException {
        Path dir = suite();
        try (Stream<Path> s = Files.walk(dir)) {
            List<String> names = s.filter(p -> p.toString().endsWith(".hcl")).map(p -> dir.relativize(p).toString())
                    .map(n -> n.substring(0, n.length() - ".hcl".length())).sorted().toList();
            assertThat(names).as("the suite's cases").hasSize(15);
            return names;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decodesAsTheSpecSuiteExpects(String name) throws IOException, URISyntaxException {
        Path base = suite().resolve(name);
        ParseResult input = HclParser.parseFile(name + ".hcl", Files.readAllBytes(Path.of(base + ".hcl")));
        ParseResult spec = parse(Path.of(base + ".hcldec"));
        ParseResult expected = parse(Path.of(base + ".t"));

        List<Diagnostic> got = new ArrayList<>(input.diagnostics());
        HclValue value = null;
        if (!input.hasErrors()) {
            Hcldec hcldec = new Hcldec(spec.body());
            value = hcldec.decode(input.body());
            got.addAll(hcldec.diagnostics());
        }

        List<Block> diagnostics = expected.body().blocks("diagnostics");
        if (!diagnostics.isEmpty()) {
            assertThat(SpecSuiteRanges.of(got)).isEqualTo(SpecSuiteRanges.expected(diagnostics));
            return;
        }
        assertThat(got).as("diagnostics").isEmpty();
        HclType type = HclType.DYNAMIC;
        Attribute resultType = expected.body().attribute("result_type");
        if (resultType != null) {
            Diagnostics d = new Diagnostics();
            type = TypeExpressions.read(resultType.expression(), d).orElseThrow();
            assertThat(d.toList()).isEmpty();
        }
        assertThat(conforms(value.type(), type)).as("%s conforms to %s", value.type(), type).isTrue();
        Attribute result = expected.body().attribute("result");
        if (result != null) {
            HclValue want = HclConvert.convert(Evaluator.evaluate(result.expression(),
                    EvalContext.of(Map.of(), Map.of())).value(), type);
            assertThat(same(value, want)).as("%s equals %s", value, want).isTrue();
        }
    }

    private static ParseResult parse(Path file) throws IOException {
        ParseResult r = HclParser.parseFile(file.toString(), Files.readAllBytes(file));
        assertThat(r.diagnostics()).as("diagnostics of %s", file).isEmpty();
        return r;
    }

    /** Whether a value of type {@code got} is of type {@code want}, where {@code any} stands for every type. */
    private static boolean conforms(HclType got, HclType want) {
        if (want == HclType.DYNAMIC) {
            return true;
        }
        if (want instanceof HclType.ObjectType w) {
            return got instanceof HclType.ObjectType g && g.attributes().keySet().equals(w.attributes().keySet())
                    && w.attributes().keySet().stream().allMatch(k -> conforms(g.attributeType(k),
                    w.attributeType(k)));
        }
        if (want instanceof HclType.TupleType w) {
            if (!(got instanceof HclType.TupleType g) || g.elements().size() != w.elements().size()) {
                return false;
            }
            for (int i = 0; i < w.elements().size(); i++) {
                if (!conforms(g.elements().get(i), w.elements().get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (want.isList() || want.isSet() || want.isMap()) {
            return got.isList() == want.isList() && got.isSet() == want.isSet() && got.isMap() == want.isMap()
                    && conforms(got.elementType(), want.elementType());
        }
        return got.equals(want);
    }

    /** cty's raw equality: same type and same content, numbers to {@link #DIGITS} significant digits. */
    private static boolean same(HclValue a, HclValue b) {
        if (!a.type().equals(b.type()) || a.isNull() != b.isNull() || a.isKnown() != b.isKnown()) {
            return false;
        }
        if (a.isNull() || !a.isKnown()) {
            return true;
        }
        HclType t = a.type();
        if (t == HclType.NUMBER) {
            return a.isInfinite() || b.isInfinite() ? a.equals(b)
                    : round(a.asBigDecimal()).compareTo(round(b.asBigDecimal())) == 0;
        }
        if (t.isObject() || t.isMap()) {
            if (!a.entries().keySet().equals(b.entries().keySet())) {
                return false;
            }
            return a.entries().keySet().stream().allMatch(k -> same(a.entries().get(k), b.entries().get(k)));
        }
        if (t.isList() || t.isSet() || t.isTuple()) {
            if (a.length() != b.length()) {
                return false;
            }
            for (int i = 0; i < a.length(); i++) {
                if (!same(a.elements().get(i), b.elements().get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static BigDecimal round(BigDecimal n) {
        return n.round(DIGITS);
    }
}
