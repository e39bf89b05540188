package dev.kiln.runtime.frontend.hcl.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random inputs (mutations of valid files and random token soup): the parser never throws, returns quickly,
 * and every range it reports or builds lies within the input with start before end and a line and column that match
 * the byte offset.
 */
class HclFuzzTest {
    private static final long SEED = Long.getLong("hcl.fuzz.seed", 0x6b696c6eL);
    private static final long BUDGET_NANOS = 5_000_000_000L;
    /** A hang, not a slow machine: a shared CI core once took 1.04 s for a 5,000-deep case, cold. */
    private static final long PER_CASE_LIMIT_NANOS = 10_000_000_000L;

    private static final String[] SEEDS = {
        """
        variable "image" {
          type    = string
          default = "alpine:3.20"
        }
        locals {
          tags = [for t in var.tags : upper(t) if t != ""]
          m    = { for k, v in var.m : k => v... }
          s    = "x-${var.image}-%{ if var.on ~} on %{~ else }off%{ endif }"
        }
        source "docker" "x" {
          image  = var.image
          commit = true
          changes = ["ENV A=${local.s}", <<-EOT
            ENTRYPOINT ["/bin/sh"]
              ${join(",", local.tags...)}
            EOT
          ]
        }
        build {
          sources = ["source.docker.x"]
          provisioner "shell" { inline = ["echo ${build.ID}"] }
          post-processor "docker-tag" {
            tags = var.list[*].name
            only = var.o.*.id
            x    = a.0 + (1 - -2) * 3 % 4 >= 5 == !false || true && null == c ? d[0]["k"] : e
          }
        }
        """,
        "a = { \"k\": 1, (x) = 2, y = [1, 2,], z = f(x...) }\n",
        "t = \"\\u00e9\\U0001F600\\n\\t$${a} %%{b}\"\n# c\n// d\n/* e */\n",
        "x { y = <<EOT\nhello ${world}\nEOT\n}\n",
    };

    private static final String[] SOUP = {
        "{", "}", "[", "]", "(", ")", "\"", "${", "%{", "~}", "${~", "<<EOT\n", "EOT\n", "<<-X\n", "  X\n", "#", "//",
        "/*", "*/", "\n", "\r\n", ",", ".", "...", "*", "=>", "?", ":", "=", "==", "!", "-", "+", "a", "b", "1", "1.5",
        "0.1", "\"x\"", "\\", "\\u", "\\U0001", "$$", "%%", "for", "in", "if", "else", "endif", "endfor", " ", "\t",
        "'", ";", "&", "|", "Ж", "\u0301", "\u200d", "\uFEFF", "true", "null", "[*]", ".*", "e", "<<", "<", ">",
    };

    @Test
    void randomInputsNeverBreakTheParser() {
        Random rnd = new Random(SEED);
        long start = System.nanoTime();
        int cases = 0;
        while (cases < 4000 && System.nanoTime() - start < BUDGET_NANOS) {
            byte[] input = cases % 3 == 2 ? soup(rnd) : mutate(rnd, SEEDS[rnd.nextInt(SEEDS.length)]);
            check(input, cases);
            cases++;
        }
        System.out.printf("HclFuzzTest: %d cases in %d ms%n", cases, (System.nanoTime() - start) / 1_000_000);
        assertThat(cases).isGreaterThan(500);
    }

    @Test
    void deepNestingIsADiagnosticNotAStackOverflow() {
        String[] inputs = {
            "a = " + "[".repeat(5000),
            "a = " + "(".repeat(3000) + "1" + ")".repeat(3000),
            "a = " + "-".repeat(5000) + "1",
            "a = x" + "[*]".repeat(3000),
            "a = " + "\"${".repeat(2000),
            "a = \"" + "%{if x}".repeat(2000) + "\"",
            "b {\n".repeat(2000),
            "a = " + "{b = ".repeat(2000),
            "a = " + "c ? d : ".repeat(2000) + "e",
        };
        for (String in : inputs) {
            byte[] bytes = in.getBytes(StandardCharsets.UTF_8);
            check(bytes, -1);
            assertThat(HclParser.parseFile("d.hcl", bytes).diagnostics()).extracting(Diagnostic::summary)
                    .as(in.substring(0, 12)).contains("Nesting too deep");
        }
    }

    private static void check(byte[] input, int n) {
        long t0 = System.nanoTime();
        try {
            ParseResult f = HclParser.parseFile("f.hcl", input);
            checkDiagnostics(f.diagnostics(), input);
            checkBody(f.body(), input);
            ExpressionResult e = HclParser.parseExpression("e.hcl", input);
            checkDiagnostics(e.diagnostics(), input);
            checkExpression(e.expression(), input);
            ExpressionResult t = HclParser.parseTemplate("t.tpl", input);
            checkDiagnostics(t.diagnostics(), input);
            checkExpression(t.expression(), input);
        } catch (RuntimeException | StackOverflowError ex) {
            throw new AssertionError("case " + n + " threw on " + show(input), ex);
        }
        long took = System.nanoTime() - t0;
        if (took > PER_CASE_LIMIT_NANOS) {
            fail("case " + n + " took " + took / 1_000_000 + " ms on " + show(input));
        }
    }

    private static void checkDiagnostics(List<Diagnostic> diags, byte[] input) {
        SourcePositions positions = SourcePositions.of(input);
        for (Diagnostic d : diags) {
            checkRange(d.subject(), input, positions, d.summary());
            if (d.context() != null) {
                checkRange(d.context(), input, positions, d.summary());
            }
        }
    }

    private static void checkRange(Range r, byte[] input, SourcePositions positions, Object what) {
        assertThat(r.start().byteOffset()).as("start of %s", what).isBetween(0, r.end().byteOffset());
        assertThat(r.end().byteOffset()).as("end of %s", what).isLessThanOrEqualTo(input.length);
        if (positions != null) {
            assertThat(r.start()).as("start position of %s", what).isEqualTo(positions.pos(r.start().byteOffset()));
            assertThat(r.end()).as("end position of %s", what).isEqualTo(positions.pos(r.end().byteOffset()));
        }
    }

    private static void checkBody(Body b, byte[] input) {
        checkRange(b.range(), input, null, "body");
        for (Attribute a : b.attributes()) {
            checkRange(a.range(), input, SourcePositions.of(input), a.name());
            checkExpression(a.expression(), input);
        }
        for (Block k : b.blocks()) {
            checkRange(k.range(), input, null, k.type());
            checkBody(k.body(), input);
        }
    }

    private static void checkExpression(Expression e, byte[] input) {
        SourcePositions positions = SourcePositions.of(input);
        Variables.walk(e, x -> checkRange(x.range(), input, positions, x));
        Variables.of(e);
        AstPrinter.print(e);
    }

    private static byte[] mutate(Random rnd, String seed) {
        List<Byte> b = new ArrayList<>();
        for (byte x : seed.getBytes(StandardCharsets.UTF_8)) {
            b.add(x);
        }
        int edits = 1 + rnd.nextInt(4);
        for (int i = 0; i < edits && !b.isEmpty(); i++) {
            int at = rnd.nextInt(b.size());
            switch (rnd.nextInt(5)) {
                case 0 -> {
                    int len = Math.min(b.size() - at, 1 + rnd.nextInt(12));
                    b.subList(at, at + len).clear();
                }
                case 1 -> {
                    byte[] ins = SOUP[rnd.nextInt(SOUP.length)].getBytes(StandardCharsets.UTF_8);
                    for (int k = ins.length - 1; k >= 0; k--) {
                        b.add(at, ins[k]);
                    }
                }
                case 2 -> b.set(at, (byte) rnd.nextInt(256));
                case 3 -> b.subList(at, b.size()).clear();
                default -> {
                    int len = Math.min(b.size() - at, 1 + rnd.nextInt(20));
                    List<Byte> copy = new ArrayList<>(b.subList(at, at + len));
                    b.addAll(rnd.nextInt(b.size() + 1), copy);
                }
            }
        }
        byte[] out = new byte[b.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.get(i);
        }
        return out;
    }

    private static byte[] soup(Random rnd) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + rnd.nextInt(40);
        for (int i = 0; i < n; i++) {
            sb.append(SOUP[rnd.nextInt(SOUP.length)]);
            if (rnd.nextInt(3) == 0) {
                sb.append(' ');
            }
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String show(byte[] input) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte x : input) {
            int c = x & 0xff;
            sb.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? String.valueOf((char) c)
                    : String.format("\\x%02x", c));
        }
        return sb.append('"').toString();
    }
}
