package dev.kiln.runtime.frontend.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.runtime.frontend.KeyPaths;
import dev.kiln.runtime.frontend.SourcePosition;
import dev.kiln.runtime.frontend.TemplateProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads JSON text into a tree and a {@link SourceMap} in one streaming pass, reporting duplicate keys (keeping the
 * first) and translating syntax errors into short messages with the line and column where they are.
 */
final class JsonTreeReader {

    /** What was read: the tree (null after a syntax error), where each node is, and the problems found. */
    record Result(JsonNode root, SourceMap sourceMap, List<TemplateProblem> problems) {
    }

    /** Jackson's own limits are lifted: Kiln checks its own, where they are broken, in its own words. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(Integer.MAX_VALUE)
                    .maxNameLength(Integer.MAX_VALUE)
                    .maxNumberLength(Integer.MAX_VALUE)
                    .maxStringLength(Integer.MAX_VALUE)
                    .build())
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String file;
    private final String content;
    private final Map<String, SourcePosition> keys = new HashMap<>();
    private final Map<String, SourcePosition> values = new HashMap<>();
    private final List<TemplateProblem> problems = new ArrayList<>();
    private boolean overLimit;

    private JsonTreeReader(String file, String content) {
        this.file = file;
        this.content = content;
    }

    /** Reads {@code content}, naming {@code file} in positions. */
    static Result read(String file, String content) {
        String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
        JsonTreeReader reader = new JsonTreeReader(file, text);
        JsonNode root = reader.readDocument();
        return new Result(root, new SourceMap(file, reader.keys, reader.values), List.copyOf(reader.problems));
    }

    private JsonNode readDocument() {
        if (content.length() > TemplateLimits.MAX_FILE_BYTES) {
            problems.add(new TemplateProblem(SourcePosition.of(file), "", "the file is longer than "
                    + TemplateLimits.characters(TemplateLimits.MAX_FILE_BYTES) + ", Kiln's limit for a file it reads"));
            return null;
        }
        if (content.isBlank()) {
            problems.add(new TemplateProblem(new SourcePosition(file, 1, 1), "", "the file is empty; expected a JSON object"));
            return null;
        }
        try (JsonParser parser = FACTORY.createParser(content)) {
            parser.nextToken();
            JsonNode root = readTree(parser);
            if (parser.nextToken() != null) {
                problems.add(new TemplateProblem(position(parser.currentTokenLocation()), "",
                        "malformed JSON: unexpected content after the end of the document"));
                return null;
            }
            return overLimit ? null : root;
        } catch (JsonProcessingException e) {
            problems.add(syntaxProblem(e));
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An object or list being read, with where it is and (for an object) the member whose value is being read. */
    private static final class Open {
        final ContainerNode<?> node;
        final JsonPointer pointer;
        final String path;
        final boolean record;
        int index;                      // a list's next element
        String member;                  // an object's member whose value is being read; null for a duplicate

        Open(ContainerNode<?> node, JsonPointer pointer, String path, boolean record) {
            this.node = node;
            this.pointer = pointer;
            this.path = path;
            this.record = record;
        }
    }

    /**
     * Reads the value at the current token. Objects and lists nest on a stack of their own rather than the Java
     * stack. A value that breaks one of Kiln's limits is reported, skipped and read as null; the document is then
     * not used.
     */
    private JsonNode readTree(JsonParser parser) throws IOException {
        Deque<Open> open = new ArrayDeque<>();
        JsonNode value = start(parser, JsonPointer.empty(), "", true, open);
        while (!open.isEmpty()) {
            Open top = open.peek();
            JsonToken token = parser.nextToken();
            if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                open.pop();
                if (open.isEmpty()) {
                    return top.node;
                }
                add(open.peek(), top.node);
                continue;
            }
            JsonPointer pointer;
            String path;
            boolean record = top.record;
            if (top.node.isObject()) {
                String name = parser.currentName();
                SourcePosition keyPosition = position(parser.currentTokenLocation());
                parser.nextToken();
                if (name.length() > TemplateLimits.MAX_KEY_LENGTH) {
                    overLimit(keyPosition, top.path, "the key '" + TemplateLimits.excerpt(name) + "' is "
                            + TemplateLimits.count(name.length()) + " characters long, more than "
                            + TemplateLimits.characters(TemplateLimits.MAX_KEY_LENGTH) + ", Kiln's limit for a key");
                    parser.skipChildren();
                    continue;
                }
                pointer = top.pointer.appendProperty(name);
                path = KeyPaths.member(top.path, name);
                if (top.node.has(name)) {
                    problems.add(new TemplateProblem(keyPosition, top.path, "duplicate key '" + name + "'"));
                    top.member = null;
                    record = false;
                } else {
                    top.member = name;
                    if (record) {
                        keys.put(pointer.toString(), keyPosition);
                    }
                }
            } else {
                pointer = top.pointer.appendIndex(top.index);
                path = KeyPaths.index(top.path, top.index);
                top.index++;
            }
            JsonNode scalar = start(parser, pointer, path, record, open);
            if (scalar != null) {
                add(top, scalar);
            }
        }
        return value;
    }

    /** Adds a value read to the object or list it is in (unless it is a duplicate member). */
    private static void add(Open container, JsonNode value) {
        if (container.node.isArray()) {
            ((ArrayNode) container.node).add(value);
        } else if (container.member != null) {
            ((ObjectNode) container.node).set(container.member, value);
        }
    }

    /**
     * Starts reading the value at the current token: returns a scalar, or opens an object or list on {@code open}
     * and returns null.
     */
    private JsonNode start(JsonParser parser, JsonPointer pointer, String path, boolean record, Deque<Open> open)
            throws IOException {
        SourcePosition start = position(parser.currentTokenLocation());
        if (record) {
            keys.putIfAbsent(pointer.toString(), start);
            values.put(pointer.toString(), start);
        }
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT:
            case START_ARRAY:
                if (open.size() + 1 > TemplateLimits.MAX_NESTING_DEPTH) {
                    overLimit(start, path, "lists and objects are nested more than "
                            + TemplateLimits.count(TemplateLimits.MAX_NESTING_DEPTH) + " levels deep here, Kiln's "
                            + "limit; nest them less deeply");
                    parser.skipChildren();
                    return NODES.nullNode();
                }
                open.push(new Open(token == JsonToken.START_OBJECT ? NODES.objectNode() : NODES.arrayNode(), pointer,
                        path, record));
                return null;
            case VALUE_STRING:
                if (parser.getTextLength() > TemplateLimits.MAX_VALUE_LENGTH) {
                    overLimit(start, path, "the string is " + TemplateLimits.count(parser.getTextLength())
                            + " characters long, more than " + TemplateLimits.characters(TemplateLimits.MAX_VALUE_LENGTH)
                            + ", Kiln's limit for a value");
                    return NODES.nullNode();
                }
                return NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                if (parser.getTextLength() > TemplateLimits.MAX_NUMBER_LENGTH) {
                    overLimit(start, path, "the number '" + TemplateLimits.excerpt(parser.getText()) + "' is "
                            + TemplateLimits.count(parser.getTextLength()) + " characters long, more than "
                            + TemplateLimits.count(TemplateLimits.MAX_NUMBER_LENGTH) + ", Kiln's limit for a number; "
                            + "write it in quotes if it is text");
                    return NODES.nullNode();
                }
                return number(parser);
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new IllegalStateException("unexpected JSON token " + token + " at " + start);
        }
    }

    private static JsonNode number(JsonParser parser) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
            return NODES.numberNode(parser.getDoubleValue());
        }
        switch (parser.getNumberType()) {
            case INT:
                return NODES.numberNode(parser.getIntValue());
            case LONG:
                return NODES.numberNode(parser.getLongValue());
            default:
                return NODES.numberNode(parser.getBigIntegerValue());
        }
    }

    private void overLimit(SourcePosition position, String path, String message) {
        overLimit = true;
        problems.add(new TemplateProblem(position, KeyPaths.abbreviate(path), message));
    }

    private SourcePosition position(JsonLocation location) {
        return new SourcePosition(file, location.getLineNr(), location.getColumnNr());
    }

    // ---- syntax errors -------------------------------------------------------------------------------------------

    private static final Pattern UNEXPECTED_CHAR = Pattern.compile("Unexpected character \\('(.+?)' \\(code \\d+\\)\\):? ?(.*)", Pattern.DOTALL);
    private static final Pattern UNRECOGNIZED_TOKEN = Pattern.compile("(?:Unrecognized|Non-standard) token '(.*?)'.*", Pattern.DOTALL);
    private static final Pattern OPENED_AT = Pattern.compile(".*?(Object|Array).*?line: (\\d+), column: (\\d+).*", Pattern.DOTALL);
    private static final Pattern CLOSE_MARKER = Pattern.compile("Unexpected close marker '(.)'.*", Pattern.DOTALL);
    private static final Pattern CTRL_CHAR = Pattern.compile("Illegal unquoted character \\(\\(CTRL-CHAR, code (\\d+)\\)\\).*", Pattern.DOTALL);
    private static final Pattern BAD_ESCAPE = Pattern.compile("Unrecognized character escape '(.+?)'.*", Pattern.DOTALL);
    private static final Pattern CODE = Pattern.compile(" \\(code \\d+\\)");

    private TemplateProblem syntaxProblem(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        int line = location == null ? 1 : Math.max(1, location.getLineNr());
        int column = location == null ? 1 : Math.max(1, location.getColumnNr());
        String original = e.getOriginalMessage() == null ? "malformed JSON" : e.getOriginalMessage();
        String message;
        Matcher m;
        if ((m = UNRECOGNIZED_TOKEN.matcher(original)).matches()) {
            String token = m.group(1);
            column = Math.max(1, column - token.length());
            message = "unrecognized value '" + token + "'; expected a string in double quotes, a number, true, false, "
                    + "null, an object or a list";
        } else if ((m = UNEXPECTED_CHAR.matcher(original)).matches()) {
            message = unexpectedCharacter(m.group(1), m.group(2), line, column);
        } else if ((m = CLOSE_MARKER.matcher(original)).matches()) {
            Matcher opened = OPENED_AT.matcher(original);
            message = "unexpected '" + m.group(1) + "'"
                    + (opened.matches() ? "; the " + (opened.group(1).equals("Object") ? "object" : "list")
                    + " opened at line " + opened.group(2) + ", column " + opened.group(3) + " must be closed with '"
                    + (opened.group(1).equals("Object") ? "}" : "]") + "' first" : "");
        } else if (original.startsWith("Unexpected end-of-input")) {
            Matcher opened = OPENED_AT.matcher(original);
            if (original.contains("closing quote") || original.contains("field name")) {
                message = "unexpected end of file inside a string; a closing '\"' is missing";
            } else if (opened.matches()) {
                boolean object = opened.group(1).equals("Object");
                message = "unexpected end of file; the " + (object ? "object" : "list") + " opened at line "
                        + opened.group(2) + ", column " + opened.group(3) + " is not closed (missing '"
                        + (object ? "}" : "]") + "')";
            } else {
                message = "unexpected end of file";
            }
        } else if ((m = CTRL_CHAR.matcher(original)).matches()) {
            int code = Integer.parseInt(m.group(1));
            message = code == 10 || code == 13 ? "line break inside a string; write it as \\n"
                    : code == 9 ? "tab character inside a string; write it as \\t"
                    : "control character (code " + code + ") inside a string; escape it as \\u" + String.format("%04x", code);
        } else if ((m = BAD_ESCAPE.matcher(original)).matches()) {
            message = "invalid escape '\\" + m.group(1) + "' in a string; JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t "
                    + "and \\uXXXX";
        } else if (original.contains("Leading zeroes")) {
            message = "numbers must not start with a zero";
        } else {
            message = CODE.matcher(original.split("\n")[0]).replaceAll("");
        }
        return new TemplateProblem(new SourcePosition(file, line, column), "", "malformed JSON: " + message);
    }

    private String unexpectedCharacter(String found, String expectation, int line, int column) {
        char previous = previousNonBlank(line, column);
        String shown = "'" + found + "'";
        if (found.equals("/") || found.equals("#")) {
            return "comments are not allowed in JSON; use a root key starting with '_' instead";
        }
        if (expectation.contains("double-quote to start field name")) {
            if ((found.equals("}")) && previous == ',') {
                return "trailing comma before '}'; remove the last ','";
            }
            if (found.equals("'")) {
                return "keys must be in double quotes, not single quotes";
            }
            return "expected a key in double quotes, found " + shown;
        }
        if (expectation.contains("expected a value") || expectation.contains("expected a valid value")) {
            if ((found.equals("]") || found.equals("}")) && previous == ',') {
                return "trailing comma before '" + found + "'; remove the last ','";
            }
            if (found.equals("'")) {
                return "strings must be in double quotes, not single quotes";
            }
            return "expected a value, found " + shown;
        }
        if (expectation.contains("colon to separate")) {
            return "expected ':' after the key, found " + shown;
        }
        if (expectation.contains("comma to separate Object")) {
            return "expected ',' or '}' after a value, found " + shown + "; is a comma missing?";
        }
        if (expectation.contains("comma to separate Array")) {
            return "expected ',' or ']' after a value, found " + shown + "; is a comma missing?";
        }
        return "unexpected " + shown;
    }

    /** The last non-blank character before the 1-based line and column, or 0 when there is none. */
    private char previousNonBlank(int line, int column) {
        int offset = 0;
        for (int l = 1; l < line && offset >= 0; l++) {
            offset = content.indexOf('\n', offset) + 1;
            if (offset == 0) {
                return 0;
            }
        }
        for (int i = Math.min(content.length(), offset + column - 1) - 1; i >= 0; i--) {
            if (!Character.isWhitespace(content.charAt(i))) {
                return content.charAt(i);
            }
        }
        return 0;
    }
}
