package dev.kiln.runtime.frontend.hcl.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.runtime.frontend.hcl.function.HclFunction;
import dev.kiln.runtime.frontend.hcl.function.HclFunctions;
import dev.kiln.runtime.frontend.hcl.syntax.Diagnostic;
import dev.kiln.runtime.frontend.hcl.syntax.Diagnostics;
import dev.kiln.runtime.frontend.hcl.syntax.HclParser;
import dev.kiln.runtime.frontend.hcl.syntax.ParseResult;
import dev.kiln.runtime.frontend.hcl.value.HclLiterals;
import dev.kiln.runtime.frontend.hcl.value.HclType;
import dev.kiln.runtime.frontend.hcl.value.HclValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The evaluator against {@code expressions.txt}: {@code expression => value :: type}, or {@code => !Summary @ range}
 * for the first diagnostic and its subject range.
 */
class HclEvaluatorTest {

    static final Map<String, HclFunction> FUNCTIONS = HclFunctions.packer(Path.of("."),
            Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC));

    static EvalContext context(Path baseDir) {
        Map<String, HclValue> vars = new LinkedHashMap<>();
        vars.put("var", HclLiterals.v("{s = \"x\", n = 3, l = [\"a\", \"b\"], objs = [{name = \"a\", v = 1},"
                + " {name = \"b\", v = 2}], m = {k1 = \"v1\", k2 = \"v2\"}, ls = tolist([\"p\", \"q\"])}"));
        vars.put("nul", HclValue.NULL);
        vars.put("unk", HclValue.unknown(HclType.STRING));
        vars.put("u", HclValue.DYNAMIC_UNKNOWN);
        return EvalContext.of(vars, FUNCTIONS, baseDir);
    }

    static Stream<Arguments> cases() {
        return HclLiterals.table(HclEvaluatorTest.class, "expressions.txt").stream().filter(l -> !l.startsWith("##"))
                .map(l -> {
                    int arrow = l.lastIndexOf(" => ");
                    return Arguments.of(l.substring(0, arrow), l.substring(arrow + 4).trim());
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void expression(String text, String expected) {
        EvalResult r = Evaluator.evaluate("t.hcl", text, context(null));
        if (expected.startsWith("!")) {
            assertThat(r.hasErrors()).as("errors of %s (value %s)", text, r.value()).isTrue();
            Diagnostic d = r.diagnostics().get(0);
            String range = d.subject().toString().substring("t.hcl:".length());
            assertThat("!" + d.summary() + " @ " + range).as(d.detail()).isEqualTo(expected);
            assertThat(r.value().isKnown()).isFalse();
        } else {
            assertThat(r.diagnostics()).as(text).isEmpty();
            int sep = expected.lastIndexOf(" :: ");
            assertThat(r.value().toString()).isEqualTo(expected.substring(0, sep));
            HclType want = HclLiterals.t(expected.substring(sep + 4));
            assertThat(r.value().type()).isEqualTo(want);
        }
    }

    @Test
    void unknownFunctionIsAnErrorWithASuggestion() {
        EvalResult r = Evaluator.evaluate("t.hcl", "uper(\"a\")", context(null));
        assertThat(r.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.summary()).isEqualTo("Call to unknown function");
            assertThat(d.detail()).isEqualTo("There is no function named \"uper\". Did you mean \"upper\"?");
        });
    }

    @Test
    void everyErrorIsReported() {
        EvalResult r = Evaluator.evaluate("t.hcl", "[nope, var.m.x, 1 + \"y\"]", context(null));
        assertThat(r.diagnostics()).extracting(Diagnostic::summary)
                .containsExactly("Unknown variable", "Unsupported attribute", "Invalid operand");
    }

    @Test
    void templatefileSeesOnlyItsVariables(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("t.tpl"), "%{ for x in items ~}\n- ${x}\n%{ endfor ~}\nname=${name}");
        EvalResult r = Evaluator.evaluate("t.hcl", "templatefile(\"t.tpl\", {items = var.l, name = var.s})",
                context(dir));
        assertThat(r.diagnostics()).isEmpty();
        assertThat(r.value().asString()).isEqualTo("- a\n- b\nname=x");
        Files.writeString(dir.resolve("bad.tpl"), "${var.s}");
        EvalResult bad = Evaluator.evaluate("t.hcl", "templatefile(\"bad.tpl\", {})", context(dir));
        assertThat(bad.diagnostics()).extracting(Diagnostic::summary).containsExactly("Unknown variable");
        assertThat(bad.diagnostics().get(0).subject().filename()).isEqualTo("bad.tpl");
        EvalResult missing = Evaluator.evaluate("t.hcl", "templatefile(\"none.tpl\", {})", context(dir));
        assertThat(missing.diagnostics()).extracting(Diagnostic::summary).containsExactly("Invalid function argument");
        EvalResult unavailable = Evaluator.evaluate("t.hcl", "templatefile(\"t.tpl\", {})", context(null));
        assertThat(unavailable.diagnostics()).extracting(Diagnostic::summary)
                .containsExactly("Call to unknown function");
    }

    @Test
    void typeExpressions() {
        String[][] cases = {
            {"string", "string"}, {"list(number)", "list(number)"}, {"map(any)", "map(any)"},
            {"set(bool)", "set(bool)"}, {"tuple([string, number])", "tuple([string, number])"},
            {"object({a = string, b = list(number)})", "object({a=string, b=list(number)})"},
        };
        for (String[] c : cases) {
            Diagnostics d = new Diagnostics();
            Optional<HclType> t = TypeExpressions.read(HclParser.parseExpression("t", c[0]).expression(), d);
            assertThat(d.isEmpty()).as(c[0] + ": " + d).isTrue();
            assertThat(t).as(c[0]).contains(HclLiterals.t(c[1]));
        }
        for (String bad : List.of("list", "strin", "list(string, number)", "optional(string)", "\"string\"",
                "object({(x) = string})")) {
            Diagnostics d = new Diagnostics();
            assertThat(TypeExpressions.read(HclParser.parseExpression("t", bad).expression(), d)).as(bad).isEmpty();
            assertThat(d.toList()).as(bad).extracting(Diagnostic::summary).contains("Invalid type specification");
        }
    }

    @Test
    void dynamicBlocksExpandNestedWithIterators() {
        String src = """
                source "docker" "x" {
                  dynamic "volume" {
                    for_each = var.vols
                    iterator = v
                    labels   = [v.key]
                    content {
                      path = v.value
                      dynamic "opt" {
                        for_each = ["ro", "z"]
                        content { name = "${v.key}:${opt.value}" }
                      }
                    }
                  }
                  plain { a = 1 }
                }
                """;
        ParseResult p = HclParser.parseFile("t.pkr.hcl", src);
        assertThat(p.diagnostics()).isEmpty();
        EvalContext ctx = EvalContext.of(Map.of("var", HclLiterals.v("{vols = {a = \"/a\", b = \"/b\"}}")),
                FUNCTIONS);
        Diagnostics d = new Diagnostics();
        ExpandedBody body = DynamicBlocks.expand(p.body().blocks().get(0).body(), ctx, d);
        assertThat(d.isEmpty()).as(d.toString()).isTrue();
        assertThat(body.blocks()).extracting(ExpandedBody.ExpandedBlock::type).containsExactly("volume", "volume",
                "plain");
        ExpandedBody.ExpandedBlock second = body.blocks().get(1);
        assertThat(second.labels()).containsExactly("b");
        ExpandedBody.ScopedAttribute path = second.body().attribute("path");
        assertThat(Evaluator.evaluate(path.attribute().expression(), path.context(ctx)).value())
                .isEqualTo(HclValue.string("/b"));
        List<String> names = second.body().blocks("opt").stream().map(b -> {
            ExpandedBody.ScopedAttribute a = b.body().attribute("name");
            return Evaluator.evaluate(a.attribute().expression(), a.context(ctx)).value().asString();
        }).toList();
        assertThat(names).containsExactly("b:ro", "b:z");

        Diagnostics bad = new Diagnostics();
        ParseResult q = HclParser.parseFile("t.pkr.hcl", "dynamic \"x\" {\n  for_each = 1\n  content {}\n}\n");
        DynamicBlocks.expand(q.body(), ctx, bad);
        assertThat(bad.toList()).extracting(Diagnostic::summary).containsExactly("Invalid dynamic for_each value");
        assertThat(bad.toList().get(0).subject().start().line()).isEqualTo(2);
    }
}
