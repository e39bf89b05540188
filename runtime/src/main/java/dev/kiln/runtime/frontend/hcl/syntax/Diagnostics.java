package dev.kiln.runtime.frontend.hcl.syntax;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;

/** An ordered, growing collection that keeps every diagnostic added to it. Not thread-safe. */
public final class Diagnostics implements Iterable<Diagnostic> {
    private final List<Diagnostic> items = new ArrayList<>();

    /** Adds one diagnostic. */
    public Diagnostics add(Diagnostic diagnostic) {
        items.add(diagnostic);
        return this;
    }

    /** Adds all of {@code diagnostics}, in order. */
    public Diagnostics addAll(Collection<Diagnostic> diagnostics) {
        items.addAll(diagnostics);
        return this;
    }

    /** Whether any diagnostic is an error. */
    public boolean hasErrors() {
        for (Diagnostic d : items) {
            if (d.isError()) {
                return true;
            }
        }
        return false;
    }

    /** How many diagnostics there are. */
    public int size() {
        return items.size();
    }

    /** Whether there are none. */
    public boolean isEmpty() {
        return items.isEmpty();
    }

    /** An immutable copy of the diagnostics so far. */
    public List<Diagnostic> toList() {
        return List.copyOf(items);
    }

    @Override
    public Iterator<Diagnostic> iterator() {
        return toList().iterator();
    }

    @Override
    public String toString() {
        return items.toString();
    }
}
