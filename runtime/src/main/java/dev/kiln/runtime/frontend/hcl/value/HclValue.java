package dev.kiln.runtime.frontend.hcl.value;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * An immutable, typed HCL (cty) value. A value is either <em>known</em> (a string, number, bool, list, set, map,
 * object or tuple), a typed <em>null</em>, or <em>unknown</em> (a placeholder of a type, possibly {@link
 * HclType#DYNAMIC}, for something decided later, such as {@code build.*} at validate time).
 *
 * <ul>
 *   <li>Strings are NFC-normalised.</li>
 *   <li>Numbers are {@link BigDecimal}s (integers exact, no trailing zeros) or positive/negative infinity.</li>
 *   <li>Sets are deduplicated and ordered as cty orders them: strings by code point, numbers numerically,
 *       {@code false} before {@code true}, other elements in a consistent order, unknown and null last.</li>
 *   <li>Maps and objects iterate in sorted key order (by code point, as Go compares strings).</li>
 * </ul>
 *
 * <p>{@link #equals} is raw equality (same type, same content, unknown equal to unknown of the same type); HCL's
 * {@code ==} is {@link HclOperations#equal}.
 */
public final class HclValue {

    /** Orders strings by Unicode code point, as Go compares UTF-8 strings. */
    public static final Comparator<String> KEY_ORDER = HclValue::compareCodePoints;

    private static final Object UNKNOWN = new Object() {
        @Override
        public String toString() {
            return "unknown";
        }
    };

    public static final HclValue TRUE = new HclValue(HclType.BOOL, Boolean.TRUE);
    public static final HclValue FALSE = new HclValue(HclType.BOOL, Boolean.FALSE);
    /** The literal {@code null}: a null of the dynamic pseudo-type. */
    public static final HclValue NULL = new HclValue(HclType.DYNAMIC, null);
    /** An unknown value of unknown type ({@code cty.DynamicVal}). */
    public static final HclValue DYNAMIC_UNKNOWN = new HclValue(HclType.DYNAMIC, UNKNOWN);
    public static final HclValue EMPTY_OBJECT = new HclValue(HclType.EMPTY_OBJECT, Collections.emptySortedMap());
    public static final HclValue EMPTY_TUPLE = new HclValue(HclType.EMPTY_TUPLE, List.of());
    public static final HclValue ZERO = new HclValue(HclType.NUMBER, BigDecimal.ZERO);
    public static final HclValue POSITIVE_INFINITY = new HclValue(HclType.NUMBER, Double.POSITIVE_INFINITY);
    public static final HclValue NEGATIVE_INFINITY = new HclValue(HclType.NUMBER, Double.NEGATIVE_INFINITY);

    private final HclType type;
    /** String, BigDecimal, Double (infinity only), Boolean, List (list/set/tuple), SortedMap (map/object). */
    private final Object v;

    private HclValue(HclType type, Object v) {
        this.type = type;
        this.v = v;
    }

    // ---- factories ------------------------------------------------------------------------------------------------

    public static HclValue string(String s) {
        Objects.requireNonNull(s, "s");
        return new HclValue(HclType.STRING, nfc(s));
    }

    public static HclValue number(BigDecimal n) {
        Objects.requireNonNull(n, "n");
        return new HclValue(HclType.NUMBER, normalise(n));
    }

    public static HclValue number(long n) {
        return new HclValue(HclType.NUMBER, BigDecimal.valueOf(n));
    }

    public static HclValue number(BigInteger n) {
        return new HclValue(HclType.NUMBER, normalise(new BigDecimal(n)));
    }

    /** A number from a double, as cty's {@code NumberFloatVal}: infinities kept, NaN refused. */
    public static HclValue number(double d) {
        if (Double.isNaN(d)) {
            throw new ArithmeticException("NaN is not a number value");
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? POSITIVE_INFINITY : NEGATIVE_INFINITY;
        }
        return new HclValue(HclType.NUMBER, normalise(new BigDecimal(Double.toString(d))));
    }

    /** Parses a number as HCL and cty do ({@code 1}, {@code -1.5}, {@code 1e3}); throws NumberFormatException. */
    public static HclValue parseNumber(String s) {
        String t = s.trim();
        if (!t.equals(s) || t.isEmpty() || t.startsWith("+.") || t.endsWith(".") && t.length() == 1) {
            throw new NumberFormatException(s);
        }
        return switch (t) {
            case "Inf", "+Inf", "inf", "+inf", "Infinity", "+Infinity" -> POSITIVE_INFINITY;
            case "-Inf", "-inf", "-Infinity" -> NEGATIVE_INFINITY;
            default -> {
                if (!t.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?")) {
                    throw new NumberFormatException(s);
                }
                yield number(new BigDecimal(t));
            }
        };
    }

    public static HclValue bool(boolean b) {
        return b ? TRUE : FALSE;
    }

    /** A typed null. */
    public static HclValue nullOf(HclType type) {
        return type == HclType.DYNAMIC ? NULL : new HclValue(type, null);
    }

    /** An unknown value of {@code type} ({@link HclType#DYNAMIC} when even the type is not known). */
    public static HclValue unknown(HclType type) {
        return type == HclType.DYNAMIC ? DYNAMIC_UNKNOWN : new HclValue(type, UNKNOWN);
    }

    /** A non-empty list; every element must have the same type. */
    public static HclValue list(List<HclValue> elements) {
        if (elements.isEmpty()) {
            throw new IllegalArgumentException("an empty list needs an element type: use emptyList(type)");
        }
        return list(commonType(elements, "list"), elements);
    }

    /** A list of {@code elementType}; every element must have exactly that type. */
    public static HclValue list(HclType elementType, List<HclValue> elements) {
        checkElements(elementType, elements, "list");
        return new HclValue(HclType.list(elementType), List.copyOf(elements));
    }

    public static HclValue emptyList(HclType elementType) {
        return new HclValue(HclType.list(elementType), List.of());
    }

    /** A non-empty set; every element must have the same type. Duplicates are removed. */
    public static HclValue set(List<HclValue> elements) {
        if (elements.isEmpty()) {
            throw new IllegalArgumentException("an empty set needs an element type: use emptySet(type)");
        }
        return set(commonType(elements, "set"), elements);
    }

    public static HclValue set(HclType elementType, List<HclValue> elements) {
        checkElements(elementType, elements, "set");
        List<HclValue> sorted = new ArrayList<>(new java.util.LinkedHashSet<>(elements));
        sorted.sort(HclValue::compareSetElements);
        return new HclValue(HclType.set(elementType), Collections.unmodifiableList(sorted));
    }

    public static HclValue emptySet(HclType elementType) {
        return new HclValue(HclType.set(elementType), List.of());
    }

    /** A non-empty map; every element must have the same type. */
    public static HclValue map(Map<String, HclValue> elements) {
        if (elements.isEmpty()) {
            throw new IllegalArgumentException("an empty map needs an element type: use emptyMap(type)");
        }
        return map(commonType(elements.values(), "map"), elements);
    }

    public static HclValue map(HclType elementType, Map<String, HclValue> elements) {
        checkElements(elementType, elements.values(), "map");
        return new HclValue(HclType.map(elementType), sortedCopy(elements));
    }

    public static HclValue emptyMap(HclType elementType) {
        return new HclValue(HclType.map(elementType), Collections.emptySortedMap());
    }

    /** An object whose type is made of its attributes' types. */
    public static HclValue object(Map<String, HclValue> attributes) {
        SortedMap<String, HclValue> copy = sortedCopy(attributes);
        Map<String, HclType> types = new LinkedHashMap<>();
        copy.forEach((k, a) -> types.put(k, a.type()));
        return new HclValue(HclType.object(types), copy);
    }

    /** A tuple whose type is made of its elements' types. */
    public static HclValue tuple(List<HclValue> elements) {
        List<HclValue> copy = List.copyOf(elements);
        return new HclValue(HclType.tuple(copy.stream().map(HclValue::type).toList()), copy);
    }

    /**
     * A value of exactly {@code type} with the given content, for conversions: {@code elements} is a List for
     * list/set/tuple types or a Map for map/object types. Element types must match.
     */
    static HclValue ofType(HclType type, Object content) {
        if (type instanceof HclType.ListType l) {
            return list(l.element(), castList(content));
        }
        if (type instanceof HclType.SetType s) {
            return set(s.element(), castList(content));
        }
        if (type instanceof HclType.MapType m) {
            return map(m.element(), castMap(content));
        }
        if (type instanceof HclType.ObjectType o) {
            Map<String, HclValue> attrs = castMap(content);
            if (!attrs.keySet().equals(o.attributes().keySet())) {
                throw new IllegalArgumentException("attributes " + attrs.keySet() + " do not match " + type);
            }
            attrs.forEach((k, a) -> {
                if (!a.type().equals(o.attributes().get(k))) {
                    throw new IllegalArgumentException("attribute " + k + " is " + a.type() + ", not " + type);
                }
            });
            return new HclValue(new HclType.ObjectType(o.attributes(), java.util.Set.of()), sortedCopy(attrs));
        }
        if (type instanceof HclType.TupleType) {
            return tuple(castList(content));
        }
        throw new IllegalArgumentException(type + " is not a container type");
    }

    // ---- accessors ------------------------------------------------------------------------------------------------

    public HclType type() {
        return type;
    }

    public boolean isNull() {
        return v == null;
    }

    /** False for an unknown value; true for a known value even if it contains unknowns (see isWhollyKnown). */
    public boolean isKnown() {
        return v != UNKNOWN;
    }

    /** True if this value is known and contains no unknown value at any depth. */
    public boolean isWhollyKnown() {
        if (v == UNKNOWN) {
            return false;
        }
        if (v instanceof List<?> l) {
            return l.stream().allMatch(e -> ((HclValue) e).isWhollyKnown());
        }
        if (v instanceof Map<?, ?> m) {
            return m.values().stream().allMatch(e -> ((HclValue) e).isWhollyKnown());
        }
        return true;
    }

    /** True if this value is null or unknown. */
    public boolean isNullOrUnknown() {
        return v == null || v == UNKNOWN;
    }

    public String asString() {
        return (String) require(HclType.STRING);
    }

    /** The number; throws ArithmeticException for an infinity. */
    public BigDecimal asBigDecimal() {
        Object n = require(HclType.NUMBER);
        if (n instanceof Double) {
            throw new ArithmeticException("infinity has no decimal value");
        }
        return (BigDecimal) n;
    }

    public boolean isInfinite() {
        return type == HclType.NUMBER && v instanceof Double;
    }

    /** The number as a double (infinities included). */
    public double asDouble() {
        Object n = require(HclType.NUMBER);
        return n instanceof Double d ? d : ((BigDecimal) n).doubleValue();
    }

    public boolean asBoolean() {
        return (Boolean) require(HclType.BOOL);
    }

    /** The elements of a known list, set or tuple, in order. */
    @SuppressWarnings("unchecked")
    public List<HclValue> elements() {
        if (!(type.isList() || type.isSet() || type.isTuple()) || v == null || v == UNKNOWN) {
            throw new IllegalStateException("elements() of " + describe());
        }
        return (List<HclValue>) v;
    }

    /** The elements of a known map or the attributes of a known object, in key order. */
    @SuppressWarnings("unchecked")
    public SortedMap<String, HclValue> entries() {
        if (!(type.isMap() || type.isObject()) || v == null || v == UNKNOWN) {
            throw new IllegalStateException("entries() of " + describe());
        }
        return Collections.unmodifiableSortedMap((SortedMap<String, HclValue>) v);
    }

    /** The number of elements (attributes) of a known collection or structural value. */
    public int length() {
        if (v instanceof List<?> l) {
            return l.size();
        }
        if (v instanceof Map<?, ?> m) {
            return m.size();
        }
        throw new IllegalStateException("length() of " + describe());
    }

    // ---- plain-Java and JSON ------------------------------------------------------------------------------------

    /**
     * Converts a plain Java value: String, Number, Boolean, List (a tuple), Map with String keys (an object),
     * null ({@link #NULL}), or an HclValue as is.
     */
    public static HclValue fromJava(Object o) {
        return JavaValues.fromJava(o);
    }

    /**
     * This value as plain Java: String, BigDecimal (Double for an infinity), Boolean, List (list, set, tuple),
     * Map in key order (map, object), null for null. Throws HclException if the value is not wholly known.
     */
    public Object toJava() {
        return JavaValues.toJava(this);
    }

    /** This value as a Jackson tree, numbers as exact decimals; throws HclException if it is not wholly known. */
    public com.fasterxml.jackson.databind.JsonNode toJsonNode() {
        return JavaValues.toJsonNode(this);
    }

    /** Converts a Jackson tree: arrays become tuples, objects become objects. */
    public static HclValue fromJsonNode(com.fasterxml.jackson.databind.JsonNode node) {
        return JavaValues.fromJsonNode(node);
    }

    // ---- text ---------------------------------------------------------------------------------------------------

    /** A number as cty writes it: exact, no exponent, no trailing zeros ({@code 1}, {@code 1.5}, {@code +Inf}). */
    public static String numberText(HclValue n) {
        Object x = n.require(HclType.NUMBER);
        if (x instanceof Double d) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        return ((BigDecimal) x).toPlainString();
    }

    /** A short description for messages and debugging: the value in HCL syntax, or e.g. {@code (unknown string)}. */
    public String describe() {
        return toString();
    }

    /** This value in HCL syntax, e.g. {@code ["a", 1]}, {@code {a = true}}, {@code null}, {@code (unknown number)}. */
    @Override
    public String toString() {
        if (v == UNKNOWN) {
            return "(unknown " + type.typeExpression() + ")";
        }
        if (v == null) {
            return "null";
        }
        if (type == HclType.STRING) {
            return Strings.quote((String) v);
        }
        if (type == HclType.NUMBER) {
            return numberText(this);
        }
        if (type == HclType.BOOL) {
            return v.toString();
        }
        String body;
        if (v instanceof List<?> l) {
            body = l.stream().map(Object::toString).collect(Collectors.joining(", ", "[", "]"));
        } else {
            body = ((Map<?, ?>) v).entrySet().stream()
                    .map(e -> Strings.attributeName((String) e.getKey()) + " = " + e.getValue())
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        if (type.isSet()) {
            return "toset(" + body + ")";
        }
        if (type.isList()) {
            return "tolist(" + body + ")";
        }
        if (type.isMap()) {
            return "tomap(" + body + ")";
        }
        return body;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof HclValue other) || !type.equals(other.type)) {
            return false;
        }
        if (v instanceof BigDecimal a && other.v instanceof BigDecimal b) {
            return a.compareTo(b) == 0;
        }
        return Objects.equals(v, other.v);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + (v instanceof BigDecimal b ? b.stripTrailingZeros().hashCode()
                : Objects.hashCode(v));
    }

    // ---- internals ----------------------------------------------------------------------------------------------

    private Object require(HclType t) {
        if (type != t) {
            throw new IllegalStateException("expected a " + t + " value, not " + describe());
        }
        if (v == null || v == UNKNOWN) {
            throw new IllegalStateException("expected a known, non-null " + t + " value, not " + describe());
        }
        return v;
    }

    private static BigDecimal normalise(BigDecimal n) {
        BigDecimal s = n.signum() == 0 ? BigDecimal.ZERO : n.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    private static HclType commonType(java.util.Collection<HclValue> elements, String kind) {
        HclType t = elements.iterator().next().type();
        for (HclValue e : elements) {
            if (!e.type().equals(t)) {
                throw new IllegalArgumentException("inconsistent " + kind + " element types: " + t + " and "
                        + e.type());
            }
        }
        return t;
    }

    private static void checkElements(HclType elementType, java.util.Collection<HclValue> elements, String kind) {
        for (HclValue e : elements) {
            if (!e.type().equals(elementType)) {
                throw new IllegalArgumentException(kind + " element of type " + e.type() + " where " + elementType
                        + " is required");
            }
        }
    }

    /**
     * {@code s} in Unicode normal form C, as HCL keeps every string. Text without combining marks (nothing at or above
     * U+0300) is already in it, so the normalizer, whose tables cost a cold start 5 ms, is left out.
     */
    static String nfc(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= '\u0300') {
                return Normalizer.normalize(s, Normalizer.Form.NFC);
            }
        }
        return s;
    }

    private static SortedMap<String, HclValue> sortedCopy(Map<String, HclValue> m) {
        TreeMap<String, HclValue> t = new TreeMap<>(KEY_ORDER);
        m.forEach((k, e) -> t.put(nfc(k), Objects.requireNonNull(e, k)));
        return Collections.unmodifiableSortedMap(t);
    }

    @SuppressWarnings("unchecked")
    private static List<HclValue> castList(Object o) {
        return (List<HclValue>) o;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, HclValue> castMap(Object o) {
        return (Map<String, HclValue>) o;
    }

    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static int compareSetElements(HclValue a, HclValue b) {
        if (a.equals(b)) {
            return 0;
        }
        int rank = Integer.compare(a.setRank(), b.setRank());
        if (rank != 0 || a.setRank() != 0) {
            return rank;
        }
        if (a.type == HclType.STRING) {
            return compareCodePoints(a.asString(), b.asString());
        }
        if (a.type == HclType.NUMBER) {
            return HclOperations.compareNumbers(a, b);
        }
        if (a.type == HclType.BOOL) {
            return Boolean.compare(a.asBoolean(), b.asBoolean());
        }
        return compareCodePoints(a.toString(), b.toString());
    }

    /** 0 for known, 1 for unknown, 2 for null: known values first, as cty sorts sets. */
    private int setRank() {
        return v == null ? 2 : v == UNKNOWN ? 1 : 0;
    }
}
