package dev.kiln.runtime.frontend.hcl.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.frontend.hcl.value.HclType;
import dev.kiln.runtime.frontend.hcl.value.HclValue;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FunctionTableTest {

    private static HclFunction constant(String name) {
        return HclFunction.builder(name).returns(HclType.STRING).impl(a -> HclValue.string(name)).build();
    }

    @Test
    void theTableIsMadeOnceAndOnlyWhenFirstLookedInto() {
        AtomicInteger made = new AtomicInteger();
        FunctionTable table = new FunctionTable(t -> {
            made.incrementAndGet();
            t.put("upper", constant("upper"));
            t.put("abs", constant("abs"));
        });
        assertEquals(0, made.get(), "made before use");
        assertEquals("upper", table.get("upper").call(List.of()).asString());
        assertNull(table.get("lower"));
        assertEquals(List.of("abs", "upper"), List.copyOf(table.keySet()), "name order");
        assertEquals(2, table.size());
        assertEquals(1, made.get());
    }

    @Test
    void theTableCannotBeChanged() {
        FunctionTable table = new FunctionTable(t -> t.put("abs", constant("abs")));
        assertThrows(UnsupportedOperationException.class, () -> table.put("x", constant("x")));
        assertThrows(UnsupportedOperationException.class, () -> table.keySet().remove("abs"));
    }

    @Test
    void withEnvAddsEnvWithoutMakingTheTemplatesTableFirst() {
        AtomicInteger made = new AtomicInteger();
        FunctionTable base = new FunctionTable(t -> {
            made.incrementAndGet();
            t.put("abs", constant("abs"));
        });
        Map<String, HclFunction> withEnv = HclFunctions.withEnv(base, Map.of("HOME", "/home/kiln"));
        assertEquals(0, made.get());
        assertEquals("/home/kiln", withEnv.get("env").call(List.of(HclValue.string("HOME"))).asString());
        assertTrue(withEnv.containsKey("abs"));
        assertEquals(1, made.get());
    }
}
