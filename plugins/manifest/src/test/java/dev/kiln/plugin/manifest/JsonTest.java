package dev.kiln.plugin.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void readsEveryKindOfValueInDocumentOrder() throws Exception {
        Object value = Json.parse("\uFEFF { \"b\": [1, -0.5e-3, true, false, null, \"s\"], \"a\": {} }\r\n");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("b", Arrays.asList(new Json.JsonNumber("1"), new Json.JsonNumber("-0.5e-3"), true, false, null,
                "s"));
        expected.put("a", Map.of());
        assertThat(value).isEqualTo(expected);
        assertThat(List.copyOf(((Map<?, ?>) value).keySet())).isEqualTo(List.of("b", "a"));
    }

    @Test
    void writesWithTwoSpaceIndentationAsGoDoes() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("list", List.of(Json.JsonNumber.of(7), Map.of("k", "v")));
        doc.put("empty_list", List.of());
        doc.put("empty_object", Map.of());
        doc.put("nothing", null);
        assertThat(Json.write(doc)).isEqualTo("""
                {
                  "list": [
                    7,
                    {
                      "k": "v"
                    }
                  ],
                  "empty_list": [],
                  "empty_object": {},
                  "nothing": null
                }
                """);
    }

    @Test
    void numbersKeepTheirText() throws Exception {
        String text = "[\n  1E+2,\n  0.10,\n  -0,\n  12345678901234567890123\n]\n";
        assertThat(Json.write(Json.parse(text))).isEqualTo(text);
    }

    @Test
    void escapesAreDecoded() throws Exception {
        assertThat(Json.parse("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\ud83d\\ude00 \\u2028\""))
                .isEqualTo("\" \\ / \b \f \n \r \t \u00e9 \uD83D\uDE00 \u2028");
    }

    @Test
    void quoteEscapesWhatJsonRequiresAndWhatBreaksReaders() {
        StringBuilder out = new StringBuilder();
        Json.quote("\"\\\n\r\t\b\f\u0000\u001b\u007f\u2028\u2029\uDC00\uD83D\uDE00\u00e9/", out);
        assertThat(out.toString())
                .isEqualTo("\"\\\"\\\\\\n\\r\\t\\b\\f\\u0000\\u001b\\u007f\\u2028\\u2029\\udc00\uD83D\uDE00\u00e9/\"");
    }

    @Test
    void problemsNameTheLineAndColumn() {
        assertThatThrownBy(() -> Json.parse("{\n  \"a\": 1,\n  \"b\" 2\n}"))
                .isInstanceOf(Json.ParseException.class)
                .hasMessage("line 3, column 7: unexpected '2', expected ':'");
        assertThatThrownBy(() -> Json.parse("{\"a\": 1} x"))
                .hasMessage("line 1, column 10: unexpected 'x' after the document");
        assertThatThrownBy(() -> Json.parse("[01]"))
                .hasMessage("line 1, column 2: '01' is not a number");
        assertThatThrownBy(() -> Json.parse("\"tab\there\""))
                .hasMessage("line 1, column 5: a raw control character (U+0009) in a string; it must be escaped");
        assertThatThrownBy(() -> Json.parse("\"\\x\""))
                .hasMessage("line 1, column 2: unknown escape '\\x' in a string");
        assertThatThrownBy(() -> Json.parse("\"\\u12g4\""))
                .hasMessage("line 1, column 2: '\\u' must be followed by four hex digits");
        assertThatThrownBy(() -> Json.parse("\"never closed"))
                .hasMessage("line 1, column 1: a string that is never closed");
        assertThatThrownBy(() -> Json.parse("[tru]"))
                .hasMessage("line 1, column 2: unexpected 'tru]', expected a value");
        assertThatThrownBy(() -> Json.parse(""))
                .hasMessage("line 1, column 1: unexpected end of the document, expected a value");
        assertThatThrownBy(() -> Json.parse("{1: 2}"))
                .hasMessage("line 1, column 2: unexpected '1:', expected a quoted key");
    }

    @Test
    void absurdNestingIsRefusedNotAStackOverflow() {
        assertThatThrownBy(() -> Json.parse("[".repeat(10_000)))
                .isInstanceOf(Json.ParseException.class)
                .hasMessageContaining("nesting deeper than 256 levels");
    }
}
