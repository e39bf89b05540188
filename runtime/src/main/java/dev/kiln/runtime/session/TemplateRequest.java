package dev.kiln.runtime.session;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Which template to read and with which inputs, as {@code build}, {@code validate} and the shell give them.
 *
 * @param template the template file, relative to the session's working directory or absolute
 * @param varFiles {@code -var-file}s, later ones win
 * @param variables {@code -var}s, over every var file
 * @param only {@code -only}: the builds to keep, empty for all
 * @param except {@code -except}: the builds and post-processors to leave out
 */
public record TemplateRequest(Path template, List<Path> varFiles, Map<String, String> variables, List<String> only,
                              List<String> except) {

    /** Copies the collections; null means empty. */
    public TemplateRequest {
        varFiles = varFiles == null ? List.of() : List.copyOf(varFiles);
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        only = only == null ? List.of() : List.copyOf(only);
        except = except == null ? List.of() : List.copyOf(except);
    }

    /** A template with no inputs. */
    public static TemplateRequest of(Path template) {
        return new TemplateRequest(template, List.of(), Map.of(), List.of(), List.of());
    }
}
