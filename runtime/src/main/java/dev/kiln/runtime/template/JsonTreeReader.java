package dev.kiln.runtime.template;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
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

    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String file;
    private final String content;
    private final Map<String, SourcePosition> keys = new HashMap<>();
    private final Map<String, SourcePosition> values = new HashMap<>();
    private final List<TemplateProblem> problems = new ArrayList<>();

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
        if (content.isBlank()) {
            problems.add(new TemplateProblem(new SourcePosition(file, 1, 1), "", "the file is empty; expected a JSON object"));
            return null;
        }
        try (JsonParser parser = FACTORY.createParser(content)) {
            parser.nextToken();
            JsonNode root = readValue(parser, JsonPointer.empty(), "", true);
            if (parser.nextToken() != null) {
                problems.add(new TemplateProblem(position(parser.currentTokenLocation()), "",
                        "malformed JSON: unexpected content after the end of the document"));
                return null;
            }
            return root;
        } catch (JsonProcessingException e) {
            problems.add(syntaxProblem(e));
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode readValue(JsonParser parser, JsonPointer pointer, String path, boolean record)
            throws IOException {
        SourcePosition start = position(parser.currentTokenLocation());
        if (record) {
            keys.putIfAbsent(pointer.toString(), start);
            values.put(pointer.toString(), start);
        }
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT: {
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    SourcePosition keyPosition = position(parser.currentTokenLocation());
                    JsonPointer child = pointer.appendProperty(name);
                    boolean duplicate = object.has(name);
                    if (duplicate) {
                        problems.add(new TemplateProblem(keyPosition, path, "duplicate key '" + name + "'"));
                    } else if (record) {
                        keys.put(child.toString(), keyPosition);
                    }
                    parser.nextToken();
                    JsonNode value = readValue(parser, child, Paths.member(path, name), record && !duplicate);
                    if (!duplicate) {
                        object.set(name, value);
                    }
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = NODES.arrayNode();
                int index = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(readValue(parser, pointer.appendIndex(index), path + "[" + index + "]", record));
                    index++;
                }
                return array;
            }
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
                throw new IllegalStateException("unexpected JSON token " + token + " at " + start);
        }
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
