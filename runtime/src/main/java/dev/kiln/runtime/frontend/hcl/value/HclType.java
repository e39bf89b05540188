package dev.kiln.runtime.frontend.hcl.value;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * An HCL (cty) type: a primitive ({@link #STRING}, {@link #NUMBER}, {@link #BOOL}), a collection ({@code list},
 * {@code set}, {@code map} of one element type), a structural type ({@code object}, {@code tuple}) or the dynamic
 * pseudo-type {@link #DYNAMIC} ({@code any}). Types are immutable values compared with {@code equals}.
 *
 * <p>The records write {@code equals} and {@code hashCode} out: a record's generated ones bootstrap a tree of method
 * handles on first use, which cost a cold {@code kiln validate} of an HCL2 template about 20 ms.
 */
public sealed interface HclType
        permits HclType.Primitive, HclType.Dynamic, HclType.ListType, HclType.SetType, HclType.MapType,
        HclType.ObjectType, HclType.TupleType {

    HclType STRING = Primitive.STRING;
    HclType NUMBER = Primitive.NUMBER;
    HclType BOOL = Primitive.BOOL;
    /** The dynamic pseudo-type: "any type" in a constraint, "not yet known" for a value. */
    HclType DYNAMIC = Dynamic.DYNAMIC;
    /** The empty object type, the type of {@code {}}. */
    HclType EMPTY_OBJECT = new ObjectType(new TreeMap<>(), Set.of());
    /** The empty tuple type, the type of {@code []}. */
    HclType EMPTY_TUPLE = new TupleType(List.of());

    static HclType list(HclType element) {
        return new ListType(element);
    }

    static HclType set(HclType element) {
        return new SetType(element);
    }

    static HclType map(HclType element) {
        return new MapType(element);
    }

    static HclType tuple(List<HclType> elements) {
        return new TupleType(elements);
    }

    static HclType object(Map<String, HclType> attributes) {
        return new ObjectType(new TreeMap<>(attributes), Set.of());
    }

    /** An object type whose attributes named in {@code optional} may be absent (filled with null on conversion). */
    static HclType object(Map<String, HclType> attributes, Set<String> optional) {
        return new ObjectType(new TreeMap<>(attributes), optional);
    }

    /** The name HCL uses in messages: {@code string}, {@code list of string}, {@code object}, {@code tuple}. */
    String friendlyName();

    /**
     * The name used when this type is a constraint (a parameter or variable type): as {@link #friendlyName()}, but
     * the dynamic type reads {@code any type} and a collection of it {@code list of any single type}.
     */
    default String friendlyNameForConstraint() {
        return friendlyName();
    }

    /** This type written as an HCL type expression: {@code list(string)}, {@code object({a=number})}. */
    String typeExpression();

    default boolean isPrimitive() {
        return this instanceof Primitive;
    }

    default boolean isDynamic() {
        return this == DYNAMIC;
    }

    /** True for list, set and map types. */
    default boolean isCollection() {
        return this instanceof ListType || this instanceof SetType || this instanceof MapType;
    }

    /** True for object and tuple types. */
    default boolean isStructural() {
        return this instanceof ObjectType || this instanceof TupleType;
    }

    default boolean isList() {
        return this instanceof ListType;
    }

    default boolean isSet() {
        return this instanceof SetType;
    }

    default boolean isMap() {
        return this instanceof MapType;
    }

    default boolean isObject() {
        return this instanceof ObjectType;
    }

    default boolean isTuple() {
        return this instanceof TupleType;
    }

    /** The element type of a collection type. */
    default HclType elementType() {
        if (this instanceof ListType l) {
            return l.element();
        }
        if (this instanceof SetType s) {
            return s.element();
        }
        if (this instanceof MapType m) {
            return m.element();
        }
        throw new IllegalStateException(friendlyName() + " is not a collection type");
    }

    /**
     * This type without optional-attribute markers, at any depth: the type a value converted to this type has
     * (optional attributes are present, possibly null).
     */
    default HclType withoutOptional() {
        if (this instanceof ListType l) {
            return list(l.element().withoutOptional());
        }
        if (this instanceof SetType s) {
            return set(s.element().withoutOptional());
        }
        if (this instanceof MapType m) {
            return map(m.element().withoutOptional());
        }
        if (this instanceof TupleType t) {
            return tuple(t.elements().stream().map(HclType::withoutOptional).toList());
        }
        if (this instanceof ObjectType o) {
            Map<String, HclType> attrs = new TreeMap<>();
            o.attributes().forEach((k, v) -> attrs.put(k, v.withoutOptional()));
            return object(attrs);
        }
        return this;
    }

    /** True if this type is or contains the dynamic pseudo-type. */
    default boolean hasDynamic() {
        if (this == DYNAMIC) {
            return true;
        }
        if (isCollection()) {
            return elementType().hasDynamic();
        }
        if (this instanceof ObjectType o) {
            return o.attributes().values().stream().anyMatch(HclType::hasDynamic);
        }
        if (this instanceof TupleType t) {
            return t.elements().stream().anyMatch(HclType::hasDynamic);
        }
        return false;
    }

    /** string, number and bool. */
    enum Primitive implements HclType {
        STRING("string"), NUMBER("number"), BOOL("bool");

        private final String name;

        Primitive(String name) {
            this.name = name;
        }

        @Override
        public String friendlyName() {
            return name;
        }

        @Override
        public String typeExpression() {
            return name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The dynamic pseudo-type. */
    enum Dynamic implements HclType {
        DYNAMIC;

        @Override
        public String friendlyName() {
            return "dynamic";
        }

        @Override
        public String friendlyNameForConstraint() {
            return "any type";
        }

        @Override
        public String typeExpression() {
            return "any";
        }

        @Override
        public String toString() {
            return "any";
        }
    }

    /** {@code list(T)}. */
    record ListType(HclType element) implements HclType {
        public ListType {
            Objects.requireNonNull(element, "element");
        }

        @Override
        public String friendlyName() {
            return "list of " + element.friendlyName();
        }

        @Override
        public String friendlyNameForConstraint() {
            return "list of " + collectionConstraintName(element);
        }

        @Override
        public String typeExpression() {
            return "list(" + element.typeExpression() + ")";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ListType t && element.equals(t.element);
        }

        @Override
        public int hashCode() {
            return 31 * element.hashCode() + 1;
        }

        @Override
        public String toString() {
            return typeExpression();
        }
    }

    /** {@code set(T)}. */
    record SetType(HclType element) implements HclType {
        public SetType {
            Objects.requireNonNull(element, "element");
        }

        @Override
        public String friendlyName() {
            return "set of " + element.friendlyName();
        }

        @Override
        public String friendlyNameForConstraint() {
            return "set of " + collectionConstraintName(element);
        }

        @Override
        public String typeExpression() {
            return "set(" + element.typeExpression() + ")";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SetType t && element.equals(t.element);
        }

        @Override
        public int hashCode() {
            return 31 * element.hashCode() + 2;
        }

        @Override
        public String toString() {
            return typeExpression();
        }
    }

    /** {@code map(T)}. */
    record MapType(HclType element) implements HclType {
        public MapType {
            Objects.requireNonNull(element, "element");
        }

        @Override
        public String friendlyName() {
            return "map of " + element.friendlyName();
        }

        @Override
        public String friendlyNameForConstraint() {
            return "map of " + collectionConstraintName(element);
        }

        @Override
        public String typeExpression() {
            return "map(" + element.typeExpression() + ")";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MapType t && element.equals(t.element);
        }

        @Override
        public int hashCode() {
            return 31 * element.hashCode() + 3;
        }

        @Override
        public String toString() {
            return typeExpression();
        }
    }

    /** {@code object({name=T, ...})}; attributes in {@code optional} may be omitted by a value converted to it. */
    record ObjectType(SortedMap<String, HclType> attributes, Set<String> optional) implements HclType {
        public ObjectType {
            attributes = Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
            for (String name : optional) {
                if (!attributes.containsKey(name)) {
                    throw new IllegalArgumentException("optional attribute '" + name + "' is not an attribute");
                }
            }
            optional = Collections.unmodifiableSet(new LinkedHashSet<>(optional));
        }

        public boolean hasAttribute(String name) {
            return attributes.containsKey(name);
        }

        public HclType attributeType(String name) {
            HclType t = attributes.get(name);
            if (t == null) {
                throw new IllegalArgumentException("no attribute named '" + name + "'");
            }
            return t;
        }

        public boolean isOptional(String name) {
            return optional.contains(name);
        }

        @Override
        public String friendlyName() {
            return "object";
        }

        @Override
        public String typeExpression() {
            return attributes.entrySet().stream()
                    .map(e -> e.getKey() + "=" + (optional.contains(e.getKey())
                            ? "optional(" + e.getValue().typeExpression() + ")" : e.getValue().typeExpression()))
                    .collect(Collectors.joining(", ", "object({", "})"));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ObjectType t && attributes.equals(t.attributes) && optional.equals(t.optional);
        }

        @Override
        public int hashCode() {
            return 31 * attributes.hashCode() + optional.hashCode();
        }

        @Override
        public String toString() {
            return typeExpression();
        }
    }

    /** {@code tuple([T, ...])}. */
    record TupleType(List<HclType> elements) implements HclType {
        public TupleType {
            elements = List.copyOf(elements);
        }

        @Override
        public String friendlyName() {
            return "tuple";
        }

        @Override
        public String typeExpression() {
            return elements.stream().map(HclType::typeExpression).collect(Collectors.joining(", ", "tuple([", "])"));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TupleType t && elements.equals(t.elements);
        }

        @Override
        public int hashCode() {
            return elements.hashCode();
        }

        @Override
        public String toString() {
            return typeExpression();
        }
    }

    private static String collectionConstraintName(HclType element) {
        return element == DYNAMIC ? "any single type" : element.friendlyNameForConstraint();
    }
}
