package dev.kiln.runtime.frontend;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a front end reads: the template and the variable inputs, with the surroundings they are evaluated in.
 *
 * @param template the template file or folder, as the user named it (positions show it the same way)
 * @param variables the {@code -var} and {@code -var-file} inputs as given, in order
 * @param environment the process environment ({@code {{env}}}, {@code PKR_VAR_*})
 * @param workingDir the working directory ({@code {{pwd}}}, {@code path.cwd}); relative paths start here
 * @param now the instant {@code timestamp} reads, fixed for the request
 * @param kilnVersion what {@code packer_version} returns
 */
public record TemplateInput(Path template, List<VariableInput> variables, Map<String, String> environment,
                            Path workingDir, Instant now, String kilnVersion) {

    /** Checks the required parts and copies the collections; null means empty. */
    public TemplateInput {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(workingDir, "workingDir");
        Objects.requireNonNull(now, "now");
        variables = variables == null ? List.of() : List.copyOf(variables);
        environment = environment == null ? Map.of() : Map.copyOf(environment);
    }

    /** The {@code -var-file}s, in order. */
    public List<Path> varFiles() {
        return variables.stream().filter(VariableInput.VarFile.class::isInstance)
                .map(v -> ((VariableInput.VarFile) v).file()).toList();
    }

    /** The {@code -var}s, in order. */
    public List<VariableInput.Var> vars() {
        return variables.stream().filter(VariableInput.Var.class::isInstance).map(VariableInput.Var.class::cast)
                .toList();
    }

    /** One variable input from the command line or the shell. */
    public sealed interface VariableInput {

        /**
         * {@code -var name=value}: the value as typed.
         *
         * @param name the variable
         * @param value its value, as typed
         */
        record Var(String name, String value) implements VariableInput {
            /** Checks both parts are given. */
            public Var {
                Objects.requireNonNull(name, "name");
                Objects.requireNonNull(value, "value");
            }
        }

        /**
         * {@code -var-file path}.
         *
         * @param file the var file, resolved against the working directory
         */
        record VarFile(Path file) implements VariableInput {
            /** Checks the file is given. */
            public VarFile {
                Objects.requireNonNull(file, "file");
            }
        }
    }
}
