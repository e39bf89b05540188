package dev.kiln.runtime.frontend.hcl.value;

import static dev.kiln.runtime.frontend.hcl.value.HclLiterals.t;
import static dev.kiln.runtime.frontend.hcl.value.HclLiterals.v;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** cty/convert's rules; the messages were checked against {@code packer console} 1.6.6 ({@code convert(v, T)}). */
class HclConvertTest {


    static Stream<Arguments> conversions() {
        return HclLiterals.table(HclConvertTest.class, "conversions.txt").stream().map(l -> l.split("\\|"))
                .map(p -> Arguments.of(p[0].trim(), p[1].trim(), p[2].trim()));
    }

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("conversions")
    void convertsAsCty(String value, String type, String expected) {
        HclValue in = v(value);
        HclType to = t(type);
        if (expected.startsWith("!")) {
            assertThatThrownBy(() -> HclConvert.convert(in, to)).isInstanceOf(ConversionException.class)
                    .hasMessage(expected.substring(1));
        } else {
            HclValue out = HclConvert.convert(in, to);
            assertThat(out).hasToString(expected);
        }
    }


    static Stream<Arguments> unifications() {
        return HclLiterals.table(HclConvertTest.class, "unifications.txt").stream().map(l -> l.split("\\|"))
                .map(p -> Arguments.of(p[0].trim(), p[1].trim(), p[2].trim()));
    }

    @ParameterizedTest(name = "unify {0}")
    @MethodSource("unifications")
    void unifiesAsCty(String types, String safe, String unsafe) {
        List<HclType> ts = splitTypes(types).stream().map(HclLiterals::t).toList();
        assertThat(HclConvert.unify(ts, false).map(HclType::typeExpression).orElse("-")).isEqualTo(safe);
        assertThat(HclConvert.unify(ts, true).map(HclType::typeExpression).orElse("-")).isEqualTo(unsafe);
    }

    private static List<String> splitTypes(String s) {
        List<String> out = new java.util.ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(s.substring(start, i).trim());
                start = i + 1;
            }
        }
        out.add(s.substring(start).trim());
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("friendlyNames")
    void friendlyNames(String type, String friendly, String constraint) {
        assertThat(t(type).friendlyName()).isEqualTo(friendly);
        assertThat(t(type).friendlyNameForConstraint()).isEqualTo(constraint);
        assertThat(t(t(type).typeExpression())).isEqualTo(t(type));
    }

    static Stream<Arguments> friendlyNames() {
        return Stream.of(
                Arguments.of("string", "string", "string"),
                Arguments.of("list(string)", "list of string", "list of string"),
                Arguments.of("set(map(number))", "set of map of number", "set of map of number"),
                Arguments.of("list(any)", "list of dynamic", "list of any single type"),
                Arguments.of("any", "dynamic", "any type"),
                Arguments.of("object({a=string, b=optional(number)})", "object", "object"),
                Arguments.of("tuple([string, bool])", "tuple", "tuple"));
    }

    @org.junit.jupiter.api.Test
    void unifyValuesConvertsEachValue() {
        assertThat(HclConvert.unifyValues(List.of(v("1"), v("\"a\"")))).containsExactly(v("\"1\""), v("\"a\""));
        assertThat(HclConvert.unifyValues(List.of(v("null"), v("\"a\""))))
                .containsExactly(HclValue.nullOf(HclType.STRING), v("\"a\""));
        assertThatThrownBy(() -> HclConvert.unifyValues(List.of(v("true"), v("[1]"))))
                .isInstanceOf(ConversionException.class);
    }
}
