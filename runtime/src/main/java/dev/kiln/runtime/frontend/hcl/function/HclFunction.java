package dev.kiln.runtime.frontend.hcl.function;

import dev.kiln.runtime.frontend.hcl.value.ConversionException;
import dev.kiln.runtime.frontend.hcl.value.HclConvert;
import dev.kiln.runtime.frontend.hcl.value.HclException;
import dev.kiln.runtime.frontend.hcl.value.HclType;
import dev.kiln.runtime.frontend.hcl.value.HclValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A function callable from HCL expressions, as cty's {@code function.Function}: positional {@link #parameters()}, an
 * optional variadic parameter, a return-type rule and an implementation. {@link #call} does what HCL's evaluator and
 * cty do around the implementation: checks the arity, converts every argument to its parameter's type, refuses nulls,
 * short-circuits unknown arguments to an unknown result of the return type, and words every failure as HCL does.
 * Instances are immutable and thread-safe.
 */
public final class HclFunction {

    /** Computes the return type from the converted arguments (which may be unknown). */
    @FunctionalInterface
    public interface ReturnType {
        HclType of(List<HclValue> args);
    }

    /** The implementation, called with converted, known (unless allowed otherwise) arguments. */
    @FunctionalInterface
    public interface Implementation {
        HclValue call(List<HclValue> args, HclType returnType);
    }

    private final String name;
    private final List<Parameter> parameters;
    private final Parameter variadic;
    private final ReturnType returnType;
    private final Implementation impl;
    private final String description;

    private HclFunction(String name, List<Parameter> parameters, Parameter variadic, ReturnType returnType,
            Implementation impl, String description) {
        this.name = name;
        this.parameters = List.copyOf(parameters);
        this.variadic = variadic;
        this.returnType = returnType;
        this.impl = impl;
        this.description = description;
    }

    /** Starts a function definition. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    public List<Parameter> parameters() {
        return parameters;
    }

    /** The variadic parameter, or null. */
    public Parameter variadic() {
        return variadic;
    }

    public String description() {
        return description;
    }

    /** This function under another name (for aliases). */
    public HclFunction renamed(String newName) {
        return new HclFunction(newName, parameters, variadic, returnType, impl, description);
    }

    /**
     * Calls the function.
     *
     * @throws HclException "Not enough function arguments", "Too many function arguments", "Invalid function argument"
     *     (with {@link HclException#argumentIndex()}) or "Error in function call"
     */
    public HclValue call(List<HclValue> args) {
        checkArity(args);
        List<HclValue> converted = new ArrayList<>(args.size());
        boolean dynamic = false;
        for (int i = 0; i < args.size(); i++) {
            Parameter p = parameterAt(i);
            HclValue a = Objects.requireNonNull(args.get(i), "argument");
            HclValue c;
            try {
                c = HclConvert.convert(a, p.type());
            } catch (ConversionException e) {
                throw argumentError(i, e.getMessage());
            }
            if (c.isNull() && !p.allowNull()) {
                throw argumentError(i, "argument must not be null");
            }
            if (c.type() == HclType.DYNAMIC && !c.isKnown() && !p.allowDynamicType()) {
                dynamic = true;
            }
            converted.add(c);
        }
        if (dynamic) {
            return HclValue.DYNAMIC_UNKNOWN;
        }
        List<HclValue> view = List.copyOf(converted);
        HclType rt = run(() -> returnType.of(view));
        for (int i = 0; i < view.size(); i++) {
            if (!view.get(i).isWhollyKnown() && !parameterAt(i).allowUnknown()) {
                return HclValue.unknown(rt);
            }
        }
        HclValue result = run(() -> impl.call(view, rt));
        if (rt != HclType.DYNAMIC && !result.type().equals(rt)) {
            try {
                result = HclConvert.convert(result, rt);
            } catch (ConversionException e) {
                throw new IllegalStateException("function " + name + " returned " + result.type() + ", not " + rt, e);
            }
        }
        return result;
    }

    /** Calls the function with the given arguments. */
    public HclValue call(HclValue... args) {
        return call(List.of(args));
    }

    private Parameter parameterAt(int i) {
        return i < parameters.size() ? parameters.get(i) : variadic;
    }

    private void checkArity(List<HclValue> args) {
        if (args.size() < parameters.size()) {
            Parameter missing = parameters.get(args.size());
            throw new HclException("Not enough function arguments", "Function \"" + name + "\" expects "
                    + parameters.size() + " argument(s). Missing value for \"" + missing.name() + "\".",
                    args.size());
        }
        if (variadic == null && args.size() > parameters.size()) {
            throw new HclException("Too many function arguments", "Function \"" + name + "\" expects only "
                    + parameters.size() + " argument(s).", parameters.size());
        }
    }

    private <T> T run(java.util.function.Supplier<T> body) {
        try {
            return body.get();
        } catch (FunctionException e) {
            if (e.argumentIndex() >= 0) {
                throw argumentError(e.argumentIndex(), e.getMessage());
            }
            throw new HclException("Error in function call",
                    "Call to function \"" + name + "\" failed: " + e.getMessage() + ".");
        } catch (HclException e) {
            throw e;
        } catch (ArithmeticException | IllegalArgumentException | IllegalStateException e) {
            throw new HclException("Error in function call",
                    "Call to function \"" + name + "\" failed: " + e.getMessage() + ".");
        }
    }

    private HclException argumentError(int i, String message) {
        Parameter p = parameterAt(i);
        String pname = p == null ? "argument" : p.name();
        return new HclException("Invalid function argument",
                "Invalid value for \"" + pname + "\" parameter: " + message + ".", i);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(name).append('(');
        for (int i = 0; i < parameters.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(parameters.get(i).name());
        }
        if (variadic != null) {
            b.append(parameters.isEmpty() ? "" : ", ").append(variadic.name()).append("...");
        }
        return b.append(')').toString();
    }

    /** Builds an {@link HclFunction}. */
    public static final class Builder {
        private final String name;
        private final List<Parameter> parameters = new ArrayList<>();
        private Parameter variadic;
        private ReturnType returnType;
        private Implementation impl;
        private String description = "";

        private Builder(String name) {
            this.name = name;
        }

        public Builder param(Parameter p) {
            parameters.add(p);
            return this;
        }

        public Builder param(String pname, HclType type) {
            return param(Parameter.of(pname, type));
        }

        public Builder variadic(Parameter p) {
            variadic = p;
            return this;
        }

        public Builder variadic(String pname, HclType type) {
            return variadic(Parameter.of(pname, type));
        }

        public Builder returns(HclType type) {
            returnType = args -> type;
            return this;
        }

        public Builder returns(ReturnType rule) {
            returnType = rule;
            return this;
        }

        public Builder description(String text) {
            description = text;
            return this;
        }

        public Builder impl(Implementation implementation) {
            impl = implementation;
            return this;
        }

        /** An implementation that needs only the arguments. */
        public Builder impl(java.util.function.Function<List<HclValue>, HclValue> implementation) {
            impl = (args, rt) -> implementation.apply(args);
            return this;
        }

        public HclFunction build() {
            Objects.requireNonNull(returnType, "returns");
            Objects.requireNonNull(impl, "impl");
            return new HclFunction(name, parameters, variadic, returnType, impl, description);
        }
    }
}
