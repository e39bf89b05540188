package dev.kiln.runtime.frontend.hcl.function;

import dev.kiln.runtime.frontend.hcl.value.HclValue;
import java.math.BigDecimal;
import java.util.List;

/** Argument helpers for implementations. */
final class Args {

    private static final String WHOLE = "value must be a whole number, between -9223372036854775808 and "
            + "9223372036854775807";

    private Args() {
    }

    /** Argument {@code i} as an int; a fraction or a number out of range fails the call, as cty's gocty does. */
    static int intValue(List<HclValue> args, int i) {
        HclValue v = args.get(i);
        if (v.isInfinite()) {
            throw new FunctionException(WHOLE);
        }
        BigDecimal d = v.asBigDecimal();
        try {
            long l = d.longValueExact();
            if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
                throw new FunctionException(WHOLE);
            }
            return (int) l;
        } catch (ArithmeticException e) {
            throw new FunctionException(WHOLE);
        }
    }
}
