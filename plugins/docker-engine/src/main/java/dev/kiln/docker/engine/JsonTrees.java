package dev.kiln.docker.engine;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The engine layer's JSON: Jackson trees read and written with jackson-core's streaming parser and generator, without
 * databind's {@code ObjectMapper}. A mapper's set-up (its date formats, locale data, serializer and deserializer
 * caches: some 300 classes) was a large part of a cold build's CPU, and the engine layer only ever needs trees.
 *
 * <p>Trees read as a default {@code ObjectMapper.readTree} reads them: integers as {@code IntNode}, {@code LongNode}
 * or {@code BigIntegerNode} by size, other numbers as {@code DoubleNode}; a repeated key keeps its first place and its
 * last value; what follows the first value is not read; empty input (or only white space) is a {@code MissingNode}.
 * Syntax errors are jackson-core's {@link JsonParseException} (an {@link IOException}) with line and column. Written
 * bytes are what {@code ObjectMapper.writeValueAsBytes} writes: compact UTF-8.
 *
 * <p>Never call {@code toString()} or {@code toPrettyString()} on a tree in the engine layer (nor concatenate one into a
 * message): databind prints trees through an internal mapper, which sets up all of the above again; print
 * {@link #write}'s bytes instead.
 *
 * <p>Thread-safe: one factory serves every caller.
 */
final class JsonTrees {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTrees() {
    }

    /** A new, empty object. */
    static ObjectNode object() {
        return NODES.objectNode();
    }

    /** A new, empty array. */
    static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** The first JSON value in {@code bytes} (UTF-8, or UTF-16/32 as detected), or a missing node if there is none. */
    static JsonNode read(byte[] bytes) throws IOException {
        try (JsonParser parser = FACTORY.createParser(bytes)) {
            return first(parser);
        }
    }

    /** The first JSON value in {@code text}, or a missing node when there is none. */
    static JsonNode read(String text) throws JsonProcessingException {
        try (JsonParser parser = FACTORY.createParser(text)) {
            return first(parser);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // text in memory: no input to fail, only its syntax
        }
    }

    /** The first JSON value in a file, or a missing node when there is none. */
    static JsonNode read(Path file) throws IOException {
        try (JsonParser parser = FACTORY.createParser(file.toFile())) {
            return first(parser);
        }
    }

    /**
     * The first JSON value read from {@code in}, or a missing node when there is none; closes {@code in}, and reads
     * nothing after that value.
     */
    static JsonNode read(InputStream in) throws IOException {
        try (JsonParser parser = FACTORY.createParser(in)) {
            return first(parser);
        }
    }

    /**
     * Reads a stream of JSON values, separated by white space or not at all (the engine's progress streams), and
     * hands each to {@code each} as soon as it is complete; closes {@code in} at the end. A top-level array is one
     * value. A value cut off by the end of the stream fails with a {@link JsonParseException}, after the values
     * before it were handed on; whatever {@code each} throws ends the reading.
     */
    static void readAll(InputStream in, Consumer<JsonNode> each) throws IOException {
        try (JsonParser parser = FACTORY.createParser(in)) {
            while (parser.nextToken() != null) {
                each.accept(value(parser));
            }
        }
    }

    /** {@code node} as compact UTF-8 JSON; a missing node is written as {@code null}. */
    static byte[] write(JsonNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            write(generator, node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
        return out.toByteArray();
    }

    private static JsonNode first(JsonParser parser) throws IOException {
        return parser.nextToken() == null ? NODES.missingNode() : value(parser);
    }

    /**
     * The value that starts at the parser's current token. Objects and arrays nest on a stack of their own, not the
     * Java stack: the parser's nesting limit (1000) is the only limit.
     */
    private static JsonNode value(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
            return scalar(parser, token);
        }
        ContainerNode<?> root = token == JsonToken.START_OBJECT ? NODES.objectNode() : NODES.arrayNode();
        Deque<ContainerNode<?>> open = new ArrayDeque<>();
        open.push(root);
        while (!open.isEmpty()) {
            ContainerNode<?> top = open.peek();
            token = parser.nextToken();
            if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                open.pop();
                continue;
            }
            String name = null;
            if (token == JsonToken.FIELD_NAME) {
                name = parser.currentName();
                token = parser.nextToken();
            }
            if (token == null) { // the parser reports an unclosed value itself; this only guards the loop
                throw new JsonParseException(parser, "unexpected end of the JSON input");
            }
            JsonNode child;
            if (token == JsonToken.START_OBJECT) {
                child = NODES.objectNode();
            } else if (token == JsonToken.START_ARRAY) {
                child = NODES.arrayNode();
            } else {
                child = scalar(parser, token);
            }
            if (name != null) {
                ((ObjectNode) top).set(name, child); // a repeated key: the last value, in the first one's place
            } else {
                ((ArrayNode) top).add(child);
            }
            if (child.isContainerNode()) {
                open.push((ContainerNode<?>) child);
            }
        }
        return root;
    }

    private static JsonNode scalar(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case VALUE_STRING:
                return NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT:
                switch (parser.getNumberType()) {
                    case INT:
                        return NODES.numberNode(parser.getIntValue());
                    case LONG:
                        return NODES.numberNode(parser.getLongValue());
                    default:
                        return NODES.numberNode(parser.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new JsonParseException(parser, "unexpected JSON token " + token);
        }
    }

    private static void write(JsonGenerator generator, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT:
                generator.writeStartObject();
                for (Map.Entry<String, JsonNode> member : node.properties()) {
                    generator.writeFieldName(member.getKey());
                    write(generator, member.getValue());
                }
                generator.writeEndObject();
                break;
            case ARRAY:
                generator.writeStartArray();
                for (JsonNode element : node) {
                    write(generator, element);
                }
                generator.writeEndArray();
                break;
            case STRING:
                generator.writeString(node.textValue());
                break;
            case NUMBER:
                writeNumber(generator, node);
                break;
            case BOOLEAN:
                generator.writeBoolean(node.booleanValue());
                break;
            case BINARY:
                generator.writeBinary(node.binaryValue());
                break;
            case POJO:
                Object pojo = ((POJONode) node).getPojo();
                if (pojo instanceof JsonNode) {
                    write(generator, (JsonNode) pojo);
                } else if (pojo == null) {
                    generator.writeNull();
                } else {
                    throw new IllegalArgumentException("cannot write a " + pojo.getClass().getName()
                            + " in a JSON tree without data binding");
                }
                break;
            default: // NULL, and MISSING as databind writes it
                generator.writeNull();
                break;
        }
    }

    private static void writeNumber(JsonGenerator generator, JsonNode node) throws IOException {
        switch (node.numberType()) {
            case INT:
                generator.writeNumber(node.intValue());
                break;
            case LONG:
                generator.writeNumber(node.longValue());
                break;
            case BIG_INTEGER:
                generator.writeNumber(node.bigIntegerValue());
                break;
            case FLOAT:
                generator.writeNumber(node.floatValue());
                break;
            case DOUBLE:
                generator.writeNumber(node.doubleValue());
                break;
            default:
                generator.writeNumber(node.decimalValue());
                break;
        }
    }
}
