package dev.kiln.runtime.frontend;

import java.util.Objects;

/**
 * A variable the template declares, as {@code inspect} and the shell's {@code vars} show it.
 *
 * @param name the variable's name
 * @param defaultValue its default as text, or null when it has none
 * @param required whether a value must be given (no default)
 * @param sensitive whether its value is masked in every output
 * @param description its description, or null
 * @param position where it is declared
 */
public record VariableSpec(String name, String defaultValue, boolean required, boolean sensitive,
                           String description, SourcePosition position) {

    /** Checks the name and position are given. */
    public VariableSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(position, "position");
    }
}
