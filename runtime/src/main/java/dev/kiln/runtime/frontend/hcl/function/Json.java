package dev.kiln.runtime.frontend.hcl.function;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.kiln.runtime.frontend.hcl.value.HclValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON as cty writes and reads it: keys sorted, numbers exact, HTML characters escaped as Go does. */
final class Json {

    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {
    }

    /** Encodes a wholly known value; throws FunctionException for unknowns and infinities. */
    static String encode(HclValue v) {
        StringBuilder b = new StringBuilder();
        encode(v, b);
        return b.toString();
    }

    private static void encode(HclValue v, StringBuilder b) {
        if (!v.isKnown()) {
            throw new FunctionException("value is not known");
        }
        if (v.isNull()) {
            b.append("null");
            return;
        }
        var t = v.type();
        if (t == dev.kiln.runtime.frontend.hcl.value.HclType.STRING) {
            quote(v.asString(), b);
        } else if (t == dev.kiln.runtime.frontend.hcl.value.HclType.NUMBER) {
            if (v.isInfinite()) {
                throw new FunctionException("cannot serialize infinity as JSON");
            }
            b.append(HclValue.numberText(v));
        } else if (t == dev.kiln.runtime.frontend.hcl.value.HclType.BOOL) {
            b.append(v.asBoolean());
        } else if (t.isMap() || t.isObject()) {
            b.append('{');
            boolean first = true;
            for (var e : v.entries().entrySet()) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                quote(e.getKey(), b);
                b.append(':');
                encode(e.getValue(), b);
            }
            b.append('}');
        } else if (t.isList() || t.isSet() || t.isTuple()) {
            b.append('[');
            boolean first = true;
            for (HclValue e : v.elements()) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                encode(e, b);
            }
            b.append(']');
        } else {
            throw new FunctionException("value of type " + t.friendlyName() + " cannot be encoded as JSON");
        }
    }

    /** A JSON string literal as Go's encoding/json writes it. */
    static void quote(String s, StringBuilder b) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> b.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder();
        quote(s, b);
        return b.toString();
    }

    /** Decodes JSON text to a value of the type the JSON implies (arrays become tuples, objects objects). */
    static HclValue decode(String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new FunctionException("unexpected end of JSON input");
            }
            HclValue v = read(p, first);
            if (p.nextToken() != null) {
                throw new FunctionException("extraneous data after JSON object");
            }
            return v;
        } catch (JsonParseException e) {
            throw new FunctionException(e.getOriginalMessage());
        } catch (IOException e) {
            throw new FunctionException(e.getMessage());
        }
    }

    private static HclValue read(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case VALUE_NULL:
                return HclValue.NULL;
            case VALUE_TRUE:
                return HclValue.TRUE;
            case VALUE_FALSE:
                return HclValue.FALSE;
            case VALUE_STRING:
                return HclValue.string(p.getText());
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return HclValue.number(new java.math.BigDecimal(p.getText()));
            case START_ARRAY: {
                List<HclValue> l = new ArrayList<>();
                for (JsonToken n = p.nextToken(); n != JsonToken.END_ARRAY; n = p.nextToken()) {
                    l.add(read(p, n));
                }
                return HclValue.tuple(l);
            }
            case START_OBJECT: {
                Map<String, HclValue> m = new LinkedHashMap<>();
                for (JsonToken n = p.nextToken(); n != JsonToken.END_OBJECT; n = p.nextToken()) {
                    String k = p.currentName();
                    m.put(k, read(p, p.nextToken()));
                }
                return HclValue.object(m);
            }
            default:
                throw new FunctionException("unexpected JSON token " + t);
        }
    }
}
