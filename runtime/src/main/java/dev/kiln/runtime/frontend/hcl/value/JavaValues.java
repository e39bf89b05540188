package dev.kiln.runtime.frontend.hcl.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Conversion between values and plain Java objects or Jackson trees. */
final class JavaValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private JavaValues() {
    }

    static HclValue fromJava(Object o) {
        if (o == null) {
            return HclValue.NULL;
        }
        if (o instanceof HclValue h) {
            return h;
        }
        if (o instanceof CharSequence s) {
            return HclValue.string(s.toString());
        }
        if (o instanceof Boolean b) {
            return HclValue.bool(b);
        }
        if (o instanceof BigDecimal d) {
            return HclValue.number(d);
        }
        if (o instanceof BigInteger i) {
            return HclValue.number(i);
        }
        if (o instanceof Double || o instanceof Float) {
            return HclValue.number(((Number) o).doubleValue());
        }
        if (o instanceof Number n) {
            return HclValue.number(n.longValue());
        }
        if (o instanceof List<?> l) {
            List<HclValue> out = new ArrayList<>(l.size());
            l.forEach(e -> out.add(fromJava(e)));
            return HclValue.tuple(out);
        }
        if (o instanceof Map<?, ?> m) {
            Map<String, HclValue> out = new LinkedHashMap<>();
            m.forEach((k, e) -> out.put(String.valueOf(k), fromJava(e)));
            return HclValue.object(out);
        }
        throw new IllegalArgumentException("no HCL value for a " + o.getClass().getName());
    }

    static Object toJava(HclValue v) {
        if (!v.isKnown()) {
            throw unknown(v);
        }
        if (v.isNull()) {
            return null;
        }
        HclType t = v.type();
        if (t == HclType.STRING) {
            return v.asString();
        }
        if (t == HclType.NUMBER) {
            return v.isInfinite() ? (Object) v.asDouble() : v.asBigDecimal();
        }
        if (t == HclType.BOOL) {
            return v.asBoolean();
        }
        if (t.isMap() || t.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            v.entries().forEach((k, e) -> out.put(k, toJava(e)));
            return out;
        }
        List<Object> out = new ArrayList<>();
        v.elements().forEach(e -> out.add(toJava(e)));
        return out;
    }

    static JsonNode toJsonNode(HclValue v) {
        if (!v.isKnown()) {
            throw unknown(v);
        }
        if (v.isNull()) {
            return NODES.nullNode();
        }
        HclType t = v.type();
        if (t == HclType.STRING) {
            return NODES.textNode(v.asString());
        }
        if (t == HclType.NUMBER) {
            if (v.isInfinite()) {
                throw new HclException("Invalid value", "An infinite number cannot be represented in JSON.");
            }
            BigDecimal d = v.asBigDecimal();
            if (d.scale() <= 0) {
                BigInteger i = d.toBigIntegerExact();
                return i.bitLength() < 64 ? NODES.numberNode(i.longValue()) : NODES.numberNode(i);
            }
            return NODES.numberNode(d);
        }
        if (t == HclType.BOOL) {
            return NODES.booleanNode(v.asBoolean());
        }
        if (t.isMap() || t.isObject()) {
            ObjectNode o = NODES.objectNode();
            v.entries().forEach((k, e) -> o.set(k, toJsonNode(e)));
            return o;
        }
        ArrayNode a = NODES.arrayNode();
        v.elements().forEach(e -> a.add(toJsonNode(e)));
        return a;
    }

    static HclValue fromJsonNode(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return HclValue.NULL;
        }
        if (n.isTextual()) {
            return HclValue.string(n.textValue());
        }
        if (n.isBoolean()) {
            return HclValue.bool(n.booleanValue());
        }
        if (n.isNumber()) {
            return HclValue.number(n.isIntegralNumber() ? new BigDecimal(n.bigIntegerValue()) : n.decimalValue());
        }
        if (n.isArray()) {
            List<HclValue> out = new ArrayList<>(n.size());
            n.forEach(e -> out.add(fromJsonNode(e)));
            return HclValue.tuple(out);
        }
        if (n.isObject()) {
            Map<String, HclValue> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), fromJsonNode(e.getValue()));
            }
            return HclValue.object(out);
        }
        throw new IllegalArgumentException("no HCL value for JSON node " + n.getNodeType());
    }

    private static HclException unknown(HclValue v) {
        return new HclException("Unknown value", "The value " + v + " is not known yet, so it cannot be used here.");
    }
}
