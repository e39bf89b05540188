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

    /** value | target type | result (as HclValue.toString) or "!message". */
    private static final String CONVERSIONS = """
            [1, "a"]                  | list(string)                  | tolist(["1", "a"])
            [1, "a"]                  | list(number)                  | !a number is required
            [1, [2]]                  | list(any)                     | !all list elements must have the same type
            [[1], [true]]             | list(any)                     | !all list elements must have the same type
            ["a", {}]                 | list(any)                     | !all list elements must have the same type
            [1, "a"]                  | list(any)                     | tolist(["1", "a"])
            ["a", "b", "a"]           | set(string)                   | toset(["a", "b"])
            [3, 1, 2, 1]              | set(number)                   | toset([1, 2, 3])
            {a = 1, b = "x"}          | map(string)                   | tomap({a = "1", b = "x"})
            {a = 1, b = [1]}          | map(string)                   | !element "b": string required
            {a = 1, b = 2}            | object({a=string})            | {a = "1"}
            {a = 1}                   | object({a=string, b=number})  | !attribute "b" is required
            {a = 1}                   | object({b=number, c=number, a=number}) | !attributes "b" and "c" are required
            {a = 1}                   | object({b=number, c=number, d=number}) | !attributes "b", "c", and "d" are required
            {a = 1}                   | object({a=string, b=optional(number)}) | {a = "1", b = null}
            {a = {b = 1}}             | object({a=object({b=bool})})  | !attribute "a": attribute "b": bool required
            "true"                    | bool                          | true
            "1"                       | bool                          | true
            "0"                       | bool                          | false
            "True"                    | bool                          | !a bool is required; to convert from string, use lowercase "true"
            "yes"                     | bool                          | !a bool is required
            " 1"                      | number                        | !a number is required
            "1e3"                     | number                        | 1000
            "0x10"                    | number                        | !a number is required
            "-1.50"                   | number                        | -1.5
            true                      | number                        | !number required
            true                      | string                        | "true"
            1.5                       | string                        | "1.5"
            12345678901234567890123   | string                        | "12345678901234567890123"
            []                        | list(string)                  | tolist([])
            {}                        | map(string)                   | tomap({})
            [1, 2]                    | tuple([string, string])       | ["1", "2"]
            [1, 2]                    | tuple([string])               | !tuple required
            [[1], ["a"]]              | list(list(string))            | tolist([tolist(["1"]), tolist(["a"])])
            null                      | string                        | null
            unknown(any)              | list(string)                  | (unknown list(string))
            unknown(number)           | string                        | (unknown string)
            [unknown(any), "a"]       | list(string)                  | tolist([(unknown string), "a"])
            tolist(["a", "a"])        | set(string)                   | toset(["a"])
            toset(["b", "a"])         | list(string)                  | tolist(["a", "b"])
            tomap({a = "1"})          | object({a=number})            | {a = 1}
            tomap({a = "1"})          | object({a=number, b=number})  | !map has no element for required attribute "b"
            tomap({a = "1"})          | object({a=number, b=optional(string)}) | {a = 1, b = null}
            tomap({a = "1", z = "2"}) | object({a=number})            | {a = 1}
            [1, "a"]                  | string                        | !string required
            "a"                       | list(string)                  | !list of string required
            [1]                       | map(string)                   | !map of string required
            [[1]]                     | list(string)                  | !element 0: string required
            {a = 1}                   | any                           | {a = 1}
            tolist([1])               | list(string)                  | tolist(["1"])
            tolist([[1]])             | list(string)                  | !incorrect list element type: string required
            """;

    static Stream<Arguments> conversions() {
        return CONVERSIONS.lines().map(l -> l.split("\\|")).map(p -> Arguments.of(p[0].trim(), p[1].trim(),
                p[2].trim()));
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

    /** types | safe unification | unsafe unification ("-" for none). */
    private static final String UNIFICATIONS = """
            string, number                             | string              | string
            number, bool                               | -                   | -
            number, number                             | number              | number
            string, any                                | any                 | string
            list(string), list(number)                 | list(string)        | list(string)
            tuple([number]), tuple([string])           | tuple([string])     | tuple([string])
            tuple([number]), tuple([string, string])   | list(string)        | list(string)
            tuple([number]), tuple([bool])             | -                   | -
            object({a=number}), object({a=string})     | object({a=string})  | object({a=string})
            object({a=number}), object({b=string})     | map(string)         | map(string)
            map(string), map(number)                   | map(string)         | map(string)
            map(string), any                           | any                 | any
            object({a=number}), tuple([number])        | -                   | -
            list(string), set(string)                  | list(string)        | list(string)
            string, list(string)                       | -                   | -
            """;

    static Stream<Arguments> unifications() {
        return UNIFICATIONS.lines().map(l -> l.split("\\|")).map(p -> Arguments.of(p[0].trim(), p[1].trim(),
                p[2].trim()));
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
