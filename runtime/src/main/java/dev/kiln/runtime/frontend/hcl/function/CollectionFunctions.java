package dev.kiln.runtime.frontend.hcl.function;

import static dev.kiln.runtime.frontend.hcl.value.HclType.BOOL;
import static dev.kiln.runtime.frontend.hcl.value.HclType.DYNAMIC;
import static dev.kiln.runtime.frontend.hcl.value.HclType.NUMBER;
import static dev.kiln.runtime.frontend.hcl.value.HclType.STRING;

import dev.kiln.runtime.frontend.hcl.value.ConversionException;
import dev.kiln.runtime.frontend.hcl.value.HclConvert;
import dev.kiln.runtime.frontend.hcl.value.HclOperations;
import dev.kiln.runtime.frontend.hcl.value.HclType;
import dev.kiln.runtime.frontend.hcl.value.HclValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Collection functions: chunklist, coalesce, concat, contains, distinct, element, flatten, keys, merge, ... */
final class CollectionFunctions {

    private CollectionFunctions() {
    }

    private static final HclType LIST_ANY = HclType.list(DYNAMIC);
    private static final HclType SET_ANY = HclType.set(DYNAMIC);

    static void register(Map<String, HclFunction> t) {
        add(t, HclFunction.builder("chunklist").param("list", LIST_ANY).param("size", NUMBER)
                .returns(a -> HclType.list(a.get(0).type())).impl(CollectionFunctions::chunklist));
        add(t, HclFunction.builder("coalesce").variadic(Parameter.of("vals", DYNAMIC).allowingNull()
                        .allowingUnknown()).returns(a -> unifyArgs(a)).impl(CollectionFunctions::coalesce));
        add(t, HclFunction.builder("coalescelist").variadic(Parameter.of("vals", DYNAMIC).allowingNull()
                        .allowingUnknown()).returns(CollectionFunctions::coalescelistType)
                .impl(CollectionFunctions::coalescelist));
        add(t, HclFunction.builder("compact").param("list", HclType.list(STRING)).returns(HclType.list(STRING))
                .impl(a -> {
                    List<HclValue> out = new ArrayList<>();
                    for (HclValue e : a.get(0).elements()) {
                        if (!e.isNull() && !e.asString().isEmpty()) {
                            out.add(e);
                        }
                    }
                    return HclValue.list(STRING, out);
                }));
        add(t, HclFunction.builder("concat").variadic(Parameter.of("seqs", DYNAMIC))
                .returns(CollectionFunctions::concatType).impl(CollectionFunctions::concat));
        add(t, HclFunction.builder("contains").param("list", DYNAMIC).param(Parameter.of("value", DYNAMIC))
                .returns(BOOL).impl(a -> {
                    HclValue l = a.get(0);
                    if (!(l.type().isList() || l.type().isSet() || l.type().isTuple())) {
                        throw new FunctionException("argument must be list, tuple, or set");
                    }
                    boolean unknown = false;
                    for (HclValue e : l.elements()) {
                        HclValue eq = HclOperations.equal(e, a.get(1));
                        if (!eq.isKnown()) {
                            unknown = true;
                        } else if (eq.asBoolean()) {
                            return HclValue.TRUE;
                        }
                    }
                    return unknown ? HclValue.unknown(BOOL) : HclValue.FALSE;
                }));
        add(t, HclFunction.builder("distinct").param("list", LIST_ANY).returns(a -> a.get(0).type()).impl(a -> {
            List<HclValue> out = new ArrayList<>();
            for (HclValue e : a.get(0).elements()) {
                if (!out.contains(e)) {
                    out.add(e);
                }
            }
            return HclValue.list(a.get(0).type().elementType(), out);
        }));
        add(t, HclFunction.builder("element").param("list", DYNAMIC).param("index", NUMBER)
                .returns(CollectionFunctions::elementType).impl(a -> {
                    List<HclValue> l = a.get(0).elements();
                    return l.get(elementIndex(a));
                }));
        add(t, HclFunction.builder("flatten").param("list", DYNAMIC).returns(a -> {
            HclType ty = a.get(0).type();
            if (!(ty.isList() || ty.isSet() || ty.isTuple())) {
                throw new FunctionException("can only flatten lists, sets and tuples");
            }
            if (!a.get(0).isWhollyKnown()) {
                return DYNAMIC;
            }
            return HclType.tuple(flatten(a.get(0)).stream().map(HclValue::type).toList());
        }).impl(a -> HclValue.tuple(flatten(a.get(0)))));
        add(t, HclFunction.builder("index").param("list", DYNAMIC).param("value", DYNAMIC).returns(NUMBER)
                .impl(a -> {
                    HclValue l = a.get(0);
                    if (!(l.type().isList() || l.type().isTuple())) {
                        throw new FunctionException("argument must be a list or tuple");
                    }
                    List<HclValue> es = l.elements();
                    if (es.isEmpty()) {
                        throw new FunctionException("cannot search an empty list");
                    }
                    for (int i = 0; i < es.size(); i++) {
                        HclValue eq = HclOperations.equal(es.get(i), a.get(1));
                        if (!eq.isKnown()) {
                            return HclValue.unknown(NUMBER);
                        }
                        if (eq.asBoolean()) {
                            return HclValue.number(i);
                        }
                    }
                    throw new FunctionException("item not found");
                }));
        add(t, HclFunction.builder("keys").param(Parameter.of("inputMap", DYNAMIC).allowingUnknown())
                .returns(a -> {
                    HclType ty = a.get(0).type();
                    if (!(ty.isMap() || ty.isObject())) {
                        throw new FunctionException(0, "must have map or object type");
                    }
                    return HclType.list(STRING);
                }).impl(a -> {
                    HclValue m = a.get(0);
                    if (!m.isKnown()) {
                        return HclValue.unknown(HclType.list(STRING));
                    }
                    List<HclValue> out = m.entries().keySet().stream().map(HclValue::string).toList();
                    return out.isEmpty() ? HclValue.emptyList(STRING) : HclValue.list(STRING, out);
                }));
        add(t, HclFunction.builder("length").param(Parameter.of("value", DYNAMIC).allowingUnknown()
                        .allowingDynamicType()).returns(NUMBER).impl(a -> {
                            try {
                                return HclOperations.length(a.get(0));
                            } catch (dev.kiln.runtime.frontend.hcl.value.HclException e) {
                                throw new FunctionException(e.detail());
                            }
                        }));
        add(t, HclFunction.builder("lookup").param(Parameter.of("inputMap", DYNAMIC).allowingUnknown())
                .param(Parameter.of("key", STRING).allowingUnknown())
                .param(Parameter.of("default", DYNAMIC).allowingNull().allowingUnknown())
                .returns(CollectionFunctions::lookupType).impl(CollectionFunctions::lookup));
        add(t, HclFunction.builder("merge").variadic(Parameter.of("maps", DYNAMIC).allowingNull())
                .returns(CollectionFunctions::mergeType).impl(CollectionFunctions::merge));
        add(t, HclFunction.builder("range").variadic("params", NUMBER).returns(HclType.list(NUMBER))
                .impl(CollectionFunctions::range));
        add(t, HclFunction.builder("reverse").param("list", DYNAMIC).returns(a -> {
            HclType ty = a.get(0).type();
            if (ty instanceof HclType.TupleType tt) {
                List<HclType> r = new ArrayList<>(tt.elements());
                Collections.reverse(r);
                return HclType.tuple(r);
            }
            if (ty.isList()) {
                return ty;
            }
            throw new FunctionException(0, "can only reverse list or tuple values, not " + ty.friendlyName());
        }).impl(a -> {
            List<HclValue> r = new ArrayList<>(a.get(0).elements());
            Collections.reverse(r);
            return a.get(0).type().isList() ? HclValue.list(a.get(0).type().elementType(), r) : HclValue.tuple(r);
        }));
        add(t, HclFunction.builder("setintersection").param("first_set", SET_ANY).variadic("other_sets", SET_ANY)
                .returns(CollectionFunctions::setType).impl(a -> setOp(a, true)));
        add(t, HclFunction.builder("setunion").param("first_set", SET_ANY).variadic("other_sets", SET_ANY)
                .returns(CollectionFunctions::setType).impl(a -> setOp(a, false)));
        add(t, HclFunction.builder("setproduct").variadic("sets", DYNAMIC)
                .returns(CollectionFunctions::setproductType).impl(CollectionFunctions::setproduct));
        add(t, HclFunction.builder("slice").param("list", DYNAMIC).param("start_index", NUMBER)
                .param("end_index", NUMBER).returns(CollectionFunctions::sliceType).impl(a -> {
                    int[] r = sliceRange(a);
                    List<HclValue> sub = a.get(0).elements().subList(r[0], r[1]);
                    return a.get(0).type().isList() ? HclValue.list(a.get(0).type().elementType(), sub)
                            : HclValue.tuple(sub);
                }));
        add(t, HclFunction.builder("sort").param("list", HclType.list(STRING)).returns(HclType.list(STRING))
                .impl(a -> {
                    List<HclValue> l = new ArrayList<>(a.get(0).elements());
                    for (HclValue e : l) {
                        if (e.isNull()) {
                            throw new FunctionException("given list element is null; a null string cannot be "
                                    + "sorted");
                        }
                    }
                    l.sort((x, y) -> HclValue.KEY_ORDER.compare(x.asString(), y.asString()));
                    return HclValue.list(STRING, l);
                }));
        add(t, HclFunction.builder("values").param("values", DYNAMIC).returns(a -> {
            HclType ty = a.get(0).type();
            if (ty.isMap()) {
                return HclType.list(ty.elementType());
            }
            if (ty instanceof HclType.ObjectType ot) {
                return HclType.tuple(new ArrayList<>(ot.attributes().values()));
            }
            throw new FunctionException("values() requires a map as the first argument");
        }).impl(a -> {
            List<HclValue> vs = new ArrayList<>(a.get(0).entries().values());
            return a.get(0).type().isMap() ? HclValue.list(a.get(0).type().elementType(), vs) : HclValue.tuple(vs);
        }));
        add(t, HclFunction.builder("zipmap").param("keys", HclType.list(STRING)).param("values", DYNAMIC)
                .returns(CollectionFunctions::zipmapType).impl(CollectionFunctions::zipmap));
        add(t, HclFunction.builder("alltrue").param("list", HclType.list(BOOL)).returns(BOOL).impl(a -> {
            for (HclValue e : a.get(0).elements()) {
                if (e.isNull() || !e.asBoolean()) {
                    return HclValue.FALSE;
                }
            }
            return HclValue.TRUE;
        }));
        add(t, HclFunction.builder("anytrue").param("list", HclType.list(BOOL)).returns(BOOL).impl(a -> {
            for (HclValue e : a.get(0).elements()) {
                if (!e.isNull() && e.asBoolean()) {
                    return HclValue.TRUE;
                }
            }
            return HclValue.FALSE;
        }));
        add(t, HclFunction.builder("sum").param("list", DYNAMIC).returns(NUMBER).impl(a -> {
            HclValue l = a.get(0);
            if (!(l.type().isList() || l.type().isSet() || l.type().isTuple())) {
                throw new FunctionException(0, "argument must be list, set, or tuple. Received "
                        + l.type().friendlyName());
            }
            if (l.elements().isEmpty()) {
                throw new FunctionException("cannot sum an empty list");
            }
            HclValue s = null;
            for (HclValue e : l.elements()) {
                if (e.isNull()) {
                    throw new FunctionException(0, "argument must be list, set, or tuple of number values");
                }
                HclValue n;
                try {
                    n = HclConvert.convert(e, NUMBER);
                } catch (ConversionException x) {
                    throw new FunctionException(0, "argument must be list, set, or tuple of number values");
                }
                s = s == null ? n : HclOperations.add(s, n);
            }
            return s;
        }));
    }

    private static void add(Map<String, HclFunction> t, HclFunction.Builder b) {
        HclFunction f = b.build();
        t.put(f.name(), f);
    }

    private static HclValue chunklist(List<HclValue> a) {
        int size = Args.intValue(a, 1);
        if (size < 0) {
            throw new FunctionException("the size argument must be positive");
        }
        HclValue l = a.get(0);
        HclType elem = l.type().elementType();
        List<HclValue> es = l.elements();
        List<HclValue> out = new ArrayList<>();
        if (size == 0) {
            out.add(l);
        } else {
            for (int i = 0; i < es.size(); i += size) {
                out.add(HclValue.list(elem, es.subList(i, Math.min(i + size, es.size()))));
            }
        }
        return out.isEmpty() ? HclValue.emptyList(l.type()) : HclValue.list(l.type(), out);
    }

    private static HclType unifyArgs(List<HclValue> a) {
        List<HclType> types = a.stream().map(HclValue::type).toList();
        Optional<HclType> u = HclConvert.unify(types, true);
        if (u.isEmpty()) {
            throw new FunctionException("all arguments must have the same type");
        }
        return u.get();
    }

    private static HclValue coalesce(List<HclValue> a, HclType rt) {
        for (HclValue v : a) {
            if (!v.isKnown()) {
                return HclValue.unknown(rt);
            }
            if (v.isNull()) {
                continue;
            }
            HclValue c = HclConvert.convert(v, rt);
            if (c.type() == STRING && c.isKnown() && c.asString().isEmpty()) {
                continue;
            }
            return c;
        }
        throw new FunctionException("no non-null, non-empty-string arguments");
    }

    private static HclType coalescelistType(List<HclValue> a) {
        if (a.isEmpty()) {
            throw new FunctionException("at least one argument is required");
        }
        for (int i = 0; i < a.size(); i++) {
            HclType ty = a.get(i).type();
            if (!(ty.isList() || ty.isTuple() || ty == DYNAMIC)) {
                throw new FunctionException("coalescelist arguments must be lists or tuples");
            }
        }
        if (a.stream().allMatch(v -> v.type().isList())) {
            Optional<HclType> u = HclConvert.unify(a.stream().map(HclValue::type).toList(), true);
            if (u.isPresent()) {
                return u.get();
            }
        }
        return DYNAMIC;
    }

    private static HclValue coalescelist(List<HclValue> a, HclType rt) {
        for (HclValue v : a) {
            if (!v.isKnown()) {
                return HclValue.unknown(rt);
            }
            if (v.isNull() || v.length() == 0) {
                continue;
            }
            return rt == DYNAMIC ? v : HclConvert.convert(v, rt);
        }
        throw new FunctionException("no non-null arguments");
    }

    private static HclType concatType(List<HclValue> a) {
        if (a.isEmpty()) {
            throw new FunctionException("at least one argument is required");
        }
        if (a.get(0).type().isList()) {
            HclType ety = a.get(0).type().elementType();
            boolean allLists = true;
            for (HclValue v : a) {
                if (!v.type().isList()) {
                    allLists = false;
                    break;
                }
            }
            if (allLists) {
                List<HclType> etys = a.stream().map(v -> v.type().elementType()).toList();
                Optional<HclType> u = HclConvert.unify(etys, true);
                if (u.isPresent()) {
                    return HclType.list(u.get());
                }
            }
            if (ety == null) {
                return DYNAMIC;
            }
        }
        List<HclType> etys = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            HclValue v = a.get(i);
            HclType ty = v.type();
            if (ty instanceof HclType.TupleType tt) {
                etys.addAll(tt.elements());
            } else if (ty.isList() || ty.isSet()) {
                if (!v.isKnown()) {
                    return DYNAMIC;
                }
                for (int k = 0; k < v.length(); k++) {
                    etys.add(ty.elementType());
                }
            } else {
                throw new FunctionException(i, "all arguments must be lists or tuples; got " + ty.friendlyName());
            }
        }
        return HclType.tuple(etys);
    }

    private static HclValue concat(List<HclValue> a, HclType rt) {
        List<HclValue> out = new ArrayList<>();
        a.forEach(v -> out.addAll(v.elements()));
        if (rt.isList()) {
            HclType e = rt.elementType();
            List<HclValue> conv = out.stream().map(v -> HclConvert.convert(v, e)).toList();
            return conv.isEmpty() ? HclValue.emptyList(e) : HclValue.list(e, conv);
        }
        return HclValue.tuple(out);
    }

    private static HclType elementType(List<HclValue> a) {
        HclType ty = a.get(0).type();
        if (ty.isList()) {
            return ty.elementType();
        }
        if (ty instanceof HclType.TupleType tt) {
            if (!a.get(1).isKnown()) {
                return DYNAMIC;
            }
            if (tt.elements().isEmpty()) {
                throw new FunctionException("cannot use element function with an empty list");
            }
            return tt.elements().get(Math.floorMod(wholeIndex(a), tt.elements().size()));
        }
        throw new FunctionException("cannot read elements from " + ty.friendlyName());
    }

    private static int wholeIndex(List<HclValue> a) {
        int idx;
        try {
            idx = Args.intValue(a, 1);
        } catch (FunctionException e) {
            throw new FunctionException("invalid index: " + e.getMessage());
        }
        if (idx < 0) {
            throw new FunctionException("cannot use element function with a negative index");
        }
        return idx;
    }

    private static int elementIndex(List<HclValue> a) {
        int idx = wholeIndex(a);
        int n = a.get(0).length();
        if (n == 0) {
            throw new FunctionException("cannot use element function with an empty list");
        }
        return idx % n;
    }

    private static List<HclValue> flatten(HclValue v) {
        List<HclValue> out = new ArrayList<>();
        for (HclValue e : v.elements()) {
            HclType ty = e.type();
            if (!e.isNull() && (ty.isList() || ty.isSet() || ty.isTuple())) {
                out.addAll(flatten(e));
            } else {
                out.add(e);
            }
        }
        return out;
    }

    private static HclType lookupType(List<HclValue> a) {
        HclType ty = a.get(0).type();
        HclValue key = a.get(1);
        if (ty instanceof HclType.ObjectType ot) {
            if (!key.isKnown()) {
                return DYNAMIC;
            }
            String k = key.asString();
            if (ot.hasAttribute(k)) {
                return ot.attributeType(k);
            }
            return a.get(2).type();
        }
        if (ty.isMap()) {
            HclType d = a.get(2).type();
            if (d.equals(ty.elementType()) || d == DYNAMIC) {
                return ty.elementType();
            }
            Optional<HclType> u = HclConvert.unify(List.of(ty.elementType(), d), true);
            if (u.isEmpty()) {
                throw new FunctionException(2, "the default value must have the same type as the map elements");
            }
            return u.get();
        }
        if (ty == DYNAMIC) {
            return DYNAMIC;
        }
        throw new FunctionException(0, "lookup() requires a map as the first argument");
    }

    private static HclValue lookup(List<HclValue> a, HclType rt) {
        HclValue m = a.get(0);
        HclValue key = a.get(1);
        if (!m.isWhollyKnown() || !key.isKnown()) {
            return HclValue.unknown(rt);
        }
        HclValue found = m.entries().get(key.asString());
        HclValue r = found != null ? found : a.get(2);
        if (!r.isKnown()) {
            return HclValue.unknown(rt);
        }
        return rt == DYNAMIC ? r : HclConvert.convert(r, rt);
    }

    private static HclType mergeType(List<HclValue> a) {
        if (a.isEmpty()) {
            return HclType.EMPTY_OBJECT;
        }
        boolean allMaps = true;
        HclType elem = null;
        boolean sameElem = true;
        Map<String, HclType> attrs = new LinkedHashMap<>();
        for (HclValue v : a) {
            HclType ty = v.type();
            if (ty == DYNAMIC) {
                return DYNAMIC;
            }
            if (!ty.isMap() && !ty.isObject()) {
                throw new FunctionException("arguments must be maps or objects, got " + Json.quote(ty.friendlyName()));
            }
            if (ty.isMap()) {
                if (elem == null) {
                    elem = ty.elementType();
                } else if (!elem.equals(ty.elementType())) {
                    sameElem = false;
                }
                if (!v.isNull() && !v.isKnown()) {
                    return DYNAMIC;
                }
                if (!v.isNull()) {
                    for (var e : v.entries().entrySet()) {
                        attrs.put(e.getKey(), e.getValue().type());
                    }
                }
            } else {
                allMaps = false;
                attrs.putAll(((HclType.ObjectType) ty).attributes());
            }
        }
        if (allMaps && sameElem) {
            return HclType.map(elem);
        }
        return HclType.object(attrs);
    }

    private static HclValue merge(List<HclValue> a, HclType rt) {
        Map<String, HclValue> out = new LinkedHashMap<>();
        for (HclValue v : a) {
            if (v.isNull()) {
                continue;
            }
            if (!v.isWhollyKnown()) {
                return HclValue.unknown(rt);
            }
            out.putAll(v.entries());
        }
        if (rt.isMap()) {
            return out.isEmpty() ? HclValue.emptyMap(rt.elementType()) : HclValue.map(rt.elementType(), out);
        }
        return HclValue.object(out);
    }

    private static HclValue range(List<HclValue> a) {
        BigDecimal start;
        BigDecimal end;
        BigDecimal step;
        switch (a.size()) {
            case 1 -> {
                start = BigDecimal.ZERO;
                end = a.get(0).asBigDecimal();
                step = end.signum() < 0 ? BigDecimal.ONE.negate() : BigDecimal.ONE;
            }
            case 2 -> {
                start = a.get(0).asBigDecimal();
                end = a.get(1).asBigDecimal();
                step = end.compareTo(start) < 0 ? BigDecimal.ONE.negate() : BigDecimal.ONE;
            }
            case 3 -> {
                start = a.get(0).asBigDecimal();
                end = a.get(1).asBigDecimal();
                step = a.get(2).asBigDecimal();
            }
            default -> throw new FunctionException("must have one, two, or three arguments");
        }
        // cty means to refuse a zero step ("step must not be zero") but its check never fires, so a zero step
        // runs into the 1024-value limit (or gives an empty list when start equals end); Kiln does the same.
        boolean down = step.signum() < 0;
        if (down && end.compareTo(start) > 0) {
            throw new FunctionException(1, "end must be less than start when step is negative");
        }
        if (!down && end.compareTo(start) < 0) {
            throw new FunctionException(1, "end must be greater than start when step is positive");
        }
        List<HclValue> out = new ArrayList<>();
        for (BigDecimal v = start; down ? v.compareTo(end) > 0 : v.compareTo(end) < 0; v = v.add(step)) {
            if (out.size() >= 1024) {
                throw new FunctionException("more than 1024 values were generated; either decrease the difference "
                        + "between start and end or use a smaller step");
            }
            out.add(HclValue.number(v));
        }
        return out.isEmpty() ? HclValue.emptyList(NUMBER) : HclValue.list(NUMBER, out);
    }

    private static HclType setType(List<HclValue> a) {
        Optional<HclType> u = HclConvert.unify(a.stream().map(HclValue::type).toList(), true);
        if (u.isEmpty()) {
            throw new FunctionException("given sets must all have compatible element types");
        }
        return u.get();
    }

    private static HclValue setOp(List<HclValue> a, boolean intersect) {
        HclType rt = setType(a);
        HclType elem = rt.elementType();
        List<HclValue> acc = new ArrayList<>(HclConvert.convert(a.get(0), rt).elements());
        for (int i = 1; i < a.size(); i++) {
            List<HclValue> other = HclConvert.convert(a.get(i), rt).elements();
            if (intersect) {
                acc.retainAll(other);
            } else {
                acc.addAll(other);
            }
        }
        return acc.isEmpty() ? HclValue.emptySet(elem) : HclValue.set(elem, acc);
    }

    private static HclType setproductType(List<HclValue> a) {
        if (a.size() < 2) {
            throw new FunctionException("at least two arguments are required");
        }
        boolean anyList = false;
        List<HclType> etys = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            HclType ty = a.get(i).type();
            if (ty.isList() || ty.isSet()) {
                anyList |= ty.isList();
                etys.add(ty.elementType());
            } else if (ty instanceof HclType.TupleType tt) {
                anyList = true;
                Optional<HclType> u = tt.elements().isEmpty() ? Optional.of(DYNAMIC)
                        : HclConvert.unify(tt.elements(), true);
                if (u.isEmpty()) {
                    throw new FunctionException(i, "all elements must be of the same type");
                }
                etys.add(u.get());
            } else {
                throw new FunctionException(i, "a set or a list is required");
            }
        }
        HclType tuple = HclType.tuple(etys);
        return anyList ? HclType.list(tuple) : HclType.set(tuple);
    }

    private static HclValue setproduct(List<HclValue> a, HclType rt) {
        HclType.TupleType tuple = (HclType.TupleType) rt.elementType();
        List<List<HclValue>> sets = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            HclType e = tuple.elements().get(i);
            sets.add(a.get(i).elements().stream().map(v -> HclConvert.convert(v, e)).toList());
        }
        List<List<HclValue>> product = new ArrayList<>();
        product.add(List.of());
        for (List<HclValue> s : sets) {
            List<List<HclValue>> next = new ArrayList<>();
            for (List<HclValue> p : product) {
                for (HclValue v : s) {
                    List<HclValue> q = new ArrayList<>(p);
                    q.add(v);
                    next.add(q);
                }
            }
            product = next;
        }
        List<HclValue> out = product.stream().map(HclValue::tuple).toList();
        if (out.isEmpty()) {
            return rt.isList() ? HclValue.emptyList(tuple) : HclValue.emptySet(tuple);
        }
        return rt.isList() ? HclValue.list(tuple, out) : HclValue.set(tuple, out);
    }

    private static HclType sliceType(List<HclValue> a) {
        HclType ty = a.get(0).type();
        if (ty.isSet()) {
            throw new FunctionException(0, "cannot slice a set, because its elements do not have indices; "
                    + "explicitly convert to a list if the ordering of the result is not important");
        }
        if (!ty.isList() && !ty.isTuple()) {
            throw new FunctionException(0, "must be a list or tuple value");
        }
        if (ty.isList()) {
            return ty;
        }
        if (!a.get(1).isKnown() || !a.get(2).isKnown()) {
            return DYNAMIC;
        }
        int[] r = sliceRange(a);
        return HclType.tuple(((HclType.TupleType) ty).elements().subList(r[0], r[1]));
    }

    private static int[] sliceRange(List<HclValue> a) {
        int len = a.get(0).type() instanceof HclType.TupleType tt ? tt.elements().size() : a.get(0).length();
        int start;
        int end;
        try {
            start = Args.intValue(a, 1);
        } catch (FunctionException e) {
            throw new FunctionException(1, "invalid start index: " + e.getMessage());
        }
        if (start < 0) {
            throw new FunctionException(1, "start index must not be less than zero");
        }
        if (start > len) {
            throw new FunctionException(1, "start index must not be greater than the length of the list");
        }
        try {
            end = Args.intValue(a, 2);
        } catch (FunctionException e) {
            throw new FunctionException(2, "invalid end index: " + e.getMessage());
        }
        if (end < 0) {
            throw new FunctionException(2, "end index must not be less than zero");
        }
        if (end > len) {
            throw new FunctionException(2, "end index must not be greater than the length of the list");
        }
        if (start > end) {
            throw new FunctionException(1, "start index must not be greater than end index");
        }
        return new int[] {start, end};
    }

    private static HclType zipmapType(List<HclValue> a) {
        HclType vt = a.get(1).type();
        if (vt.isList()) {
            return HclType.map(vt.elementType());
        }
        if (vt instanceof HclType.TupleType tt) {
            if (!a.get(0).isWhollyKnown()) {
                return DYNAMIC;
            }
            List<HclValue> keys = a.get(0).elements();
            if (keys.size() != tt.elements().size()) {
                throw new FunctionException("number of keys (" + keys.size() + ") does not match number of values ("
                        + tt.elements().size() + ")");
            }
            Map<String, HclType> attrs = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                if (keys.get(i).isNull()) {
                    throw new FunctionException("keys list has null value at index " + i);
                }
                attrs.put(keys.get(i).asString(), tt.elements().get(i));
            }
            return HclType.object(attrs);
        }
        throw new FunctionException(1, "values argument must be a list or tuple value");
    }

    private static HclValue zipmap(List<HclValue> a, HclType rt) {
        List<HclValue> keys = a.get(0).elements();
        List<HclValue> vals = a.get(1).elements();
        if (keys.size() != vals.size()) {
            throw new FunctionException("number of keys (" + keys.size() + ") does not match number of values ("
                    + vals.size() + ")");
        }
        Map<String, HclValue> out = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).isNull()) {
                throw new FunctionException("keys list has null value at index " + i);
            }
            out.put(keys.get(i).asString(), vals.get(i));
        }
        if (rt.isMap()) {
            return out.isEmpty() ? HclValue.emptyMap(rt.elementType()) : HclValue.map(rt.elementType(), out);
        }
        return HclValue.object(out);
    }
}
