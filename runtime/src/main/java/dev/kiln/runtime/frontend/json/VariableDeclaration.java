package dev.kiln.runtime.frontend.json;

import dev.kiln.runtime.frontend.SourcePosition;
import java.util.Objects;

/**
 * A user variable declared in the template's {@code variables} section.
 *
 * @param name the variable's name
 * @param defaultValue the default, not yet rendered; null when the variable is required
 * @param required true when the template declared it with {@code null}, so it must be set
 * @param position where the declaration's key starts
 */
public record VariableDeclaration(String name, String defaultValue, boolean required, SourcePosition position) {

    /** Checks the name and position are given. */
    public VariableDeclaration {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(position, "position");
    }
}
