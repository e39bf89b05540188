package dev.kiln.runtime.frontend.upgrade;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.runtime.frontend.hcl.syntax.Expression;
import dev.kiln.runtime.frontend.hcl.syntax.TemplatePart;
import dev.kiln.runtime.frontend.hcl.syntax.UnaryOp;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The value of a literal HCL expression (no variables, no functions), and of a JSON value, in one comparable form:
 * strings, {@code BigDecimal}s without trailing zeros, booleans, null, lists and maps. For round-trip tests, while
 * the HCL2 evaluator is being written.
 */
final class HclLiterals {

    private HclLiterals() {
    }

    static Object value(Expression e) {
        if (e instanceof Expression.StringLit s) {
            return s.value();
        }
        if (e instanceof Expression.Template t) {
            StringBuilder out = new StringBuilder();
            for (TemplatePart part : t.parts()) {
                if (!(part instanceof TemplatePart.Literal literal)) {
                    throw new AssertionError("not a literal template: " + t);
                }
                out.append(literal.value());
            }
            return out.toString();
        }
        if (e instanceof Expression.NumberLit n) {
            return number(new BigDecimal(n.text()));
        }
        if (e instanceof Expression.Unary u && u.op() == UnaryOp.NEGATE) {
            return ((BigDecimal) value(u.operand())).negate();
        }
        if (e instanceof Expression.BoolLit b) {
            return b.value();
        }
        if (e instanceof Expression.NullLit) {
            return null;
        }
        if (e instanceof Expression.TupleCons t) {
            List<Object> out = new ArrayList<>();
            t.elements().forEach(element -> out.add(value(element)));
            return out;
        }
        if (e instanceof Expression.ObjectCons o) {
            Map<String, Object> out = new LinkedHashMap<>();
            o.items().forEach(item -> out.put((String) value(item.key()), value(item.value())));
            return out;
        }
        throw new AssertionError("not a literal: " + e);
    }

    static Object value(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isNumber()) {
            return number(node.decimalValue());
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isArray()) {
            List<Object> out = new ArrayList<>();
            node.forEach(element -> out.add(value(element)));
            return out;
        }
        if (node.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            node.properties().forEach(field -> out.put(field.getKey(), value(field.getValue())));
            return out;
        }
        return null;
    }

    private static BigDecimal number(BigDecimal n) {
        return n.signum() == 0 ? BigDecimal.ZERO : n.stripTrailingZeros();
    }
}
