package dev.kiln.runtime.frontend.hcl.function;

import static dev.kiln.runtime.frontend.hcl.value.HclType.DYNAMIC;
import static dev.kiln.runtime.frontend.hcl.value.HclType.NUMBER;

import dev.kiln.runtime.frontend.hcl.value.HclOperations;
import dev.kiln.runtime.frontend.hcl.value.HclType;
import dev.kiln.runtime.frontend.hcl.value.HclValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/** Numeric functions: abs, ceil, floor, log, max, min, parseint, pow, signum. */
final class NumericFunctions {

    private static final String DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private NumericFunctions() {
    }

    static void register(Map<String, HclFunction> t) {
        add(t, num1("abs", n -> n.isInfinite() ? HclValue.POSITIVE_INFINITY
                : HclValue.number(n.asBigDecimal().abs())));
        add(t, num1("ceil", n -> n.isInfinite() ? n
                : HclValue.number(n.asBigDecimal().setScale(0, RoundingMode.CEILING))));
        add(t, num1("floor", n -> n.isInfinite() ? n
                : HclValue.number(n.asBigDecimal().setScale(0, RoundingMode.FLOOR))));
        add(t, num1("signum", n -> HclValue.number(n.isInfinite() ? (long) Math.signum(n.asDouble())
                : n.asBigDecimal().signum())));
        add(t, HclFunction.builder("log").param("num", NUMBER).param("base", NUMBER).returns(NUMBER)
                .impl(a -> fromDouble(Math.log(a.get(0).asDouble()) / Math.log(a.get(1).asDouble()))));
        add(t, HclFunction.builder("pow").param("num", NUMBER).param("power", NUMBER).returns(NUMBER)
                .impl(a -> pow(a.get(0), a.get(1))));
        add(t, HclFunction.builder("max").variadic(Parameter.of("numbers", NUMBER).allowingDynamicType())
                .returns(NUMBER).impl(a -> extreme(a, 1)));
        add(t, HclFunction.builder("min").variadic(Parameter.of("numbers", NUMBER).allowingDynamicType())
                .returns(NUMBER).impl(a -> extreme(a, -1)));
        add(t, HclFunction.builder("parseint").param("number", DYNAMIC).param("base", NUMBER)
                .returns(a -> {
                    if (a.get(0).type() != HclType.STRING) {
                        throw new FunctionException(0, "first argument must be a string, not "
                                + a.get(0).type().friendlyName());
                    }
                    return NUMBER;
                }).impl(NumericFunctions::parseint));
    }

    private static void add(Map<String, HclFunction> t, HclFunction.Builder b) {
        HclFunction f = b.build();
        t.put(f.name(), f);
    }

    private static HclFunction.Builder num1(String name, java.util.function.UnaryOperator<HclValue> op) {
        return HclFunction.builder(name).param("num", NUMBER).returns(NUMBER).impl(a -> op.apply(a.get(0)));
    }

    private static HclValue fromDouble(double d) {
        if (Double.isNaN(d)) {
            throw new FunctionException("the result is not a number");
        }
        return HclValue.number(d);
    }

    private static HclValue pow(HclValue base, HclValue power) {
        // cty computes pow with float64, so large powers are rounded (pow(2, 100) is 1267650600228229400000000000000).
        return fromDouble(Math.pow(base.asDouble(), power.asDouble()));
    }

    private static HclValue extreme(List<HclValue> a, int sign) {
        if (a.isEmpty()) {
            throw new FunctionException("must pass at least one number");
        }
        HclValue best = a.get(0);
        for (HclValue v : a) {
            if (HclOperations.compareNumbers(v, best) * sign > 0) {
                best = v;
            }
        }
        return best;
    }

    private static HclValue parseint(List<HclValue> a) {
        String s = a.get(0).asString();
        BigDecimal b = a.get(1).asBigDecimal();
        int base;
        try {
            base = b.intValueExact();
        } catch (ArithmeticException e) {
            base = -1;
        }
        if (base < 2 || base > 62) {
            throw new FunctionException(1, "base must be a whole number between 2 and 62 inclusive");
        }
        String body = s;
        boolean negative = false;
        if (body.startsWith("-") || body.startsWith("+")) {
            negative = body.startsWith("-");
            body = body.substring(1);
        }
        if (body.isEmpty()) {
            throw notInt(s, base);
        }
        BigInteger r = BigInteger.ZERO;
        BigInteger bb = BigInteger.valueOf(base);
        for (char c : body.toCharArray()) {
            int d = DIGITS.indexOf(base <= 36 ? Character.toLowerCase(c) : c);
            if (d < 0 || d >= base) {
                throw notInt(s, base);
            }
            r = r.multiply(bb).add(BigInteger.valueOf(d));
        }
        return HclValue.number(negative ? r.negate() : r);
    }

    private static FunctionException notInt(String s, int base) {
        return new FunctionException(0, "cannot parse " + Json.quote(s) + " as a base " + base + " integer");
    }
}
