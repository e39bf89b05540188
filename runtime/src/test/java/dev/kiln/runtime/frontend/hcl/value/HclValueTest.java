package dev.kiln.runtime.frontend.hcl.value;

import static dev.kiln.runtime.frontend.hcl.value.HclLiterals.v;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HclValueTest {

    @Test
    void stringsAreNfcNormalised() {
        assertThat(HclValue.string("e\u0301").asString()).isEqualTo("\u00e9");
        assertThat(HclValue.string("e\u0301")).isEqualTo(HclValue.string("\u00e9"));
        assertThat(HclValue.string("\u1100\u1161").asString()).as("Hangul jamo compose too").isEqualTo("\uac00");
        assertThat(HclValue.object(java.util.Map.of("e\u0301", HclValue.string("x"))).entries())
                .as("object keys too").containsOnlyKeys("\u00e9");
        String plain = "caf\u00e9 \u00ff ascii";
        assertThat(HclValue.string(plain).asString()).as("text with no combining mark is kept as it is")
                .isSameAs(plain);
    }

    @Test
    void numbersAreExactAndPrintedWithoutTrailingZeros() {
        assertThat(HclValue.numberText(HclValue.number(new BigDecimal("1.500")))).isEqualTo("1.5");
        assertThat(HclValue.numberText(HclValue.number(new BigDecimal("1E+3")))).isEqualTo("1000");
        assertThat(HclValue.numberText(HclValue.parseNumber("2e100"))).hasSize(101).startsWith("2000");
        assertThat(HclValue.numberText(HclValue.parseNumber("1e-5"))).isEqualTo("0.00001");
        assertThat(HclValue.numberText(HclValue.number(0.1))).isEqualTo("0.1");
        assertThat(HclValue.number(1)).isEqualTo(HclValue.number(new BigDecimal("1.0")));
        assertThat(HclValue.numberText(HclValue.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThatThrownBy(() -> HclValue.parseNumber("x")).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void setsAreDeduplicatedAndOrderedAsCty() {
        assertThat(v("toset([\"b\", \"a\", \"c\", \"a\"])").elements()).containsExactly(v("\"a\""), v("\"b\""),
                v("\"c\""));
        assertThat(v("toset([10, 9, 1.5])").elements()).containsExactly(v("1.5"), v("9"), v("10"));
        assertThat(v("toset([true, false])").elements()).containsExactly(HclValue.FALSE, HclValue.TRUE);
        HclValue withUnknown = HclValue.set(HclType.STRING, List.of(HclValue.unknown(HclType.STRING),
                HclValue.string("z")));
        assertThat(withUnknown.elements().get(0)).isEqualTo(HclValue.string("z"));
    }

    @Test
    void mapsAndObjectsIterateInKeyOrder() {
        Map<String, HclValue> m = new LinkedHashMap<>();
        m.put("b", HclValue.number(1));
        m.put("a", HclValue.number(2));
        m.put("\uD83D\uDE00", HclValue.number(3));
        m.put("\uFF21", HclValue.number(4));
        assertThat(HclValue.object(m).entries().keySet()).containsExactly("a", "b", "\uFF21", "\uD83D\uDE00");
        assertThat(HclValue.map(m).type()).isEqualTo(HclType.map(HclType.NUMBER));
    }

    @Test
    void typedNullsAndUnknowns() {
        HclValue n = HclValue.nullOf(HclType.STRING);
        assertThat(n.isNull()).isTrue();
        assertThat(n.type()).isEqualTo(HclType.STRING);
        assertThat(n).isNotEqualTo(HclValue.NULL);
        HclValue u = HclValue.unknown(HclType.list(HclType.STRING));
        assertThat(u.isKnown()).isFalse();
        assertThat(u).hasToString("(unknown list(string))");
        assertThat(HclValue.tuple(List.of(u)).isKnown()).isTrue();
        assertThat(HclValue.tuple(List.of(u)).isWhollyKnown()).isFalse();
    }

    @Test
    void collectionsRequireOneElementType() {
        assertThatThrownBy(() -> HclValue.list(List.of(HclValue.string("a"), HclValue.number(1))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void plainJavaRoundTrip() {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("s", "x");
        in.put("n", 3);
        in.put("l", List.of(true, 1.5));
        in.put("z", null);
        HclValue v = HclValue.fromJava(in);
        assertThat(v).hasToString("{l = [true, 1.5], n = 3, s = \"x\", z = null}");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("l", List.of(true, new BigDecimal("1.5")));
        out.put("n", BigDecimal.valueOf(3));
        out.put("s", "x");
        out.put("z", null);
        assertThat(v.toJava()).isEqualTo(out);
    }

    @Test
    void jacksonTree() throws Exception {
        HclValue v = v("{b = [1, 1.5, \"x\", true, null], a = toset([\"q\"]), c = 123456789012345678901234567890}");
        String json = new ObjectMapper().writeValueAsString(v.toJsonNode());
        assertThat(json).isEqualTo(
                "{\"a\":[\"q\"],\"b\":[1,1.5,\"x\",true,null],\"c\":123456789012345678901234567890}");
        assertThat(HclValue.fromJsonNode(new ObjectMapper().readTree(json))).hasToString(
                "{a = [\"q\"], b = [1, 1.5, \"x\", true, null], c = 123456789012345678901234567890}");
        assertThatThrownBy(() -> v("[unknown(string)]").toJsonNode()).isInstanceOf(HclException.class);
    }
}
