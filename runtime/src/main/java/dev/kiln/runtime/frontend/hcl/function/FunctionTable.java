package dev.kiln.runtime.frontend.hcl.function;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * An immutable function table, by name in name order, made when first looked into: most templates call no function
 * or few, and making Packer's hundred functions cost a cold {@code kiln validate} of an HCL2 template about a
 * tenth of its time. Contexts share one table without copying it.
 */
public final class FunctionTable extends AbstractMap<String, HclFunction> {

    private final Consumer<Map<String, HclFunction>> registrations;
    private volatile Map<String, HclFunction> table;

    /** The table {@code registrations} fills when first used (called at most once). */
    FunctionTable(Consumer<Map<String, HclFunction>> registrations) {
        this.registrations = registrations;
    }

    private Map<String, HclFunction> table() {
        Map<String, HclFunction> t = table;
        if (t == null) {
            synchronized (this) {
                t = table;
                if (t == null) {
                    Map<String, HclFunction> made = new TreeMap<>();
                    registrations.accept(made);
                    table = t = Collections.unmodifiableMap(made);
                }
            }
        }
        return t;
    }

    @Override
    public HclFunction get(Object name) {
        return table().get(name);
    }

    @Override
    public boolean containsKey(Object name) {
        return table().containsKey(name);
    }

    @Override
    public Set<String> keySet() {
        return table().keySet();
    }

    @Override
    public Set<Entry<String, HclFunction>> entrySet() {
        return table().entrySet();
    }

    @Override
    public int size() {
        return table().size();
    }
}
