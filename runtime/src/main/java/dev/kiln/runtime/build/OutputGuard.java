package dev.kiln.runtime.build;

import dev.kiln.api.Component;
import dev.kiln.runtime.frontend.BuildModel;
import dev.kiln.runtime.frontend.ComponentSpec;
import dev.kiln.runtime.frontend.TemplateProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Refuses a build whose outputs would overwrite its inputs: Packer writes {@code export_path} over whatever is there,
 * the template itself included. Inputs are the template, its var files and what each component
 * {@link Component#localInputs reads}; outputs are what each component {@link Component#localOutputs writes}. Two
 * paths are the same file when they name it alike or, both existing, are one file (a link, a hard link).
 */
final class OutputGuard {

    /** A component of the build with its bound config. */
    record Part(ComponentSpec block, Component<?> component, Record config) {
    }

    private OutputGuard() {
    }

    /** Every output of {@code parts} that is an input of the build, placed at its option. */
    static List<TemplateProblem> check(BuildModel template, List<Part> parts) {
        Path workingDir = template.workingDir();
        Map<Path, String> inputs = new LinkedHashMap<>();
        template.templateFiles().forEach(file -> inputs.put(absolute(workingDir, file), "the template"));
        template.varFiles().forEach(file -> inputs.put(absolute(workingDir, file), "a var file of the build"));
        for (Part part : parts) {
            for (String input : inputsOf(part)) {
                Path path = path(workingDir, input);
                if (path != null) {
                    inputs.putIfAbsent(path, "read by " + part.block().kind() + " '" + part.block().type() + "' ("
                            + part.block().position() + ")");
                }
            }
        }
        List<TemplateProblem> problems = new ArrayList<>();
        for (Part part : parts) {
            outputsOf(part).forEach((option, output) -> {
                Path path = path(workingDir, output);
                String input = path == null ? null : inputAt(path, inputs);
                if (input != null) {
                    problems.add(new TemplateProblem(part.block().positionOf(option), part.block().path() + "."
                            + option, option + ": '" + output + "' is " + input + "; Kiln does not overwrite what a "
                            + "build reads: choose another path."));
                }
            });
        }
        return problems;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<String> inputsOf(Part part) {
        return ((Component) part.component()).localInputs(part.config());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Map<String, String> outputsOf(Part part) {
        return ((Component) part.component()).localOutputs(part.config());
    }

    private static String inputAt(Path output, Map<Path, String> inputs) {
        String same = inputs.get(output);
        if (same != null || !Files.exists(output)) {
            return same;
        }
        for (Map.Entry<Path, String> input : inputs.entrySet()) {
            try {
                if (Files.exists(input.getKey()) && Files.isSameFile(output, input.getKey())) {
                    return input.getValue();
                }
            } catch (IOException e) {
                // unreadable: the component reports it when it gets there
            }
        }
        return null;
    }

    /** The absolute path, or null for a value the component renders later or that is no path at all. */
    private static Path path(Path workingDir, String value) {
        if (value == null || value.isBlank() || value.contains("{{")) {
            return null;
        }
        try {
            return absolute(workingDir, Path.of(value));
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static Path absolute(Path workingDir, Path path) {
        return workingDir.resolve(path).toAbsolutePath().normalize();
    }
}
