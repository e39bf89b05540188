package dev.kiln.runtime.frontend.hcl.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.runtime.frontend.hcl.value.HclException;
import dev.kiln.runtime.frontend.hcl.value.HclLiterals;
import dev.kiln.runtime.frontend.hcl.value.HclValue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every function against the table in {@code functions.txt}: {@code call => result} where the call's arguments and
 * the result are written as {@link HclValue#toString()} writes values, and an error result is
 * {@code !summary: detail}. Lines starting with {@code #} are comments; "1.6.6:" in a comment notes where Packer
 * 1.6.6 behaves differently from current Packer, which Kiln follows.
 */
class HclFunctionsTest {

    @TempDir
    static Path dir;

    static Map<String, HclFunction> table;

    @BeforeAll
    static void setUp() throws IOException {
        Files.writeString(dir.resolve("hello.txt"), "Hello World");
        Files.write(dir.resolve("binary.bin"), new byte[] {(byte) 0xff, 0});
        Files.createDirectories(dir.resolve("sub/deeper"));
        Files.writeString(dir.resolve("sub/a.txt"), "a");
        Files.writeString(dir.resolve("sub/b.md"), "b");
        Files.writeString(dir.resolve("sub/deeper/c.txt"), "c");
        Clock clock = Clock.fixed(Instant.parse("2026-12-01T10:20:30.456Z"), ZoneOffset.UTC);
        table = HclFunctions.withEnv(HclFunctions.packer(dir, Path.of("/work/dir"), Path.of("/home/kiln"), clock),
                Map.of("HOME", "/home/kiln"));
    }

    static Stream<Arguments> cases() throws IOException {
        try (InputStream in = HclFunctionsTest.class.getResourceAsStream("functions.txt")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> {
                int arrow = l.indexOf(" => ");
                return Arguments.of(l.substring(0, arrow).trim(), l.substring(arrow + 4).trim());
            }).toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void function(String call, String expected) {
        int paren = call.indexOf('(');
        String name = call.substring(0, paren);
        String inner = call.substring(paren + 1, call.lastIndexOf(')'));
        List<HclValue> args = HclLiterals.v("[" + inner + "]").elements();
        if (expected.startsWith("!")) {
            assertThatThrownBy(() -> HclFunctions.call(table, name, args)).isInstanceOf(HclException.class)
                    .hasMessage(expected.substring(1).replace("$DIR", dir.toString()));
        } else {
            HclValue result = HclFunctions.call(table, name, args);
            assertThat(result.toString()).isEqualTo(expected.replace("$DIR", dir.toString()));
        }
    }

    @Test
    void uuidv4IsRandomAndWellFormed() {
        String a = HclFunctions.call(table, "uuidv4", List.of()).asString();
        String b = HclFunctions.call(table, "uuidv4", List.of()).asString();
        assertThat(a).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}").isNotEqualTo(b);
    }

    @Test
    void base64gzipRoundTrips() throws IOException {
        String b64 = HclFunctions.call(table, "base64gzip", List.of(HclValue.string("test"))).asString();
        byte[] gz = java.util.Base64.getDecoder().decode(b64);
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("test");
        }
    }

    @Test
    void envIsASeparateEntry() {
        Map<String, HclFunction> plain = HclFunctions.packer(dir, Clock.systemUTC());
        assertThat(plain).doesNotContainKey("env");
        assertThat(HclFunctions.env(Map.of("A", "1")).call(HclValue.string("A"))).isEqualTo(HclValue.string("1"));
        assertThat(HclFunctions.env(Map.of()).call(HclValue.string("A"))).isEqualTo(HclValue.string(""));
    }

    @Test
    void tableHasPackersFunctions() {
        assertThat(table.keySet()).contains("abs", "abspath", "alltrue", "anytrue", "aws_secretsmanager",
                "aws_secretsmanager_raw", "base64decode", "base64encode", "base64gzip", "basename", "bcrypt", "ceil",
                "chomp", "chunklist", "cidrhost", "cidrnetmask", "cidrsubnet", "cidrsubnets", "coalesce",
                "coalescelist", "compact", "concat", "consul_key", "contains", "csvdecode", "dirname", "distinct",
                "element", "endswith", "file", "filebase64", "fileexists", "fileset", "flatten", "floor", "format",
                "formatdate", "formatlist", "indent", "index", "join", "jsondecode", "jsonencode", "keys", "length",
                "log", "lookup", "lower", "max", "md5", "merge", "min", "parseint", "pathexpand", "pow", "range",
                "regex", "regex_replace", "regexall", "replace", "reverse", "rfc3339_parse", "setintersection",
                "setproduct", "setunion", "sha1", "sha256", "sha512", "signum", "slice", "sort", "split", "startswith",
                "strcontains", "strrev", "substr", "sum", "timeadd", "timestamp", "title", "trim", "trimprefix",
                "trimspace", "trimsuffix", "unix_timestamp_parse", "upper", "urlencode", "uuidv4", "uuidv5", "values",
                "vault", "zipmap");
    }

    /** Every function given unknown arguments of unknown type returns an unknown value instead of failing. */
    @Test
    void unknownArgumentsGiveUnknownResults() {
        for (HclFunction f : table.values()) {
            List<HclValue> args = new java.util.ArrayList<>();
            f.parameters().forEach(p -> args.add(HclValue.DYNAMIC_UNKNOWN));
            if (f.parameters().isEmpty() && f.variadic() == null) {
                continue;
            }
            if (f.variadic() != null) {
                args.add(HclValue.DYNAMIC_UNKNOWN);
            }
            HclValue r = f.call(args);
            assertThat(r.isKnown()).as(f.name()).isFalse();
        }
    }

    /** Every function given unknown arguments of its parameter types returns an unknown value of its result type. */
    @Test
    void typedUnknownArgumentsGiveUnknownResults() {
        for (HclFunction f : table.values()) {
            List<HclValue> args = new java.util.ArrayList<>();
            f.parameters().forEach(p -> args.add(HclValue.unknown(p.type())));
            if (f.variadic() != null) {
                args.add(HclValue.unknown(f.variadic().type()));
            }
            if (args.isEmpty()) {
                continue;
            }
            HclValue r;
            try {
                r = f.call(args);
            } catch (HclException e) {
                throw new AssertionError(f.name() + ": " + e.getMessage(), e);
            }
            assertThat(r.isKnown()).as(f.name()).isFalse();
        }
    }

    /** The key and ciphertext were made with openssl for this test (genrsa -traditional; pkeyutl -encrypt). */
    @Test
    void rsadecrypt() throws IOException {
        String key;
        try (InputStream in = HclFunctionsTest.class.getResourceAsStream("rsa-test-key.pem")) {
            key = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String ciphertext = "lwiGCVA8iqdBh77DbOBlCa18KXE/kw6YmQd75sUmMXDd28yh+CoUQfzvXY+HVpVj4bVpjlF4N+/fKwTY"
                + "pmvCRYK051XvBkHPQvOLnbHIZd/qf3IgQN1wQ+OCgHFhiDRXl9asi+SmbsfPyVUoYJVAVNHkImPKfydT"
                + "QQLHQ800gxI=";
        HclFunction f = table.get("rsadecrypt");
        assertThat(f.call(HclValue.string(ciphertext), HclValue.string(key)).asString()).isEqualTo("Hello, world!");
        assertThatThrownBy(() -> f.call(HclValue.string("!"), HclValue.string(key))).hasMessage("Error in function "
                + "call: Call to function \"rsadecrypt\" failed: failed to decode input \"!\": cipher text must be "
                + "base64-encoded.");
        assertThatThrownBy(() -> f.call(HclValue.string(ciphertext), HclValue.string("nokey"))).hasMessage(
                "Error in function call: Call to function \"rsadecrypt\" failed: failed to parse key: no key found.");
        String other = java.util.Base64.getEncoder().encodeToString(new byte[128]);
        assertThatThrownBy(() -> f.call(HclValue.string(other), HclValue.string(key))).hasMessage(
                "Error in function call: Call to function \"rsadecrypt\" failed: crypto/rsa: decryption error.");
    }

    @Test
    void expandingTheFinalArgument() {
        List<HclValue> args = List.of(HclValue.string("-"), HclLiterals.v("[[\"a\"], [\"b\", \"c\"]]"));
        List<HclValue> expanded = HclFunctions.expandFinalArgument(args).orElseThrow();
        assertThat(HclFunctions.call(table, "join", expanded)).isEqualTo(HclValue.string("a-b-c"));
        assertThat(HclFunctions.expandFinalArgument(List.of(HclValue.unknown(HclLiterals.t("list(string)")))))
                .isEmpty();
        assertThatThrownBy(() -> HclFunctions.expandFinalArgument(List.of(HclValue.string("x")))).hasMessage(
                "Invalid expanding argument value: The expanding argument (indicated by ...) must be of a tuple, "
                        + "list, or set type.");
        assertThatThrownBy(() -> HclFunctions.expandFinalArgument(List.of(HclValue.NULL))).hasMessage(
                "Invalid expanding argument value: The expanding argument (indicated by ...) must not be null.");
    }
}
