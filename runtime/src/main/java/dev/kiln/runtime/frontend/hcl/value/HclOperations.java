package dev.kiln.runtime.frontend.hcl.value;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.text.BreakIterator;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The operations HCL's expression evaluator performs, with HCL 2.6 / cty 1.4 semantics and diagnostics: arithmetic,
 * comparison, equality, logic, index, attribute access, length, iteration for {@code for} expressions and splats, and
 * the conditional's unification. Each throws {@link HclException} with HCL's summary and detail; unknown operands give
 * unknown results of the right type.
 */
public final class HclOperations {

    /** The precision of division, close to cty's 512-bit floats. */
    public static final MathContext DIVISION = new MathContext(155, RoundingMode.HALF_EVEN);

    private HclOperations() {
    }

    /** The binary arithmetic operators. */
    public enum Arithmetic { ADD, SUBTRACT, MULTIPLY, DIVIDE, MODULO }

    /** The comparison operators. */
    public enum Comparison { LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL }

    // ---- arithmetic ---------------------------------------------------------------------------------------------

    public static HclValue add(HclValue a, HclValue b) {
        return arithmetic(Arithmetic.ADD, a, b);
    }

    public static HclValue subtract(HclValue a, HclValue b) {
        return arithmetic(Arithmetic.SUBTRACT, a, b);
    }

    public static HclValue multiply(HclValue a, HclValue b) {
        return arithmetic(Arithmetic.MULTIPLY, a, b);
    }

    public static HclValue divide(HclValue a, HclValue b) {
        return arithmetic(Arithmetic.DIVIDE, a, b);
    }

    public static HclValue modulo(HclValue a, HclValue b) {
        return arithmetic(Arithmetic.MODULO, a, b);
    }

    /** {@code a op b}: both operands are converted to numbers first ({@code "1" + 1} is 2). */
    public static HclValue arithmetic(Arithmetic op, HclValue a, HclValue b) {
        HclValue x = operand(a, HclType.NUMBER, "left");
        HclValue y = operand(b, HclType.NUMBER, "right");
        if (!x.isKnown() || !y.isKnown()) {
            return HclValue.unknown(HclType.NUMBER);
        }
        requireNotNull(x, y);
        return switch (op) {
            case ADD -> numberAdd(x, y);
            case SUBTRACT -> numberSubtract(x, y);
            case MULTIPLY -> numberMultiply(x, y);
            case DIVIDE -> numberDivide(x, y);
            case MODULO -> numberModulo(x, y);
        };
    }

    /** Unary {@code -a}. */
    public static HclValue negate(HclValue a) {
        HclValue x = operand(a, HclType.NUMBER, "unary");
        if (!x.isKnown()) {
            return HclValue.unknown(HclType.NUMBER);
        }
        requireNotNull(x);
        return negateNumber(x);
    }

    static HclValue negateNumber(HclValue x) {
        if (x.isInfinite()) {
            return x.asDouble() > 0 ? HclValue.NEGATIVE_INFINITY : HclValue.POSITIVE_INFINITY;
        }
        return HclValue.number(x.asBigDecimal().negate());
    }

    private static HclValue numberAdd(HclValue x, HclValue y) {
        if (x.isInfinite() || y.isInfinite()) {
            if (x.isInfinite() && y.isInfinite() && x.asDouble() != y.asDouble()) {
                throw failed("can't compute sum of opposing infinities");
            }
            return x.isInfinite() ? x : y;
        }
        return HclValue.number(x.asBigDecimal().add(y.asBigDecimal()));
    }

    private static HclValue numberSubtract(HclValue x, HclValue y) {
        if (x.isInfinite() && y.isInfinite() && x.asDouble() == y.asDouble()) {
            throw failed("can't subtract infinity from itself");
        }
        return numberAdd(x, negateNumber(y));
    }

    private static HclValue numberMultiply(HclValue x, HclValue y) {
        if (x.isInfinite() || y.isInfinite()) {
            if (x.asDouble() == 0 || y.asDouble() == 0) {
                throw failed("can't multiply zero by infinity");
            }
            return Math.signum(x.asDouble()) * Math.signum(y.asDouble()) > 0
                    ? HclValue.POSITIVE_INFINITY : HclValue.NEGATIVE_INFINITY;
        }
        return HclValue.number(x.asBigDecimal().multiply(y.asBigDecimal()));
    }

    private static HclValue numberDivide(HclValue x, HclValue y) {
        boolean xZero = !x.isInfinite() && x.asBigDecimal().signum() == 0;
        boolean yZero = !y.isInfinite() && y.asBigDecimal().signum() == 0;
        if (xZero && yZero || x.isInfinite() && y.isInfinite()) {
            throw failed("can't divide zero by zero or infinity by infinity");
        }
        if (yZero || x.isInfinite()) {
            return Math.signum(x.asDouble()) * (yZero ? 1 : Math.signum(y.asDouble())) > 0
                    ? HclValue.POSITIVE_INFINITY : HclValue.NEGATIVE_INFINITY;
        }
        if (y.isInfinite()) {
            return HclValue.ZERO;
        }
        return HclValue.number(x.asBigDecimal().divide(y.asBigDecimal(), DIVISION));
    }

    private static HclValue numberModulo(HclValue x, HclValue y) {
        if (x.isInfinite() || y.isInfinite()) {
            return numberMultiply(x, y);
        }
        if (y.asBigDecimal().signum() == 0) {
            return x;
        }
        return HclValue.number(x.asBigDecimal().remainder(y.asBigDecimal()));
    }

    /** Compares two known, non-null numbers (infinities included). */
    public static int compareNumbers(HclValue a, HclValue b) {
        if (a.isInfinite() || b.isInfinite()) {
            return Double.compare(a.asDouble(), b.asDouble());
        }
        return a.asBigDecimal().compareTo(b.asBigDecimal());
    }

    // ---- comparison, equality, logic ----------------------------------------------------------------------------

    /** {@code a < b} and friends; operands are converted to numbers. */
    public static HclValue compare(Comparison op, HclValue a, HclValue b) {
        HclValue x = operand(a, HclType.NUMBER, "left");
        HclValue y = operand(b, HclType.NUMBER, "right");
        if (!x.isKnown() || !y.isKnown()) {
            return HclValue.unknown(HclType.BOOL);
        }
        requireNotNull(x, y);
        int c = compareNumbers(x, y);
        return HclValue.bool(switch (op) {
            case LESS -> c < 0;
            case LESS_OR_EQUAL -> c <= 0;
            case GREATER -> c > 0;
            case GREATER_OR_EQUAL -> c >= 0;
        });
    }

    /** {@code a == b}: values of different types are not equal; unknown in, unknown out. Never throws. */
    public static HclValue equal(HclValue a, HclValue b) {
        if (!a.isKnown() || !b.isKnown()) {
            if (a.isKnown() && !a.isNull() && !b.type().hasDynamic() && !a.type().equals(b.type())) {
                return HclValue.FALSE;
            }
            if (b.isKnown() && !b.isNull() && !a.type().hasDynamic() && !a.type().equals(b.type())) {
                return HclValue.FALSE;
            }
            return HclValue.unknown(HclType.BOOL);
        }
        if (a.isNull() || b.isNull()) {
            return HclValue.bool(a.isNull() && b.isNull());
        }
        if (a.type().hasDynamic() || b.type().hasDynamic()) {
            return HclValue.unknown(HclType.BOOL);
        }
        if (!a.type().equals(b.type())) {
            return HclValue.FALSE;
        }
        HclType t = a.type();
        if (t.isPrimitive()) {
            return HclValue.bool(t == HclType.NUMBER ? compareNumbers(a, b) == 0 : a.equals(b));
        }
        boolean unknown = false;
        if (t.isMap() || t.isObject()) {
            if (!a.entries().keySet().equals(b.entries().keySet())) {
                return HclValue.FALSE;
            }
            for (var e : a.entries().entrySet()) {
                HclValue r = equal(e.getValue(), b.entries().get(e.getKey()));
                if (!r.isKnown()) {
                    unknown = true;
                } else if (!r.asBoolean()) {
                    return HclValue.FALSE;
                }
            }
        } else {
            List<HclValue> x = a.elements();
            List<HclValue> y = b.elements();
            if (x.size() != y.size()) {
                return HclValue.FALSE;
            }
            for (int i = 0; i < x.size(); i++) {
                HclValue r = equal(x.get(i), y.get(i));
                if (!r.isKnown()) {
                    unknown = true;
                } else if (!r.asBoolean()) {
                    return HclValue.FALSE;
                }
            }
        }
        return unknown ? HclValue.unknown(HclType.BOOL) : HclValue.TRUE;
    }

    /** {@code a != b}. */
    public static HclValue notEqual(HclValue a, HclValue b) {
        HclValue r = equal(a, b);
        return r.isKnown() ? HclValue.bool(!r.asBoolean()) : r;
    }

    /** {@code a && b}; operands are converted to bool. */
    public static HclValue and(HclValue a, HclValue b) {
        HclValue x = operand(a, HclType.BOOL, "left");
        HclValue y = operand(b, HclType.BOOL, "right");
        if (!x.isKnown() || !y.isKnown()) {
            return HclValue.unknown(HclType.BOOL);
        }
        requireNotNull(x, y);
        return HclValue.bool(x.asBoolean() && y.asBoolean());
    }

    /** {@code a || b}; operands are converted to bool. */
    public static HclValue or(HclValue a, HclValue b) {
        HclValue x = operand(a, HclType.BOOL, "left");
        HclValue y = operand(b, HclType.BOOL, "right");
        if (!x.isKnown() || !y.isKnown()) {
            return HclValue.unknown(HclType.BOOL);
        }
        requireNotNull(x, y);
        return HclValue.bool(x.asBoolean() || y.asBoolean());
    }

    /** {@code !a}. */
    public static HclValue not(HclValue a) {
        HclValue x = operand(a, HclType.BOOL, "unary");
        if (!x.isKnown()) {
            return HclValue.unknown(HclType.BOOL);
        }
        requireNotNull(x);
        return HclValue.bool(!x.asBoolean());
    }

    // ---- conditional --------------------------------------------------------------------------------------------

    /** {@code cond ? a : b}: both results are unified to one type, as HCL does after evaluating both. */
    public static HclValue conditional(HclValue cond, HclValue a, HclValue b) {
        HclType t = HclConvert.unify(List.of(a.type(), b.type()), true).orElseThrow(() -> new HclException(
                "Inconsistent conditional result types",
                "The true and false result expressions must have consistent types. The given expressions are "
                        + a.type().friendlyName() + " and " + b.type().friendlyName() + ", respectively."));
        if (cond.isNull()) {
            throw new HclException("Null condition",
                    "The condition value is null. Conditions must either be true or false.");
        }
        HclValue c;
        try {
            c = HclConvert.convert(cond, HclType.BOOL);
        } catch (ConversionException e) {
            throw new HclException("Incorrect condition type", "The condition expression must be of type bool.");
        }
        if (!c.isKnown()) {
            return HclValue.unknown(t);
        }
        HclValue chosen = c.asBoolean() ? a : b;
        try {
            return HclConvert.convert(chosen, t);
        } catch (ConversionException e) {
            throw new HclException("Inconsistent conditional result types", "The " + (c.asBoolean() ? "true" : "false")
                    + " result value has the wrong type: " + e.getMessage() + ".");
        }
    }

    // ---- index and attributes -----------------------------------------------------------------------------------

    /** {@code collection[key]}, as HCL's {@code hcl.Index}. */
    public static HclValue index(HclValue collection, HclValue key) {
        if (collection.isNull()) {
            throw new HclException("Attempt to index null value",
                    "This value is null, so it does not have any indices.");
        }
        if (key.isNull()) {
            throw new HclException("Invalid index", "Can't use a null value as an indexing key.");
        }
        HclType t = collection.type();
        if (t == HclType.DYNAMIC || key.type() == HclType.DYNAMIC) {
            return HclValue.DYNAMIC_UNKNOWN;
        }
        if (t.isList() || t.isTuple() || t.isMap()) {
            HclValue k = indexKey(key, t.isMap() ? HclType.STRING : HclType.NUMBER);
            if (!collection.isKnown() || !k.isKnown()) {
                return t.isTuple() ? HclValue.DYNAMIC_UNKNOWN : HclValue.unknown(t.elementType());
            }
            if (t.isMap()) {
                HclValue e = collection.entries().get(k.asString());
                if (e == null) {
                    throw noElement();
                }
                return e;
            }
            if (k.isInfinite()) {
                throw noElement();
            }
            BigDecimal d = k.asBigDecimal();
            if (d.stripTrailingZeros().scale() > 0) {
                throw new HclException("Invalid index", "The given key does not identify an element in this collection "
                        + "value: indexing a sequence requires a whole number, but the given index (" + goG(k)
                        + ") has a fractional part.");
            }
            List<HclValue> l = collection.elements();
            if (d.signum() < 0 || d.compareTo(BigDecimal.valueOf(l.size())) >= 0) {
                throw noElement();
            }
            return l.get(d.intValueExact());
        }
        if (t.isObject()) {
            HclValue k = indexKey(key, HclType.STRING);
            if (!collection.isKnown() || !k.isKnown()) {
                return HclValue.DYNAMIC_UNKNOWN;
            }
            HclValue e = collection.entries().get(k.asString());
            if (e == null) {
                throw noElement();
            }
            return e;
        }
        throw new HclException("Invalid index", "This value does not have any indices.");
    }

    private static HclValue indexKey(HclValue key, HclType want) {
        try {
            return HclConvert.convert(key, want);
        } catch (ConversionException e) {
            throw new HclException("Invalid index",
                    "The given key does not identify an element in this collection value: " + e.getMessage() + ".");
        }
    }

    private static HclException noElement() {
        return new HclException("Invalid index",
                "The given key does not identify an element in this collection value.");
    }

    /** {@code obj.name}, as HCL's {@code hcl.GetAttr}. */
    public static HclValue getAttr(HclValue obj, String name) {
        if (obj.isNull()) {
            throw new HclException("Attempt to get attribute from null value",
                    "This value is null, so it does not have any attributes.");
        }
        HclType t = obj.type();
        if (t instanceof HclType.ObjectType o) {
            if (!o.hasAttribute(name)) {
                throw new HclException("Unsupported attribute",
                        "This object does not have an attribute named " + Strings.quote(name) + ".");
            }
            return obj.isKnown() ? obj.entries().get(name) : HclValue.unknown(o.attributeType(name));
        }
        if (t.isMap()) {
            if (!obj.isKnown()) {
                return HclValue.unknown(t.elementType());
            }
            HclValue e = obj.entries().get(name);
            if (e == null) {
                throw new HclException("Missing map element",
                        "This map does not have an element with the key " + Strings.quote(name) + ".");
            }
            return e;
        }
        if (t == HclType.DYNAMIC) {
            return HclValue.DYNAMIC_UNKNOWN;
        }
        throw new HclException("Unsupported attribute", "This value does not have any attributes.");
    }

    // ---- length and iteration -----------------------------------------------------------------------------------

    /**
     * The number of elements of a collection or structural value, or of characters (grapheme clusters) of a string.
     * Unknown collections have unknown length, except tuples and objects, whose length is in their type.
     */
    public static HclValue length(HclValue v) {
        HclType t = v.type();
        if (t instanceof HclType.TupleType tt) {
            return HclValue.number(tt.elements().size());
        }
        if (t instanceof HclType.ObjectType ot) {
            return HclValue.number(ot.attributes().size());
        }
        if (!v.isKnown() || t == HclType.DYNAMIC) {
            return HclValue.unknown(HclType.NUMBER);
        }
        if (v.isNull()) {
            throw new HclException("Invalid function argument", "argument must not be null");
        }
        if (t == HclType.STRING) {
            return HclValue.number(graphemeCount(v.asString()));
        }
        if (t.isCollection()) {
            return HclValue.number(v.length());
        }
        throw new HclException("Invalid function argument",
                "argument must be a string, a collection type, or a structural type");
    }

    /** The number of user-perceived characters (extended grapheme clusters) in {@code s}. */
    public static int graphemeCount(String s) {
        BreakIterator it = BreakIterator.getCharacterInstance(java.util.Locale.ROOT);
        it.setText(s);
        int n = 0;
        while (it.next() != BreakIterator.DONE) {
            n++;
        }
        return n;
    }

    /** True if {@code v}'s type can be iterated by a {@code for} expression. */
    public static boolean canIterate(HclType t) {
        return t.isCollection() || t.isStructural() || t == HclType.DYNAMIC;
    }

    /**
     * The key/value pairs a {@code for} expression iterates over: index and element of a list or tuple, element and
     * element of a set, key and element of a map or object, in order. {@code v} must be known.
     */
    public static List<Map.Entry<HclValue, HclValue>> iterate(HclValue v) {
        if (v.isNull()) {
            throw new HclException("Iteration over null value",
                    "A null value cannot be used as the collection in a 'for' expression.");
        }
        HclType t = v.type();
        if (!(t.isCollection() || t.isStructural())) {
            throw new HclException("Iteration over non-iterable value", "A value of type " + t.friendlyName()
                    + " cannot be used as the collection in a 'for' expression.");
        }
        if (!v.isKnown()) {
            throw new IllegalStateException("iterate() needs a known value; the result of iterating " + v
                    + " is unknown");
        }
        List<Map.Entry<HclValue, HclValue>> out = new ArrayList<>();
        if (t.isMap() || t.isObject()) {
            v.entries().forEach((k, e) -> out.add(new AbstractMap.SimpleImmutableEntry<>(HclValue.string(k), e)));
        } else {
            List<HclValue> l = v.elements();
            for (int i = 0; i < l.size(); i++) {
                HclValue key = t.isSet() ? l.get(i) : HclValue.number(i);
                out.add(new AbstractMap.SimpleImmutableEntry<>(key, l.get(i)));
            }
        }
        return out;
    }

    /**
     * The elements a splat ({@code v[*]} or {@code v.*}) applies its traversal to: the elements of a list, set or
     * tuple; nothing for null; the value itself otherwise (a splat on a non-list wraps it). {@code v} must be known.
     */
    public static List<HclValue> splatElements(HclValue v) {
        if (v.isNull()) {
            return List.of();
        }
        HclType t = v.type();
        if (t.isList() || t.isSet() || t.isTuple()) {
            return v.elements();
        }
        return List.of(v);
    }

    /**
     * The result of a splat over {@code source} given the traversal's results: a list for a list or set source whose
     * results share a type, a tuple otherwise; an unknown for an unknown source.
     */
    public static HclValue splatResult(HclValue source, List<HclValue> results) {
        HclType t = source.type();
        if (!source.isKnown()) {
            return HclValue.DYNAMIC_UNKNOWN;
        }
        if (source.isNull()) {
            return HclValue.EMPTY_TUPLE;
        }
        if ((t.isList() || t.isSet()) && !results.isEmpty()
                && results.stream().map(HclValue::type).distinct().count() == 1) {
            return HclValue.list(results);
        }
        if ((t.isList() || t.isSet()) && results.isEmpty()) {
            return HclValue.emptyList(HclType.DYNAMIC);
        }
        return HclValue.tuple(results);
    }

    // ---- templates ----------------------------------------------------------------------------------------------

    /**
     * A value interpolated into a string template ({@code "${v}"} with other parts): converted to a string, unknown
     * staying unknown, null and non-primitive values refused as HCL refuses them.
     */
    public static HclValue templateString(HclValue v) {
        if (!v.isKnown()) {
            return HclValue.unknown(HclType.STRING);
        }
        if (v.isNull()) {
            throw new HclException("Invalid template interpolation value",
                    "The expression result is null. Cannot include a null value in a string template.");
        }
        try {
            return HclConvert.convert(v, HclType.STRING);
        } catch (ConversionException e) {
            throw new HclException("Invalid template interpolation value",
                    "Cannot include the given value in a string template: " + e.getMessage() + ".");
        }
    }

    // ---- internals ----------------------------------------------------------------------------------------------

    private static HclValue operand(HclValue v, HclType want, String which) {
        try {
            return HclConvert.convert(v, want);
        } catch (ConversionException e) {
            throw new HclException("Invalid operand",
                    "Unsuitable value for " + which + " operand: " + e.getMessage() + ".",
                    "right".equals(which) ? 1 : 0);
        }
    }

    private static void requireNotNull(HclValue... vs) {
        for (HclValue v : vs) {
            if (v.isNull()) {
                throw failed("argument must not be null");
            }
        }
    }

    private static HclException failed(String why) {
        return new HclException("Operation failed", "Error during operation: " + why + ".");
    }

    /** A number as Go's {@code %g} writes a float (shortest form, exponent for large or small magnitudes). */
    static String goG(HclValue n) {
        if (n.isInfinite()) {
            return n.asDouble() > 0 ? "+Inf" : "-Inf";
        }
        BigDecimal d = n.asBigDecimal();
        if (d.signum() == 0) {
            return "0";
        }
        int exp = d.precision() - d.scale() - 1;
        if (exp < -4 || exp >= 6) {
            BigDecimal unscaled = d.movePointLeft(exp).stripTrailingZeros();
            String e = (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
            return unscaled.toPlainString() + "e" + e;
        }
        return d.toPlainString();
    }

    static BigInteger toBigInteger(BigDecimal d) {
        return d.toBigInteger();
    }
}
