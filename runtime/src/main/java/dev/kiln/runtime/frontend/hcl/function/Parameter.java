package dev.kiln.runtime.frontend.hcl.function;

import dev.kiln.runtime.frontend.hcl.value.HclType;
import java.util.Objects;

/**
 * One parameter of an {@link HclFunction}: arguments are converted to {@code type} before the call.
 *
 * @param name the name used in messages ({@code Invalid value for "str" parameter})
 * @param type the type arguments are converted to ({@link HclType#DYNAMIC} for any)
 * @param allowNull whether a null argument reaches the implementation (otherwise: "argument must not be null")
 * @param allowUnknown whether an argument that is not wholly known reaches the implementation (otherwise the call
 *     returns an unknown value of the return type)
 * @param allowDynamicType whether an argument of the dynamic type reaches the implementation (otherwise the call
 *     returns an unknown value of unknown type)
 */
public record Parameter(String name, HclType type, boolean allowNull, boolean allowUnknown,
        boolean allowDynamicType) {

    public Parameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    /** A parameter that refuses null and short-circuits unknown and dynamic arguments. */
    public static Parameter of(String name, HclType type) {
        return new Parameter(name, type, false, false, false);
    }

    public Parameter allowingNull() {
        return new Parameter(name, type, true, allowUnknown, allowDynamicType);
    }

    public Parameter allowingUnknown() {
        return new Parameter(name, type, allowNull, true, allowDynamicType);
    }

    public Parameter allowingDynamicType() {
        return new Parameter(name, type, allowNull, allowUnknown, true);
    }
}
