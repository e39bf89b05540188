package dev.kiln.runtime.frontend.hcl.value;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Type conversion and unification with cty/convert's rules.
 *
 * <p><em>Safe</em> conversions never fail for a value of the input type: number and bool to string, tuple to list,
 * object to map, set to list, list to list of a safely convertible element type, object to an object with a subset
 * of the attributes. <em>Unsafe</em> conversions may fail for some values: string to number or bool, list to set
 * (duplicates are dropped), map to object, and anything from the dynamic type. HCL itself ({@code convert},
 * function arguments, variable types, conditionals) uses the unsafe rules: {@link #convert}.
 *
 * <p>Unknown values convert to unknown values of the target type, nulls to nulls of the target type.
 */
public final class HclConvert {

    /** One conversion from a fixed input type to a fixed output type. */
    @FunctionalInterface
    public interface Converter {
        HclValue apply(HclValue in, String path);

        default HclValue apply(HclValue in) {
            return apply(in, "");
        }
    }

    private HclConvert() {
    }

    /**
     * Converts {@code value} to {@code type} with the unsafe rules, as HCL does.
     *
     * @throws ConversionException with cty's message ({@code a number is required}, {@code string required}, ...)
     */
    public static HclValue convert(HclValue value, HclType type) {
        return convert(value, type, true);
    }

    /** Converts with the safe rules only. */
    public static HclValue convertSafe(HclValue value, HclType type) {
        return convert(value, type, false);
    }

    private static HclValue convert(HclValue value, HclType type, boolean unsafe) {
        if (value.type().equals(type)) {
            return value;
        }
        Converter c = conversion(value.type(), type, unsafe);
        if (c == null) {
            throw new ConversionException("", mismatchMessage(value.type(), type));
        }
        return c.apply(value, "");
    }

    /** True if a safe conversion from {@code in} to {@code out} exists. */
    public static boolean canConvertSafely(HclType in, HclType out) {
        return conversion(in, out, false) != null;
    }

    /** The conversion from {@code in} to {@code out}, or null if there is none. */
    public static Converter conversion(HclType in, HclType out, boolean unsafe) {
        if (in.equals(out)) {
            return (v, p) -> v;
        }
        Converter known = knownConversion(in, out, unsafe);
        if (known == null) {
            return null;
        }
        HclType result = out.withoutOptional();
        return (v, p) -> {
            if (out == HclType.DYNAMIC) {
                return v;
            }
            if (!v.isKnown()) {
                return HclValue.unknown(result);
            }
            if (v.isNull()) {
                return HclValue.nullOf(result);
            }
            return known.apply(v, p);
        };
    }

    private static Converter knownConversion(HclType in, HclType out, boolean unsafe) {
        if (out == HclType.DYNAMIC) {
            return (v, p) -> v;
        }
        if (in == HclType.DYNAMIC) {
            if (!unsafe) {
                return null;
            }
            return (v, p) -> {
                if (v.type() == HclType.DYNAMIC) {
                    return v.isNull() ? HclValue.nullOf(out.withoutOptional())
                            : HclValue.unknown(out.withoutOptional());
                }
                Converter c = conversion(v.type(), out, true);
                if (c == null) {
                    throw new ConversionException(p, mismatchMessage(v.type(), out));
                }
                return c.apply(v, p);
            };
        }
        if (in.isPrimitive() && out.isPrimitive()) {
            return primitive(in, out, unsafe);
        }
        if (in instanceof HclType.ObjectType io && out instanceof HclType.ObjectType oo) {
            return objectToObject(io, oo, unsafe);
        }
        if (in instanceof HclType.TupleType it && out instanceof HclType.TupleType ot) {
            return tupleToTuple(it, ot, unsafe);
        }
        if ((out.isList() || out.isSet()) && (in.isList() || in.isSet())) {
            if (out.isSet() && in.isList() && !unsafe) {
                return null;
            }
            return collectionToSequence(in.elementType(), out, unsafe);
        }
        if (out.isMap() && in.isMap()) {
            return collectionToSequence(in.elementType(), out, unsafe);
        }
        if ((out.isList() || out.isSet()) && in instanceof HclType.TupleType it) {
            return tupleToSequence(it, out, unsafe);
        }
        if (out.isMap() && in instanceof HclType.ObjectType io) {
            return objectToMap(io, out.elementType(), unsafe);
        }
        if (out instanceof HclType.ObjectType oo && in.isMap()) {
            return unsafe ? mapToObject(in.elementType(), oo) : null;
        }
        return null;
    }

    private static Converter primitive(HclType in, HclType out, boolean unsafe) {
        if (out == HclType.STRING) {
            return in == HclType.NUMBER
                    ? (v, p) -> HclValue.string(HclValue.numberText(v))
                    : (v, p) -> HclValue.string(v.asBoolean() ? "true" : "false");
        }
        if (!unsafe || in != HclType.STRING) {
            return null;
        }
        if (out == HclType.NUMBER) {
            return (v, p) -> {
                try {
                    return HclValue.parseNumber(v.asString());
                } catch (NumberFormatException e) {
                    throw new ConversionException(p, "a number is required");
                }
            };
        }
        return (v, p) -> switch (v.asString()) {
            case "true", "1" -> HclValue.TRUE;
            case "false", "0" -> HclValue.FALSE;
            default -> {
                String s = v.asString();
                if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
                    throw new ConversionException(p, "a bool is required; to convert from string, use lowercase \""
                            + s.toLowerCase(java.util.Locale.ROOT) + "\"");
                }
                throw new ConversionException(p, "a bool is required");
            }
        };
    }

    private static Converter objectToObject(HclType.ObjectType in, HclType.ObjectType out, boolean unsafe) {
        Map<String, Converter> convs = new TreeMap<>();
        for (var e : out.attributes().entrySet()) {
            HclType inAttr = in.attributes().get(e.getKey());
            if (inAttr == null) {
                if (out.isOptional(e.getKey())) {
                    continue;
                }
                return null;
            }
            Converter c = conversion(inAttr, e.getValue(), unsafe);
            if (c == null) {
                return null;
            }
            convs.put(e.getKey(), c);
        }
        HclType target = plain(out);
        return (v, p) -> {
            Map<String, HclValue> attrs = new LinkedHashMap<>();
            for (var e : out.attributes().entrySet()) {
                String name = e.getKey();
                Converter c = convs.get(name);
                attrs.put(name, c == null ? HclValue.nullOf(e.getValue().withoutOptional())
                        : c.apply(v.entries().get(name), p + "." + name));
            }
            return HclValue.ofType(target, attrs);
        };
    }

    private static Converter tupleToTuple(HclType.TupleType in, HclType.TupleType out, boolean unsafe) {
        if (in.elements().size() != out.elements().size()) {
            return null;
        }
        List<Converter> convs = new ArrayList<>();
        for (int i = 0; i < in.elements().size(); i++) {
            Converter c = conversion(in.elements().get(i), out.elements().get(i), unsafe);
            if (c == null) {
                return null;
            }
            convs.add(c);
        }
        return (v, p) -> {
            List<HclValue> out2 = new ArrayList<>();
            for (int i = 0; i < convs.size(); i++) {
                out2.add(convs.get(i).apply(v.elements().get(i), p + "[" + i + "]"));
            }
            return HclValue.tuple(out2);
        };
    }

    /** list/set to list/set, map to map. */
    private static Converter collectionToSequence(HclType inElem, HclType out, boolean unsafe) {
        HclType outElem = out.elementType();
        if (outElem == HclType.DYNAMIC) {
            outElem = inElem;
        }
        Converter c = conversion(inElem, outElem, unsafe);
        if (c == null) {
            return null;
        }
        HclType elem = outElem;
        HclType target = retype(out, elem);
        return (v, p) -> {
            if (v.type().isMap()) {
                Map<String, HclValue> m = new LinkedHashMap<>();
                v.entries().forEach((k, e) -> m.put(k, c.apply(e, p + "[" + Strings.quote(k) + "]")));
                return withDynamicElements(target, m);
            }
            List<HclValue> l = new ArrayList<>();
            List<HclValue> in = v.elements();
            for (int i = 0; i < in.size(); i++) {
                l.add(c.apply(in.get(i), p + "[" + i + "]"));
            }
            return withDynamicElements(target, l);
        };
    }

    private static Converter tupleToSequence(HclType.TupleType in, HclType out, boolean unsafe) {
        HclType elem = out.elementType();
        if (in.elements().isEmpty()) {
            HclType target = retype(out, elem);
            return (v, p) -> HclValue.ofType(target, List.of());
        }
        if (elem == HclType.DYNAMIC) {
            Optional<HclType> u = unify(in.elements(), unsafe);
            if (u.isEmpty()) {
                return null;
            }
            elem = u.get();
        }
        List<Converter> convs = new ArrayList<>();
        for (HclType t : in.elements()) {
            Converter c = conversion(t, elem, unsafe);
            if (c == null) {
                return null;
            }
            convs.add(c);
        }
        HclType target = retype(out, elem);
        return (v, p) -> {
            List<HclValue> l = new ArrayList<>();
            for (int i = 0; i < convs.size(); i++) {
                l.add(convs.get(i).apply(v.elements().get(i), p + "[" + i + "]"));
            }
            return withDynamicElements(target, l);
        };
    }

    private static Converter objectToMap(HclType.ObjectType in, HclType elem, boolean unsafe) {
        if (in.attributes().isEmpty()) {
            HclType target = HclType.map(elem.withoutOptional());
            return (v, p) -> HclValue.emptyMap(target.elementType());
        }
        HclType e = elem;
        if (e == HclType.DYNAMIC) {
            Optional<HclType> u = unify(new ArrayList<>(in.attributes().values()), unsafe);
            if (u.isEmpty()) {
                return null;
            }
            e = u.get();
        }
        Map<String, Converter> convs = new TreeMap<>();
        for (var a : in.attributes().entrySet()) {
            Converter c = conversion(a.getValue(), e, unsafe);
            if (c == null) {
                return null;
            }
            convs.put(a.getKey(), c);
        }
        HclType target = HclType.map(e.withoutOptional());
        return (v, p) -> {
            Map<String, HclValue> m = new LinkedHashMap<>();
            v.entries().forEach((k, x) -> m.put(k, convs.get(k).apply(x, p + "[" + Strings.quote(k) + "]")));
            return withDynamicElements(target, m);
        };
    }

    private static Converter mapToObject(HclType inElem, HclType.ObjectType out) {
        Map<String, Converter> convs = new TreeMap<>();
        for (var a : out.attributes().entrySet()) {
            Converter c = conversion(inElem, a.getValue(), true);
            if (c == null) {
                return null;
            }
            convs.put(a.getKey(), c);
        }
        HclType target = plain(out);
        return (v, p) -> {
            Map<String, HclValue> attrs = new LinkedHashMap<>();
            for (var a : out.attributes().entrySet()) {
                HclValue e = v.entries().get(a.getKey());
                if (e == null) {
                    if (!out.isOptional(a.getKey())) {
                        throw new ConversionException(p, "map has no element for required attribute \""
                                + a.getKey() + "\"");
                    }
                    attrs.put(a.getKey(), HclValue.nullOf(a.getValue().withoutOptional()));
                } else {
                    attrs.put(a.getKey(), convs.get(a.getKey()).apply(e, p + "." + a.getKey()));
                }
            }
            return HclValue.ofType(target, attrs);
        };
    }

    /** The object type without optional markers: the type of a value converted to it. */
    private static HclType plain(HclType.ObjectType t) {
        return t.withoutOptional();
    }

    private static HclType retype(HclType collection, HclType element) {
        HclType elem = element.withoutOptional();
        if (collection.isList()) {
            return HclType.list(elem);
        }
        if (collection.isSet()) {
            return HclType.set(elem);
        }
        return HclType.map(elem);
    }

    /**
     * Builds a collection whose element type may contain the dynamic type: the elements' real types may then be
     * more precise than the declared one, and must agree among themselves.
     */
    @SuppressWarnings("unchecked")
    private static HclValue withDynamicElements(HclType target, Object content) {
        HclType elem = target.elementType();
        if (!elem.hasDynamic()) {
            return HclValue.ofType(target, content);
        }
        java.util.Collection<HclValue> values = content instanceof Map<?, ?> m
                ? ((Map<String, HclValue>) m).values() : (List<HclValue>) content;
        List<HclType> types = values.stream().map(HclValue::type).distinct().toList();
        if (types.isEmpty()) {
            return HclValue.ofType(target, content);
        }
        if (types.size() == 1) {
            return HclValue.ofType(retype(target, types.get(0)), content);
        }
        Optional<HclType> u = unify(types, true);
        if (u.isEmpty()) {
            throw new ConversionException("", "all " + (target.isList() ? "list" : target.isSet() ? "set" : "map")
                    + " elements must have the same type");
        }
        HclType t = u.get();
        if (content instanceof Map<?, ?> m) {
            Map<String, HclValue> out = new LinkedHashMap<>();
            ((Map<String, HclValue>) m).forEach((k, x) -> out.put(k, convert(x, t)));
            return HclValue.ofType(retype(target, t), out);
        }
        return HclValue.ofType(retype(target, t), ((List<HclValue>) content).stream().map(x -> convert(x, t))
                .toList());
    }

    // ---- unification --------------------------------------------------------------------------------------------

    /**
     * The type all of {@code types} convert to, as cty's {@code Unify} (safe) or {@code UnifyUnsafe}; empty if there is
     * none. Used for conditionals (unsafe) and to build lists, sets and maps from mixed elements.
     */
    public static Optional<HclType> unify(List<HclType> types, boolean unsafe) {
        return Optional.ofNullable(unifyOrNull(types, unsafe));
    }

    /**
     * Converts all {@code values} to their unified type (unsafe rules). Throws ConversionException if they have none.
     */
    public static List<HclValue> unifyValues(List<HclValue> values) {
        List<HclType> types = values.stream().map(HclValue::type).toList();
        HclType t = unifyOrNull(types, true);
        if (t == null) {
            throw new ConversionException("", "the values have no common type");
        }
        long dynamics = types.stream().filter(HclType::isDynamic).count();
        boolean allDynamic = t == HclType.DYNAMIC && dynamics > 0 && dynamics < types.size()
                && (types.stream().allMatch(x -> x.isDynamic() || x.isMap())
                || types.stream().allMatch(x -> x.isDynamic() || x.isObject())
                || types.stream().allMatch(x -> x.isDynamic() || x.isTuple()));
        List<HclValue> out = new ArrayList<>();
        for (HclValue v : values) {
            out.add(allDynamic ? HclValue.DYNAMIC_UNKNOWN : convert(v, t));
        }
        return out;
    }

    private static HclType unifyOrNull(List<HclType> types, boolean unsafe) {
        if (types.isEmpty()) {
            return null;
        }
        int maps = 0;
        int objects = 0;
        int tuples = 0;
        int dynamics = 0;
        for (HclType t : types) {
            if (t.isMap()) {
                maps++;
            } else if (t.isObject()) {
                objects++;
            } else if (t.isTuple()) {
                tuples++;
            } else if (t == HclType.DYNAMIC) {
                dynamics++;
            }
        }
        int n = types.size();
        if (maps > 0 && maps + dynamics == n) {
            if (dynamics > 0) {
                return HclType.DYNAMIC;
            }
            HclType e = unifyOrNull(types.stream().map(HclType::elementType).toList(), unsafe);
            return e == null ? null : allConvert(types, HclType.map(e), unsafe) ? HclType.map(e) : null;
        }
        if (objects > 0 && objects + dynamics == n) {
            return dynamics > 0 ? HclType.DYNAMIC : unifyObjects(types, unsafe);
        }
        if (tuples > 0 && tuples + dynamics == n) {
            return dynamics > 0 ? HclType.DYNAMIC : unifyTuples(types, unsafe);
        }
        if (objects > 0 && tuples > 0) {
            return null;
        }
        for (int want : sortTypes(types)) {
            if (allConvert(types, types.get(want), unsafe)) {
                return types.get(want);
            }
        }
        return null;
    }

    private static boolean allConvert(List<HclType> types, HclType to, boolean unsafe) {
        for (HclType t : types) {
            if (!t.equals(to) && conversion(t, to, unsafe) == null) {
                return false;
            }
        }
        return true;
    }

    private static HclType unifyObjects(List<HclType> types, boolean unsafe) {
        var first = ((HclType.ObjectType) types.get(0)).attributes();
        for (HclType t : types) {
            if (!((HclType.ObjectType) t).attributes().keySet().equals(first.keySet())) {
                return unifyObjectsToMap(types, unsafe);
            }
        }
        Map<String, HclType> attrs = new TreeMap<>();
        for (String name : first.keySet()) {
            HclType u = unifyOrNull(types.stream().map(t -> ((HclType.ObjectType) t).attributes().get(name))
                    .toList(), unsafe);
            if (u == null) {
                return null;
            }
            attrs.put(name, u);
        }
        HclType result = HclType.object(attrs);
        return allConvert(types, result, unsafe) ? result : unifyObjectsToMap(types, unsafe);
    }

    private static HclType unifyObjectsToMap(List<HclType> types, boolean unsafe) {
        List<HclType> all = new ArrayList<>();
        types.forEach(t -> all.addAll(((HclType.ObjectType) t).attributes().values()));
        HclType e = unifyOrNull(all, unsafe);
        if (e == null) {
            return null;
        }
        HclType result = HclType.map(e);
        return allConvert(types, result, unsafe) ? result : null;
    }

    private static HclType unifyTuples(List<HclType> types, boolean unsafe) {
        int len = ((HclType.TupleType) types.get(0)).elements().size();
        for (HclType t : types) {
            if (((HclType.TupleType) t).elements().size() != len) {
                return unifyTuplesToList(types, unsafe);
            }
        }
        List<HclType> elems = new ArrayList<>();
        for (int i = 0; i < len; i++) {
            int idx = i;
            HclType u = unifyOrNull(types.stream().map(t -> ((HclType.TupleType) t).elements().get(idx)).toList(),
                    unsafe);
            if (u == null) {
                return null;
            }
            elems.add(u);
        }
        HclType result = HclType.tuple(elems);
        return allConvert(types, result, unsafe) ? result : unifyTuplesToList(types, unsafe);
    }

    private static HclType unifyTuplesToList(List<HclType> types, boolean unsafe) {
        List<HclType> all = new ArrayList<>();
        types.forEach(t -> all.addAll(((HclType.TupleType) t).elements()));
        HclType e = unifyOrNull(all, unsafe);
        if (e == null) {
            return null;
        }
        HclType result = HclType.list(e);
        return allConvert(types, result, unsafe) ? result : null;
    }

    /** Indexes of {@code types}, most preferred target first (a topological sort of compareTypes). */
    private static List<Integer> sortTypes(List<HclType> types) {
        int n = types.size();
        List<List<Integer>> edges = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            edges.add(new ArrayList<>());
        }
        for (int i = 0; i < n - 1; i++) {
            for (int j = i + 1; j < n; j++) {
                int c = compareTypes(types.get(i), types.get(j));
                if (c < 0) {
                    edges.get(i).add(j);
                } else if (c > 0) {
                    edges.get(j).add(i);
                }
            }
        }
        int[] in = new int[n];
        edges.forEach(out -> out.forEach(j -> in[j]++));
        List<Integer> queue = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (in[i] == 0) {
                queue.add(i);
            }
        }
        for (int q = 0; q < queue.size(); q++) {
            for (int j : edges.get(queue.get(q))) {
                if (--in[j] == 0) {
                    queue.add(j);
                }
            }
        }
        return queue;
    }

    /** Negative if {@code a} is the better unification target than {@code b}. */
    static int compareTypes(HclType a, HclType b) {
        if (a == HclType.DYNAMIC || b == HclType.DYNAMIC) {
            return a == b ? 0 : a != HclType.DYNAMIC ? -1 : 1;
        }
        if (a.isPrimitive() && b.isPrimitive()) {
            if (a == HclType.STRING || b == HclType.STRING) {
                return a == b ? 0 : a != HclType.STRING ? 1 : -1;
            }
            return 0;
        }
        if (a.isList() && b.isList() || a.isSet() && b.isSet() || a.isMap() && b.isMap()) {
            return compareTypes(a.elementType(), b.elementType());
        }
        int swap = 1;
        if (a.isTuple() && b.isList() || a.isObject() && b.isMap() || a.isSet() && b.isTuple()
                || a.isSet() && b.isList()) {
            HclType t = a;
            a = b;
            b = t;
            swap = -1;
        }
        if (b.isSet() && (a.isTuple() || a.isList())) {
            return -swap;
        }
        if (a.isList() && b.isTuple() || a.isMap() && b.isObject()) {
            return -swap;
        }
        List<HclType> as;
        List<HclType> bs;
        if (a instanceof HclType.ObjectType oa && b instanceof HclType.ObjectType ob) {
            if (!oa.attributes().keySet().equals(ob.attributes().keySet())) {
                return 0;
            }
            as = new ArrayList<>(oa.attributes().values());
            bs = new ArrayList<>(ob.attributes().values());
        } else if (a instanceof HclType.TupleType ta && b instanceof HclType.TupleType tb) {
            if (ta.elements().size() != tb.elements().size()) {
                return 0;
            }
            as = ta.elements();
            bs = tb.elements();
        } else {
            return 0;
        }
        boolean aSuper = false;
        boolean bSuper = false;
        for (int i = 0; i < as.size(); i++) {
            int c = compareTypes(as.get(i), bs.get(i));
            aSuper |= c < 0;
            bSuper |= c > 0;
        }
        return aSuper == bSuper ? 0 : aSuper ? -swap : swap;
    }

    // ---- messages -----------------------------------------------------------------------------------------------

    /** cty's explanation of why {@code got} does not convert to {@code want}, e.g. {@code element 0: ...}. */
    public static String mismatchMessage(HclType got, HclType want) {
        if (got instanceof HclType.ObjectType go && want instanceof HclType.ObjectType wo) {
            return mismatchObjects(go, wo);
        }
        if (got.isTuple() && want.isCollection() && want.elementType() == HclType.DYNAMIC && !want.isMap()) {
            return "all " + (want.isList() ? "list" : "set") + " elements must have the same type";
        }
        if (got.isObject() && want.isMap() && want.elementType() == HclType.DYNAMIC) {
            return "all map elements must have the same type";
        }
        if (got.isStructural() && want.isCollection()) {
            if ((want.isList() || want.isSet()) && !got.isTuple() || want.isMap() && !got.isObject()) {
                return want.friendlyNameForConstraint() + " required";
            }
            HclType we = want.elementType();
            if (got instanceof HclType.TupleType gt) {
                for (int i = 0; i < gt.elements().size(); i++) {
                    HclType ge = gt.elements().get(i);
                    if (!ge.equals(we) && conversion(ge, we, true) == null) {
                        return "element " + i + ": " + mismatchMessage(ge, we);
                    }
                }
            } else {
                for (var a : ((HclType.ObjectType) got).attributes().entrySet()) {
                    if (!a.getValue().equals(we) && conversion(a.getValue(), we, true) == null) {
                        return "element " + Strings.quote(a.getKey()) + ": " + mismatchMessage(a.getValue(), we);
                    }
                }
            }
            return "all elements must be " + we.friendlyNameForConstraint();
        }
        if (got.isCollection() && want.isCollection()) {
            if ((want.isList() || want.isSet()) && got.isMap() || want.isMap() && !got.isMap()) {
                return want.friendlyNameForConstraint() + " required";
            }
            String noun = want.isList() ? "list element type" : want.isSet() ? "set element type" : "map element type";
            return "incorrect " + noun + ": " + mismatchMessage(got.elementType(), want.elementType());
        }
        return want.friendlyNameForConstraint() + " required";
    }

    private static String mismatchObjects(HclType.ObjectType got, HclType.ObjectType want) {
        TreeSet<String> missing = new TreeSet<>();
        String unsafeMismatch = null;
        String safeMismatch = null;
        for (var e : want.attributes().entrySet()) {
            HclType g = got.attributes().get(e.getKey());
            if (g == null) {
                if (!want.isOptional(e.getKey())) {
                    missing.add(e.getKey());
                }
                continue;
            }
            if (unsafeMismatch == null && conversion(g, e.getValue(), true) == null) {
                unsafeMismatch = "attribute " + Strings.quote(e.getKey()) + ": " + mismatchMessage(g, e.getValue());
            }
            if (safeMismatch == null && conversion(g, e.getValue(), false) == null) {
                safeMismatch = "attribute " + Strings.quote(e.getKey()) + ": " + mismatchMessage(g, e.getValue());
            }
        }
        if (!missing.isEmpty()) {
            List<String> q = missing.stream().map(Strings::quote).toList();
            if (q.size() == 1) {
                return "attribute " + q.get(0) + " is required";
            }
            if (q.size() == 2) {
                return "attributes " + q.get(0) + " and " + q.get(1) + " are required";
            }
            return "attributes " + String.join(", ", q.subList(0, q.size() - 1)) + ", and " + q.get(q.size() - 1)
                    + " are required";
        }
        return unsafeMismatch != null ? unsafeMismatch : safeMismatch != null ? safeMismatch
                : "incorrect object attributes";
    }

    static List<HclValue> unmodifiable(List<HclValue> l) {
        return Collections.unmodifiableList(l);
    }
}
