package dev.kiln.runtime.frontend;

import dev.kiln.api.ConfigException;
import java.util.List;
import java.util.stream.Collectors;

/** A template or variable file has problems; carries every one found, and shows one per line. */
public class TemplateException extends ConfigException {

    private static final long serialVersionUID = 1L;

    private final transient List<TemplateProblem> problems;

    /**
     * Creates the exception.
     *
     * @param problems every problem found, at least one
     */
    public TemplateException(List<TemplateProblem> problems) {
        super(problems.stream().map(TemplateProblem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a TemplateException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in the order they appear in their files. */
    public List<TemplateProblem> problems() {
        return problems;
    }
}
