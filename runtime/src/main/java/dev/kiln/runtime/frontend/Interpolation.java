package dev.kiln.runtime.frontend;

import java.util.Map;

/**
 * Renders the fields a component fills in itself while a build runs ({@code execute_command} with
 * {@code {{.Vars}}}, {@code run_command} with {@code {{.Image}}}), in the build's context. Thread-safe.
 */
@FunctionalInterface
public interface Interpolation {

    /** Renders nothing: every text comes back as written. */
    Interpolation NONE = (template, data) -> template;

    /**
     * Renders {@code template} with {@code data} as its dot-fields.
     *
     * @throws dev.kiln.api.ConfigException when the text cannot be rendered
     */
    String render(String template, Map<String, ?> data);
}
