package dev.kiln.runtime.frontend.hcl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.runtime.frontend.hcl.value.HclType;
import dev.kiln.runtime.frontend.hcl.value.HclValue;

import java.util.Set;

/** Values as text for the model (variable values, sensitive values). */
final class HclValues {
    private HclValues() {
    }

    /** A string as itself, any other known value as JSON, null as empty, unknown as null. */
    static String text(HclValue v) {
        if (!v.isWhollyKnown()) {
            return null;
        }
        if (v.isNull()) {
            return "";
        }
        if (v.type() == HclType.STRING) {
            return v.asString();
        }
        if (v.type() == HclType.NUMBER || v.type() == HclType.BOOL) {
            return v.type() == HclType.NUMBER ? HclValue.numberText(v) : String.valueOf(v.asBoolean());
        }
        JsonNode node = v.toJsonNode();
        return node.toString();
    }

    /** Every primitive leaf of {@code v} as text, for masking. */
    static void leaves(HclValue v, Set<String> out) {
        if (!v.isKnown() || v.isNull()) {
            return;
        }
        HclType t = v.type();
        if (t.isPrimitive()) {
            String s = text(v);
            if (s != null && !s.isEmpty()) {
                out.add(s);
            }
        } else if (t.isMap() || t.isObject()) {
            v.entries().values().forEach(e -> leaves(e, out));
        } else if (t.isCollection() || t.isTuple()) {
            v.elements().forEach(e -> leaves(e, out));
        }
    }
}
