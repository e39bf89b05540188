package dev.kiln.docker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link JsonTrees} against databind's default {@code ObjectMapper}, the oracle for what the engine layer read and
 * wrote before: the same nodes (types included), the same bytes, the same failures.
 */
class JsonTreesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Asserts that two trees are equal node by node, node classes included (equals() alone lets 1 == 1L pass). */
    private static void assertSameTree(JsonNode actual, JsonNode expected) {
        assertThat(actual).isEqualTo(expected);
        assertThat(actual.getClass()).isEqualTo(expected.getClass());
        assertThat(actual.size()).isEqualTo(expected.size());
        if (expected.isObject()) {
            List<String> names = new ArrayList<>();
            actual.fieldNames().forEachRemaining(names::add);
            List<String> expectedNames = new ArrayList<>();
            expected.fieldNames().forEachRemaining(expectedNames::add);
            assertThat(names).containsExactlyElementsOf(expectedNames);
            for (String name : expectedNames) {
                assertSameTree(actual.get(name), expected.get(name));
            }
        } else if (expected.isArray()) {
            for (int i = 0; i < expected.size(); i++) {
                assertSameTree(actual.get(i), expected.get(i));
            }
        }
    }

    static Stream<String> documents() {
        return Stream.of(
                "0", "-0", "1", "-1", "2147483647", "-2147483648", "2147483648", "-2147483649",
                "9223372036854775807", "-9223372036854775808", "9223372036854775808", "-9223372036854775809",
                "123456789012345678901234567890", "1.5", "-0.0", "0.1", "1e3", "1E-7", "2.5e+10", "1e400", "-1e400",
                "4.9e-324", "1.7976931348623157E308", "123456789012345678901234567890.5",
                "true", "false", "null", "\"\"", "\"text\"", "[]", "{}", "[[[]]]",
                "{\"a\":1,\"b\":[1,2147483648,9223372036854775808,1.25,\"x\",true,false,null,{}],\"c\":{\"d\":{}}}",
                "{\"a\":1,\"b\":2,\"a\":3}", "{\"a\":{\"x\":1},\"a\":[2]}", "{\"a\":[1],\"b\":0,\"a\":{\"y\":2}}",
                " \n\t{\"padded\" : [ 1 , 2 ] }\r\n",
                "\"\\u00e9\\u20ac\\ud83d\\ude00 \\\" \\\\ \\/ \\b\\f\\n\\r\\t \\u0000\\u001f\"",
                "\"é€😀 中文 \u2028\u2029\"", "{\"ключ\":\"значение\",\"😀\":\"\"}",
                "{\"Id\":\"sha256:abc\",\"Size\":1985432,\"Config\":{\"Env\":[\"PATH=/bin\"],\"Labels\":null,"
                        + "\"Tty\":false,\"ExposedPorts\":{\"80/tcp\":{}}},"
                        + "\"RepoTags\":[\"kiln-examples/busybox:latest\"]}",
                // what follows the first value is not read, as readTree does not read it
                "{} garbage", "{}}", "[1] [2]", "1 2", "\"a\" :");
    }

    @ParameterizedTest
    @MethodSource("documents")
    void readsAsReadTreeDoesFromBytesTextAndStreams(String document) throws IOException {
        JsonNode expected = MAPPER.readTree(utf8(document));
        assertSameTree(JsonTrees.read(utf8(document)), expected);
        assertSameTree(JsonTrees.read(document), MAPPER.readTree(document));
        assertSameTree(JsonTrees.read(new ByteArrayInputStream(utf8(document))), expected);
    }

    @Test
    void readsIntegersAsIntLongOrBigIntegerNodesByTheirSize() throws IOException {
        assertThat(JsonTrees.read(utf8("2147483647"))).isEqualTo(IntNode.valueOf(Integer.MAX_VALUE));
        assertThat(JsonTrees.read(utf8("-2147483648"))).isEqualTo(IntNode.valueOf(Integer.MIN_VALUE));
        assertThat(JsonTrees.read(utf8("2147483648"))).isEqualTo(LongNode.valueOf(Integer.MAX_VALUE + 1L));
        assertThat(JsonTrees.read(utf8("-2147483649"))).isEqualTo(LongNode.valueOf(Integer.MIN_VALUE - 1L));
        assertThat(JsonTrees.read(utf8("9223372036854775807"))).isEqualTo(LongNode.valueOf(Long.MAX_VALUE));
        assertThat(JsonTrees.read(utf8("9223372036854775808")))
                .isEqualTo(BigIntegerNode.valueOf(BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE)));
        assertThat(JsonTrees.read(utf8("-9223372036854775809")))
                .isEqualTo(BigIntegerNode.valueOf(BigInteger.valueOf(Long.MIN_VALUE).subtract(BigInteger.ONE)));
        assertThat(JsonTrees.read(utf8("1.5"))).isEqualTo(DoubleNode.valueOf(1.5));
        assertThat(JsonTrees.read(utf8("1e2"))).isEqualTo(DoubleNode.valueOf(100));
        assertThat(JsonTrees.read(utf8("1e400"))).isEqualTo(DoubleNode.valueOf(Double.POSITIVE_INFINITY));
    }

    @Test
    void keepsTheLastValueOfARepeatedKeyInTheFirstOnesPlace() throws IOException {
        JsonNode tree = JsonTrees.read(utf8("{\"a\":1,\"b\":2,\"a\":{\"c\":3}}"));
        assertThat(tree.get("a").get("c").intValue()).isEqualTo(3);
        assertThat(List.of(tree.fieldNames().next())).containsExactly("a");
        assertThat(tree.size()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n\t\r\n  "})
    void readsEmptyInputAsAMissingNode(String document) throws IOException {
        assertThat(JsonTrees.read(utf8(document))).isSameAs(MissingNode.getInstance());
        assertThat(JsonTrees.read(document)).isSameAs(MissingNode.getInstance());
        assertThat(JsonTrees.read(new ByteArrayInputStream(utf8(document)))).isSameAs(MissingNode.getInstance());
        assertThat(MAPPER.readTree(utf8(document))).isSameAs(MissingNode.getInstance());
    }

    @Test
    void readsAFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("meta.json");
        Files.writeString(file, "{\"Endpoints\":{\"docker\":{\"Host\":\"unix:///run/é.sock\"}}}");
        assertSameTree(JsonTrees.read(file), MAPPER.readTree(file.toFile()));
        Files.writeString(file, "");
        assertThat(JsonTrees.read(file).isMissingNode()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":}", "[1,", "{\"a\":1", "{'a':1}", "nul", "{\"a\" 1}", "[1 2]", "\"open",
            "{\"a\":1,}", "NaN", "01", "-", "{\"a\":\"\\x\"}", "]", "\"a\u0001\""})
    void failsOnMalformedInputWithWhereAsReadTreeDoes(String document) {
        assertThatThrownBy(() -> MAPPER.readTree(utf8(document))).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> JsonTrees.read(utf8(document)))
                .isInstanceOf(JsonParseException.class)
                .hasMessageContaining("line: 1, column: ");
        assertThatThrownBy(() -> JsonTrees.read(document)).isInstanceOf(JsonParseException.class);
        assertThatThrownBy(() -> JsonTrees.read(new ByteArrayInputStream(utf8(document))))
                .isInstanceOf(JsonParseException.class);
    }

    @Test
    void reportsTheLineAndColumnOfAnError() {
        assertThatThrownBy(() -> JsonTrees.read(utf8("{\n  \"auths\": {,}\n}")))
                .isInstanceOfSatisfying(JsonParseException.class, e -> {
                    assertThat(e.getLocation().getLineNr()).isEqualTo(2);
                    assertThat(e.getLocation().getColumnNr()).isEqualTo(13);
                });
    }

    @Test
    void readsNestingAsDeepAsTheParserAllowsWithoutRecursion() throws IOException {
        String deep = "[".repeat(1000) + "]".repeat(1000);
        JsonNode tree = JsonTrees.read(utf8(deep));
        int depth = 0;
        for (JsonNode node = tree; node != null; node = node.get(0)) {
            depth++;
        }
        assertThat(depth).isEqualTo(1000);
        assertThat(JsonTrees.write(tree)).isEqualTo(utf8(deep));
        String tooDeep = "[".repeat(1001) + "]".repeat(1001);
        assertThatThrownBy(() -> MAPPER.readTree(tooDeep)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> JsonTrees.read(utf8(tooDeep))).isInstanceOf(IOException.class)
                .hasMessageContaining("nesting depth");
    }

    /** A tree with a node of every type the engine layer builds, and a few it could. */
    private static ObjectNode everyNodeType() {
        ObjectNode tree = NODES.objectNode();
        tree.put("text", "plain").put("unicode", "é€😀 \u2028 中文")
                .put("escapes", "\" \\ / \b\f\n\r\t \u0000 \u001f \u007f")
                .put("int", 42).put("intMin", Integer.MIN_VALUE).put("intMax", Integer.MAX_VALUE)
                .put("long", 1L << 40).put("longMin", Long.MIN_VALUE).put("longMax", Long.MAX_VALUE)
                .put("bigInteger", new BigInteger("123456789012345678901234567890"))
                .put("short", (short) 7).put("float", 0.1f).put("double", 1e-7).put("doubleWhole", 2.0)
                .put("bigDecimal", new BigDecimal("1234567890.0123456789")).put("bigDecimalExp", new BigDecimal("1E+3"))
                .put("nan", Double.NaN).put("infinity", Double.NEGATIVE_INFINITY)
                .put("true", true).put("false", false).putNull("null")
                .put("binary", new byte[] {0, 1, 2, (byte) 0xff, 'k', 'i', 'l', 'n'})
                .putPOJO("pojoNull", null).putPOJO("pojoTree", NODES.objectNode().put("inner", 1));
        tree.set("missing", MissingNode.getInstance());
        tree.putObject("empty");
        tree.putArray("emptyList");
        ArrayNode list = tree.putArray("list");
        list.add(1).add("two").add(3.5).addNull().add(true).addObject().putArray("deep").addArray().add(0);
        tree.putObject("ключ 😀").putArray("Cmd").add("/bin/sh").add("-c").add("echo \"$HOME\"");
        return tree;
    }

    @Test
    void writesEveryNodeTypeAsWriteValueAsBytesDoes() throws IOException {
        ObjectNode tree = everyNodeType();
        assertThat(new String(JsonTrees.write(tree), StandardCharsets.UTF_8))
                .isEqualTo(new String(MAPPER.writeValueAsBytes(tree), StandardCharsets.UTF_8));
        for (JsonNode value : List.of(tree.get("text"), tree.get("int"), tree.get("bigInteger"), tree.get("float"),
                tree.get("bigDecimal"), tree.get("binary"), tree.get("null"), tree.get("list"),
                MissingNode.getInstance())) {
            assertThat(JsonTrees.write(value)).isEqualTo(MAPPER.writeValueAsBytes(value));
        }
        assertThat(JsonTrees.write(MissingNode.getInstance())).isEqualTo(utf8("null"));
    }

    @Test
    void refusesToWriteAPojoItCannotWriteWithoutDataBinding() {
        ObjectNode tree = NODES.objectNode().putPOJO("pojo", new Object());
        assertThatThrownBy(() -> JsonTrees.write(tree)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Object");
    }

    @Test
    void readsBackWhatItWrites() throws IOException {
        ObjectNode tree = everyNodeType();
        // the types that JSON text keeps: a float, a short, a decimal, binary and POJOs come back as JSON reads them
        for (String name : List.of("short", "float", "bigDecimal", "bigDecimalExp", "nan", "infinity", "binary",
                "pojoNull", "pojoTree", "missing")) {
            tree.remove(name);
        }
        JsonNode back = JsonTrees.read(JsonTrees.write(tree));
        assertSameTree(back, tree);
        assertSameTree(JsonTrees.read(JsonTrees.write(back)), tree);
    }

    @Test
    void readsWhatItWritesOfTheOtherTypesAsReadTreeReadsWhatTheMapperWrites() throws IOException {
        ObjectNode tree = everyNodeType();
        assertSameTree(JsonTrees.read(JsonTrees.write(tree)), MAPPER.readTree(MAPPER.writeValueAsBytes(tree)));
    }

    @Test
    void readsAStreamOfDocumentsAsMappingIteratorDoes() throws IOException {
        String stream = "{\"status\":\"Pulling from library/busybox\"}\r\n\n  {\"status\":\"Downloading\","
                + "\"progressDetail\":{\"current\":2147483648,\"total\":9223372036854775808},\"id\":\"abc\"}\t"
                + "{\"stream\":\"Loaded image: é\\n\"}{\"a\":1}\n\"text\" 7 null\n";
        List<JsonNode> items = new ArrayList<>();
        JsonTrees.readAll(new ByteArrayInputStream(utf8(stream)), items::add);
        List<JsonNode> expected = new ArrayList<>();
        try (MappingIterator<JsonNode> it = MAPPER.readerFor(JsonNode.class).readValues(utf8(stream))) {
            while (it.hasNextValue()) {
                expected.add(it.nextValue());
            }
        }
        assertThat(items).hasSize(7).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertSameTree(items.get(i), expected.get(i));
        }
    }

    @Test
    void readsAnEmptyStreamAsNoDocuments() throws IOException {
        List<JsonNode> items = new ArrayList<>();
        JsonTrees.readAll(new ByteArrayInputStream(utf8(" \n\r\n")), items::add);
        JsonTrees.readAll(new ByteArrayInputStream(new byte[0]), items::add);
        assertThat(items).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1}\n{\"b\":", "{\"a\":1}\n{\"b\":2", "{\"a\":1}\n[", "{\"a\":1} \"open",
            "{\"a\":1}\n{\"b\":2]"})
    void handsOnTheDocumentsBeforeATruncatedOrBrokenOneAndThenFails(String stream) {
        List<JsonNode> items = new ArrayList<>();
        assertThatThrownBy(() -> JsonTrees.readAll(new ByteArrayInputStream(utf8(stream)), items::add))
                .isInstanceOf(JsonParseException.class)
                .hasMessageContaining("line: ");
        assertThat(items).containsExactly(NODES.objectNode().put("a", 1));
    }

    @Test
    void handsOnEachDocumentAsSoonAsItIsCompleteNotAtTheEndOfTheStream() throws Exception {
        PipedOutputStream engine = new PipedOutputStream();
        PipedInputStream body = new PipedInputStream(engine);
        CountDownLatch first = new CountDownLatch(1);
        Thread writer = new Thread(() -> {
            try {
                engine.write(utf8("{\"status\":\"first\"}\n"));
                engine.flush();
                if (first.await(10, TimeUnit.SECONDS)) { // the reader saw the first before the second was sent
                    engine.write(utf8("{\"status\":\"second\"}\n"));
                }
                engine.close();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        List<String> statuses = new ArrayList<>();
        JsonTrees.readAll(body, item -> {
            statuses.add(item.path("status").asText());
            first.countDown();
        });
        writer.join(10_000);
        assertThat(statuses).containsExactly("first", "second");
    }

    @Test
    void stopsReadingWhenTheCallbackThrowsAndClosesTheStream() {
        AtomicBoolean closed = new AtomicBoolean();
        InputStream in = new ByteArrayInputStream(utf8("{\"a\":1}{\"error\":\"no\"}{\"a\":3}")) {
            @Override
            public void close() {
                closed.set(true);
            }
        };
        List<JsonNode> items = new ArrayList<>();
        assertThatThrownBy(() -> JsonTrees.readAll(in, item -> {
            if (item.has("error")) {
                throw new IllegalStateException(item.get("error").asText());
            }
            items.add(item);
        })).isInstanceOf(IllegalStateException.class).hasMessage("no");
        assertThat(items).hasSize(1);
        assertThat(closed).isTrue();
    }

    @Test
    void closesTheStreamItReadsOneValueFrom() throws IOException {
        AtomicBoolean closed = new AtomicBoolean();
        InputStream in = new ByteArrayInputStream(utf8("{\"Id\":\"x\"} and more")) {
            @Override
            public void close() {
                closed.set(true);
            }
        };
        assertThat(JsonTrees.read(in).path("Id").asText()).isEqualTo("x");
        assertThat(closed).isTrue();
    }

    @Test
    void servesManyThreadsAtOnce() throws Exception {
        ObjectNode tree = everyNodeType();
        byte[] expected = MAPPER.writeValueAsBytes(tree);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                try {
                    for (int i = 0; i < 200; i++) {
                        byte[] written = JsonTrees.write(tree);
                        assertThat(written).isEqualTo(expected);
                        assertThat(JsonTrees.read(written).get("list").get(1).asText()).isEqualTo("two");
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(20_000);
        }
        assertThat(failures).isEmpty();
    }

    /**
     * No class of the engine layer refers to databind's mapper machinery (or prints a tree with
     * {@code toPrettyString}): one reference on a build's path brings back the mapper's whole set-up. Read from the
     * class files' constant pools, where every class a class refers to is named.
     */
    @Test
    void noEngineClassRefersToAnObjectMapper() throws Exception {
        List<String> banned = List.of("com/fasterxml/jackson/databind/ObjectMapper",
                "com/fasterxml/jackson/databind/ObjectReader", "com/fasterxml/jackson/databind/ObjectWriter",
                "com/fasterxml/jackson/databind/MappingIterator", "com/fasterxml/jackson/databind/json/JsonMapper",
                "toPrettyString");
        Path location = Path.of(JsonTrees.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, byte[]> classes = new TreeMap<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location.resolve("dev/kiln/docker/engine"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    classes.put(location.relativize(file).toString(), Files.readAllBytes(file));
                }
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                for (JarEntry entry : java.util.Collections.list(jar.entries())) {
                    if (entry.getName().startsWith("dev/kiln/docker/engine/") && entry.getName().endsWith(".class")) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            classes.put(entry.getName(), in.readAllBytes());
                        }
                    }
                }
            }
        }
        assertThat(classes).containsKey("dev/kiln/docker/engine/JsonTrees.class").hasSizeGreaterThan(20);
        List<String> found = new ArrayList<>();
        classes.forEach((name, bytes) -> {
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            banned.stream().filter(text::contains).forEach(b -> found.add(name + " -> " + b));
        });
        assertThat(found).as("engine classes that refer to databind's mapper; use JsonTrees").isEmpty();
    }
}
