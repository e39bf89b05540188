package dev.kiln.runtime.frontend.hcl.jsonsyntax;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.runtime.frontend.hcl.eval.EvalContext;
import dev.kiln.runtime.frontend.hcl.eval.EvalResult;
import dev.kiln.runtime.frontend.hcl.eval.Evaluator;
import dev.kiln.runtime.frontend.hcl.function.HclFunctions;
import dev.kiln.runtime.frontend.hcl.syntax.AstPrinter;
import dev.kiln.runtime.frontend.hcl.syntax.Attribute;
import dev.kiln.runtime.frontend.hcl.syntax.Block;
import dev.kiln.runtime.frontend.hcl.syntax.Diagnostic;
import dev.kiln.runtime.frontend.hcl.syntax.Diagnostics;
import dev.kiln.runtime.frontend.hcl.syntax.ParseResult;
import dev.kiln.runtime.frontend.hcl.value.HclValue;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** HCL's JSON syntax (json/spec.md): the scanner's positions and errors, bodies under a schema, expressions. */
class JsonSyntaxTest {

    /** Blocks {@code b} (no label), {@code c} (one), {@code d} (two), {@code j} (just attributes); else attributes. */
    private static final JsonSchema LEAF = name -> null;
    private static final JsonSchema SCHEMA = name -> switch (name) {
        case "b" -> new JsonSchema.BlockType(List.of(), JsonSyntaxTest.nested());
        case "c" -> new JsonSchema.BlockType(List.of("name"), LEAF);
        case "d" -> new JsonSchema.BlockType(List.of("type", "name"), LEAF);
        case "j" -> new JsonSchema.BlockType(List.of(), JsonSchema.attributes(JsonSchema.Mode.TEMPLATE));
        default -> null;
    };

    private static JsonSchema nested() {
        return name -> name.equals("inner") ? new JsonSchema.BlockType(List.of("l"), LEAF) : null;
    }

    /** Rows {@code source | expected}; in the source column ↵ is a newline. */
    static Stream<Arguments> rows(String table) {
        // A line starting with "+|" continues the expected column of the line before it.
        String joined = table.replaceAll("\\n\\s*\\+\\|(?= )", "");
        return joined.lines().filter(l -> !l.isBlank()).map(l -> {
            int bar = l.endsWith(" |") ? l.length() - 2 : l.lastIndexOf(" | ");
            return Arguments.of(l.substring(0, bar).strip().replace('↵', '\n'),
                    l.substring(Math.min(l.length(), bar + 3)).strip());
        });
    }

    static Stream<Arguments> bodies() {
        return rows("""
                {}                                                    |
                {"a": 1}                                              | a = 1
                {"a": "x", "z": true, "n": null}                      | a = "x"; z = true; n = null
                {"a": [1, "two"], "o": {"k": 1}}                      | a = (tuple 1 "two"); o = (object ("k" 1))
                [{"a": 1}, {"z": 2}]                                  | a = 1; z = 2
                {"//": "a comment", "a": 1}                           | a = 1
                {"o": {"//": "kept in an expression"}}                | o = (object ("//" "kept in an expression"))
                {"b": {}}                                             | b {}
                {"b": {"x": 1}}                                       | b { x = 1 }
                {"b": [{"x": 1}, {"x": 2}]}                           | b { x = 1 }; b { x = 2 }
                {"b": []}                                             |
                {"b": null}                                           |
                {"b": {"x": 1}, "a": 2, "b": {"x": 3}}                | a = 2; b { x = 1 }; b { x = 3 }
                {"b": {"inner": {"one": {"v": 1}, "two": {}}}}        | b { inner "one" { v = 1 }; inner "two" {} }
                {"c": {"n1": {"x": 1}, "n2": [{"x": 2}, {"x": 3}]}}   | c "n1" { x = 1 }; c "n2" { x = 2 }; c "n2" { x =
                +| 3 }
                {"c": [{"n1": {}}, {"n2": {}}]}                       | c "n1" {}; c "n2" {}
                {"c": {"n": {"//": "c", "x": 1}}}                     | c "n" { x = 1 }
                {"d": {"docker": {"one": {"image": "i"}, "two": {}}}} | d "docker" "one" { image = "i" }; d "docker"
                +| "two" {}
                {"d": {"t": {"x": {}}}, "d": {"t": {"y": {}}}}        | d "t" "x" {}; d "t" "y" {}
                {"d": {"bar": {"baz": {"a": 1}}, "bar": {"baz": [{"a": 2}, {"a": 3}]}}} | d "bar" "baz" { a = 1 }; d
                +| "bar" "baz" { a = 2 }; d "bar" "baz" { a = 3 }
                {"j": {"b": {"x": 1}}}                                | j { b = (object ("x" 1)) }
                {"a": "${x}", "t": "a${x}b"}                          | a = (wrap x); t = (tmpl "a" ${x} "b")
                {"a": "%{ if c }y%{ endif }"}                         | a = (tmpl (%if c (tmpl "y")))
                {"a": 1.50e3, "m": -0.5}                              | a = 1.50e3; m = -0.5
                {"a": "\\u00e9\\n\\"\\/"}                             | a = "é\\n\\"/"
                """);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void bodiesUnderTheSchema(String source, String expected) {
        ParseResult r = JsonSyntax.parseFile("t.json", source, SCHEMA);
        assertThat(r.diagnostics()).as("diagnostics").isEmpty();
        assertThat(AstPrinter.print(r.body())).isEqualTo(expected);
    }

    static Stream<Arguments> errors() {
        return rows("""
                                        | 1,1-1,1 Missing value: The JSON data ends prematurely.
                {                       | 1,1-1,2 Unclosed object: No closing brace was found for this JSON object.
                {"a": 1                 | 1,1-1,2 Unclosed object: No closing brace was found for this JSON object.
                {"a" 1}                 | 1,6-1,7 Missing property value colon: A colon must appear between an object
                +| property's name and its value.
                {"a" = 1}               | 1,6-1,7 Missing property value colon: JSON uses a colon as its name/value
                +| delimiter, not an equals sign.
                {"a":}                  | 1,6-1,7 Missing JSON value: A JSON value must start with a brace, a bracket, a
                +| number, a string, or a keyword.
                {"a"}                   | 1,5-1,6 Missing object value: A JSON object attribute must have a value,
                +| introduced by a colon.
                {a: 1}                  | 1,2-1,3 Invalid object property name: A JSON object property name must be a
                +| string
                {"a": 1,}               | 1,8-1,9 Trailing comma in object: JSON does not permit a trailing comma after
                +| the final property in an object.
                {"a": 1 "b": 2}         | 1,9-1,12 Missing attribute seperator comma: A comma must appear between each
                +| property definition in an object.
                {"a": [1,]}             | 1,9-1,10 Trailing comma in array: JSON does not permit a trailing comma after
                +| the final value in an array.
                {"a": [1}               | 1,9-1,10 Mismatched brackets: A JSON array must be closed with a bracket, not
                +| a brace.
                {"a": 1]                | 1,8-1,9 Mismatched braces: A JSON object must be closed with a brace, not a
                +| bracket.
                {"a": [1 2]}            | 1,10-1,11 Missing attribute seperator comma: A comma must appear between each
                +| value in an array.
                {"a": [1: 2]}           | 1,9-1,10 Invalid array value: A colon is not used to introduce values in a
                +| JSON array.
                {"a": 01}               | 1,7-1,9 Invalid JSON number: There is a syntax error in the given JSON number.
                {"a": +1}               | 1,7-1,9 Invalid JSON number: There is a syntax error in the given JSON number.
                {"a": tru}              | 1,7-1,10 Invalid JSON keyword: "tru" is not a valid JSON keyword. Did you mean
                +| "true"?
                {"a": NaN}              | 1,7-1,10 Invalid JSON keyword: The JavaScript identifier "NaN" cannot be used
                +| in JSON.
                {"a": "x\\qy"}          | 1,9-1,10 Invalid JSON string: There is a syntax error in the given JSON
                +| string.
                {"a": "open↵}           | 1,12-1,13 Invalid JSON string: There is a syntax error in the given JSON
                +| string.
                {}↵  {}                 | 2,3-2,4 Extraneous data after value: Extra characters appear after the JSON
                +| value.
                {"a": @}                | 1,7-1,8 Invalid start of value: A JSON value must start with a brace, a
                +| bracket, a number, a string, or a keyword.
                {"é": 1, "x": ?}        | 1,15-1,16 Invalid start of value: A JSON value must start with a brace, a
                +| bracket, a number, a string, or a keyword.
                {↵  "a": 1,↵  "a": 2↵}  | 3,3-3,6 Duplicate argument: The argument "a" was already set at t.json:2,3-9.
                {"j": {"a": 1, "a": 2}} | 1,16-1,19 Duplicate attribute definition: The argument "a" was already set at
                +| t.json:1,8-14.
                "x"                     | 1,1-1,4 Incorrect JSON value type: Either a JSON object or JSON array of
                +| objects is required here, to define arguments and child blocks.
                [{"a": 1}, 2]           | 1,12-1,13 Incorrect JSON value type: A JSON object is required here, to define
                +| arguments and child blocks.
                {"b": "x"}              | 1,7-1,10 Incorrect JSON value type: Either a JSON object or a JSON array is
                +| required, representing the contents of one or more "b" blocks.
                {"b": [1]}              | 1,8-1,9 Incorrect JSON value type: A JSON object is required here, to define
                +| arguments and child blocks.
                {"c": {}}               | 1,7-1,8 Missing block label: At least one object property is required, whose
                +| name represents the c block's name.
                {"d": {"t": 3}}         | 1,13-1,14 Incorrect JSON value type: Either a JSON object or JSON array of
                +| objects is required here, to specify name labels for this block.
                {"d": [3]}              | 1,8-1,9 Incorrect JSON value type: A JSON object is required here, to specify
                +| type labels for this block.
                {"a": "${1 +}"}         | 1,13-1,14 Invalid expression: Expected the start of an expression, but found
                +| an invalid expression token.
                """);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void errorsWithTheirPositions(String source, String expected) {
        ParseResult r = JsonSyntax.parseFile("t.json", source, SCHEMA);
        assertThat(r.diagnostics()).as("diagnostics").isNotEmpty();
        Diagnostic d = r.diagnostics().get(0);
        assertThat(d.subject().filename()).isEqualTo("t.json");
        String at = d.subject().start().line() + "," + d.subject().start().column() + "-" + d.subject().end().line()
                + "," + d.subject().end().column();
        assertThat(at + " " + d.summary() + ": " + d.detail()).isEqualTo(expected);
    }

    @Test
    void rangesAreLinesColumnsAndBytesOfTheFile() {
        String source = "{\n  \"é\": {\"c\": {\"name\": {\"k\": \"v ${x}\"}}}\n}";
        ParseResult r = JsonSyntax.parseFile("t.json", source, name -> name.equals("é") ? new JsonSchema.BlockType(
                List.of(), SCHEMA) : null);
        assertThat(r.diagnostics()).isEmpty();
        Block outer = r.body().blocks().get(0);
        assertThat(outer.typeRange()).hasToString("t.json:2,3-6");
        assertThat(outer.typeRange().start().byteOffset()).isEqualTo(4);
        assertThat(outer.typeRange().end().byteOffset()).isEqualTo(8); // é is two bytes, one column
        Block c = outer.body().blocks().get(0);
        assertThat(c.labels()).containsExactly("name");
        assertThat(c.labelRanges().get(0)).hasToString("t.json:2,15-21");
        assertThat(c.openBraceRange()).hasToString("t.json:2,23-24");
        Attribute k = c.body().attribute("k");
        assertThat(k.nameRange()).hasToString("t.json:2,24-27");
        assertThat(k.range()).hasToString("t.json:2,24-37");
        // the interpolation inside the string keeps the file's positions
        assertThat(AstPrinter.print(k.expression())).isEqualTo("(tmpl \"v \" ${x})");
        Diagnostics d = new Diagnostics();
        Evaluator.evaluate(k.expression(), EvalContext.of(Map.of(), Map.of()), d);
        assertThat(d.toList()).singleElement().satisfies(e -> {
            assertThat(e.summary()).isEqualTo("Unknown variable");
            assertThat(e.subject()).hasToString("t.json:2,34-35");
        });
    }

    static Stream<Arguments> values() {
        return rows("""
                "plain"                                           | "plain"
                "${1 + 2}"                                        | 3
                "a-${upper(\\"x\\")}-b"                           | "a-X-b"
                "%{ for s in [\\"x\\", \\"y\\"] }${s}%{ endfor }" | "xy"
                "$${not} %%{this}"                                | "${not} %{this}"
                "${name}"                                         | "kiln"
                12345678901234567890.5                            | 12345678901234567890.5
                true                                              | true
                null                                              | null
                [1, "${name}", [true]]                            | [1,"kiln",[true]]
                {"${name}": 1, "b": {"c": "d"}}                   | {"b":{"c":"d"},"kiln":1}
                """);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void stringsAreTemplatesInFullExpressionMode(String json, String expected) {
        HclValue v = evaluate(json, JsonSchema.Mode.TEMPLATE);
        assertThat(v.isNull() ? "null" : v.toJsonNode().toString()).isEqualTo(expected);
    }

    @Test
    void justAttributesBodiesMustBeOneObject() {
        ParseResult r = JsonSyntax.parseFile("v.json", "[{\"a\": 1}]", JsonSchema.attributes(JsonSchema.Mode.LITERAL));
        assertThat(r.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.summary() + ": " + d.detail()).isEqualTo("Incorrect JSON value type: A JSON object is"
                    + " required here, setting the arguments for this block.");
            assertThat(d.subject()).hasToString("v.json:1,1-2");
        });
    }

    @Test
    void literalModeInterpolatesNothing() {
        assertThat(evaluate("{\"${k}\": \"${v} %{ if x }\"}", JsonSchema.Mode.LITERAL).toJsonNode().toString())
                .isEqualTo("{\"${k}\":\"${v} %{ if x }\"}");
    }

    @Test
    void expressionModeReadsTheStringAsAnExpression() {
        ParseResult r = JsonSyntax.parseFile("t.json", "{\"type\": \"list(string)\", \"it\": \"x\", \"t\": [\"y\"]}",
                new JsonSchema() {
                    @Override
                    public BlockType blockType(String name) {
                        return null;
                    }

                    @Override
                    public Mode mode(String name) {
                        return Mode.EXPRESSION;
                    }
                });
        assertThat(r.diagnostics()).isEmpty();
        assertThat(AstPrinter.print(r.body())).isEqualTo("type = (call list string); it = x; t = (tuple \"y\")");
    }

    private static HclValue evaluate(String json, JsonSchema.Mode mode) {
        JsonParser.Result parsed = JsonParser.parse("v.json", json);
        assertThat(parsed.diagnostics()).isEmpty();
        Diagnostics d = new Diagnostics();
        var e = JsonSyntax.expression(parsed.value(), mode, d);
        assertThat(d.toList()).isEmpty();
        EvalContext ctx = EvalContext.of(Map.of("name", HclValue.string("kiln")), HclFunctions.packer(Path.of("."),
                Path.of("."), Path.of("."), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)));
        EvalResult r = Evaluator.evaluate(e, ctx);
        assertThat(r.diagnostics()).isEmpty();
        return r.value();
    }

    @Test
    void propertiesKeepTheirOrderAndRepeats() {
        JsonParser.Result r = JsonParser.parse("t.json", "{\"z\": 1, \"a\": 2, \"z\": 3}");
        JsonValue.JsonObject o = (JsonValue.JsonObject) r.value();
        assertThat(o.properties().stream().map(p -> p.name() + "=" + ((JsonValue.JsonNumber) p.value()).text())
                .collect(Collectors.joining(","))).isEqualTo("z=1,a=2,z=3");
    }
}
