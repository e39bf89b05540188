package dev.kiln.runtime.frontend.hcl.value;

import static dev.kiln.runtime.frontend.hcl.value.HclLiterals.v;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.runtime.frontend.hcl.value.HclOperations.Arithmetic;
import dev.kiln.runtime.frontend.hcl.value.HclOperations.Comparison;
import java.util.function.BinaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Operator semantics; results and messages checked against {@code packer console} 1.6.6 unless noted. */
class HclOperationsTest {


    static Stream<Arguments> binary() {
        return HclLiterals.table(HclOperationsTest.class, "binary-operators.txt").stream()
                .map(l -> l.split("\\s\\|\\s"))
                .map(p -> Arguments.of(p[0].trim(), p[1].trim(), p[2].trim(), p[3].trim()));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("binary")
    void binaryOperators(String left, String op, String right, String expected) {
        BinaryOperator<HclValue> f = switch (op) {
            case "+" -> (a, b) -> HclOperations.arithmetic(Arithmetic.ADD, a, b);
            case "-" -> HclOperations::subtract;
            case "*" -> HclOperations::multiply;
            case "/" -> HclOperations::divide;
            case "%" -> HclOperations::modulo;
            case "<" -> (a, b) -> HclOperations.compare(Comparison.LESS, a, b);
            case "<=" -> (a, b) -> HclOperations.compare(Comparison.LESS_OR_EQUAL, a, b);
            case ">" -> (a, b) -> HclOperations.compare(Comparison.GREATER, a, b);
            case ">=" -> (a, b) -> HclOperations.compare(Comparison.GREATER_OR_EQUAL, a, b);
            case "==" -> HclOperations::equal;
            case "!=" -> HclOperations::notEqual;
            case "&&" -> HclOperations::and;
            case "||" -> HclOperations::or;
            default -> throw new IllegalArgumentException(op);
        };
        check(() -> f.apply(v(left), v(right)), expected);
    }

    private static void check(java.util.function.Supplier<HclValue> op, String expected) {
        if (expected.startsWith("!")) {
            assertThatThrownBy(op::get).isInstanceOf(HclException.class).hasMessage(expected.substring(1));
        } else if (expected.equals("inf") || expected.equals("-inf")) {
            assertThat(op.get()).isEqualTo(v(expected));
        } else {
            assertThat(op.get()).hasToString(expected);
        }
    }

    @Test
    void divisionIsPreciseLikeCty() {
        HclValue third = HclOperations.divide(v("1"), v("3"));
        assertThat(HclValue.numberText(third)).startsWith("0.3333333333").hasSizeGreaterThan(150);
        assertThat(HclOperations.multiply(third, v("3"))).isNotEqualTo(v("1"));
        assertThat(HclValue.numberText(HclOperations.divide(v("1"), v("0")))).isEqualTo("+Inf");
    }

    @Test
    void unaryOperators() {
        assertThat(HclOperations.negate(v("\"3\""))).isEqualTo(v("-3"));
        assertThat(HclOperations.negate(v("unknown(number)"))).hasToString("(unknown number)");
        assertThat(HclOperations.not(v("\"true\""))).isEqualTo(HclValue.FALSE);
        assertThatThrownBy(() -> HclOperations.negate(v("\"a\""))).hasMessage(
                "Invalid operand: Unsuitable value for unary operand: a number is required.");
    }


    static Stream<Arguments> index() {
        return HclLiterals.table(HclOperationsTest.class, "index.txt").stream().map(l -> l.split("\\|"))
                .map(p -> Arguments.of(p[0].trim(), p[1].trim(), p[2].trim()));
    }

    @ParameterizedTest(name = "{0}[{1}]")
    @MethodSource("index")
    void index(String collection, String key, String expected) {
        check(() -> HclOperations.index(v(collection), v(key)), expected);
    }

    @Test
    void getAttr() {
        assertThat(HclOperations.getAttr(v("{a = 1}"), "a")).isEqualTo(v("1"));
        assertThat(HclOperations.getAttr(v("tomap({a = 1})"), "a")).isEqualTo(v("1"));
        assertThat(HclOperations.getAttr(v("unknown(object({a=string}))"), "a")).hasToString("(unknown string)");
        assertThat(HclOperations.getAttr(v("unknown(any)"), "a")).isEqualTo(HclValue.DYNAMIC_UNKNOWN);
        assertThatThrownBy(() -> HclOperations.getAttr(v("{a = 1}"), "b"))
                .hasMessage("Unsupported attribute: This object does not have an attribute named \"b\".");
        assertThatThrownBy(() -> HclOperations.getAttr(v("tomap({a = 1})"), "b"))
                .hasMessage("Missing map element: This map does not have an element with the key \"b\".");
        assertThatThrownBy(() -> HclOperations.getAttr(v("\"s\""), "b"))
                .hasMessage("Unsupported attribute: This value does not have any attributes.");
        assertThatThrownBy(() -> HclOperations.getAttr(v("null"), "b")).hasMessage(
                "Attempt to get attribute from null value: This value is null, so it does not have any attributes.");
    }

    @Test
    void conditional() {
        assertThat(HclOperations.conditional(v("true"), v("[1]"), v("[\"a\"]"))).isEqualTo(v("[\"1\"]"));
        assertThat(HclOperations.conditional(v("false"), v("{a = 1}"), v("{b = \"x\"}")))
                .isEqualTo(v("tomap({b = \"x\"})"));
        assertThat(HclOperations.conditional(v("true"), v("null"), v("1"))).isEqualTo(HclValue.nullOf(HclType.NUMBER));
        assertThat(HclOperations.conditional(v("unknown(bool)"), v("1"), v("\"a\""))).hasToString("(unknown string)");
        assertThatThrownBy(() -> HclOperations.conditional(v("true"), v("1"), v("[1]"))).hasMessage(
                "Inconsistent conditional result types: The true and false result expressions must have consistent "
                        + "types. The given expressions are number and tuple, respectively.");
        assertThatThrownBy(() -> HclOperations.conditional(v("\"a\""), v("1"), v("2")))
                .hasMessage("Incorrect condition type: The condition expression must be of type bool.");
        assertThatThrownBy(() -> HclOperations.conditional(v("null"), v("1"), v("2"))).hasMessage(
                "Null condition: The condition value is null. Conditions must either be true or false.");
    }

    @Test
    void lengthAndIteration() {
        assertThat(HclOperations.length(v("\"héllo\""))).isEqualTo(v("5"));
        assertThat(HclOperations.length(v("\"e\\u0301\""))).isEqualTo(v("1"));
        assertThat(HclOperations.length(v("[1, \"a\"]"))).isEqualTo(v("2"));
        assertThat(HclOperations.length(v("unknown(tuple([string]))"))).isEqualTo(v("1"));
        assertThat(HclOperations.length(v("unknown(list(string))"))).hasToString("(unknown number)");
        assertThat(HclOperations.iterate(v("{b = 1, a = 2}"))).extracting(e -> e.getKey().asString())
                .containsExactly("a", "b");
        assertThat(HclOperations.iterate(v("[\"x\", \"y\"]"))).extracting(e -> e.getKey())
                .containsExactly(v("0"), v("1"));
        assertThatThrownBy(() -> HclOperations.iterate(v("1"))).hasMessage("Iteration over non-iterable value: "
                + "A value of type number cannot be used as the collection in a 'for' expression.");
        assertThat(HclOperations.splatElements(v("null"))).isEmpty();
        assertThat(HclOperations.splatElements(v("\"a\""))).containsExactly(v("\"a\""));
        assertThat(HclOperations.splatResult(v("tolist([1])"), java.util.List.of(v("2"))))
                .isEqualTo(v("tolist([2])"));
    }

    @Test
    void templateInterpolation() {
        assertThat(HclOperations.templateString(v("1.50"))).isEqualTo(v("\"1.5\""));
        assertThat(HclOperations.templateString(v("true"))).isEqualTo(v("\"true\""));
        assertThat(HclOperations.templateString(v("unknown(any)"))).hasToString("(unknown string)");
        assertThatThrownBy(() -> HclOperations.templateString(v("[1]"))).hasMessage("Invalid template "
                + "interpolation value: Cannot include the given value in a string template: string required.");
        assertThatThrownBy(() -> HclOperations.templateString(v("null"))).hasMessage("Invalid template "
                + "interpolation value: The expression result is null. Cannot include a null value in a string "
                + "template.");
    }
}
