package dev.kiln.cli.repl;

import dev.kiln.cli.command.TemplateDefaults;
import dev.kiln.runtime.frontend.BuildModel;
import dev.kiln.runtime.frontend.ComponentSpec;
import dev.kiln.runtime.frontend.VariableSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a shell has loaded and set: the template (as typed, and as last read), the variables of {@code set} and the
 * files of {@code var-file}. {@code build}, {@code validate} and {@code inspect} read it as their
 * {@link TemplateDefaults}; the completer reads it for build and variable names. Thread-safe.
 */
final class ShellState implements TemplateDefaults {

    private Path file;
    private BuildModel template;
    private final Map<String, String> variables = new LinkedHashMap<>();
    private final List<Path> varFiles = new ArrayList<>();

    /** Makes {@code parsed}, read from {@code typed}, the loaded template. */
    synchronized void load(Path typed, BuildModel parsed) {
        file = typed;
        template = parsed;
    }

    @Override
    public synchronized Optional<Path> template() {
        return Optional.ofNullable(file);
    }

    /** The loaded template as last read, if one is loaded. */
    synchronized Optional<BuildModel> parsed() {
        return Optional.ofNullable(template);
    }

    @Override
    public synchronized Map<String, String> variables() {
        return Map.copyOf(variables);
    }

    /** The variables set, in the order they were first set. */
    synchronized List<Map.Entry<String, String>> variablesInOrder() {
        return List.copyOf(variables.entrySet());
    }

    synchronized void set(String name, String value) {
        variables.put(name, value);
    }

    /** @return whether {@code name} was set */
    synchronized boolean unset(String name) {
        return variables.remove(name) != null;
    }

    @Override
    public synchronized List<Path> varFiles() {
        return List.copyOf(varFiles);
    }

    synchronized void addVarFile(Path path) {
        varFiles.add(path);
    }

    synchronized void clearVarFiles() {
        varFiles.clear();
    }

    /** The names {@code -only} takes: the loaded template's builds. */
    synchronized List<String> buildNames() {
        return template == null ? List.of() : template.buildNames();
    }

    /** The names {@code -except} takes: the loaded template's builds and post-processors. */
    synchronized List<String> exceptNames() {
        Set<String> names = new LinkedHashSet<>(buildNames());
        if (template != null) {
            template.postProcessorChains()
                    .forEach(chain -> chain.stream().map(ComponentSpec::name).forEach(names::add));
        }
        return List.copyOf(names);
    }

    /** The variable names worth offering: the loaded template's, then any others set. */
    synchronized List<String> variableNames() {
        Set<String> names = new LinkedHashSet<>();
        if (template != null) {
            template.variables().stream().map(VariableSpec::name).forEach(names::add);
        }
        names.addAll(variables.keySet());
        return List.copyOf(names);
    }

    /** Whether the loaded template marks {@code name} sensitive, so its value is never shown or kept in history. */
    synchronized boolean sensitive(String name) {
        return template != null && template.sensitive(name);
    }
}
