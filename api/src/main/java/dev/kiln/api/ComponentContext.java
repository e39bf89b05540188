package dev.kiln.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Map;
import org.apiguardian.api.API;

/**
 * What the runtime offers every component while a build runs.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface ComponentContext {

    /**
     * Where this component reports.
     *
     * @return the Ui, never null
     */
    Ui ui();

    /**
     * The build's name: the builder's {@code name}, or its type.
     *
     * @return the name, never null
     */
    String buildName();

    /**
     * The builder's type, e.g. {@code "docker"}.
     *
     * @return the type, never null
     */
    String builderType();

    /**
     * Renders a value the component interpolates itself, such as {@code run_command} or {@code execute_command},
     * with Packer's template language: user variables and functions, plus {@code data} as dot-fields
     * ({@code {{.Image}}}).
     *
     * @param template the raw template text, never null
     * @param data the dot-fields, never null
     * @return the rendered text
     * @throws ConfigException when the text does not parse or names an unknown function or field
     */
    String render(String template, Map<String, ?> data);

    /**
     * Whether the build is being cancelled; long loops should check it besides the thread's interrupt flag.
     *
     * @return true once cancellation has begun
     */
    default boolean cancelled() {
        return Thread.currentThread().isInterrupted();
    }
}
