package dev.kiln.runtime.build;

import java.util.List;
import java.util.Optional;

/**
 * Asks the person running Kiln a question ({@code -on-error=ask}, {@code -debug}): a terminal in the batch command
 * line, the JLine reader in the shell, nobody in scripts. Parallel builds may ask at once; implementations take turns.
 */
@FunctionalInterface
public interface Prompter {

    /** A prompter for when nobody can answer: every question stays unanswered. */
    Prompter NONE = prompt -> Optional.empty();

    /**
     * Shows {@code prompt} and reads one answer.
     *
     * @param prompt the question, with its choices
     * @return the answer, or empty when nobody can answer (no terminal, end of input)
     */
    Optional<String> ask(String prompt);

    /**
     * Runs {@code command} on this host with the person's terminal attached, as "open a shell in the build machine"
     * needs, and waits for it to end.
     *
     * @param command the program and its arguments, e.g. {@code docker exec -it <container> /bin/sh}
     * @return its exit status, or -1 when there is no terminal to attach (the default), and nothing ran
     * @throws InterruptedException when cancelled while it runs; it is then stopped
     */
    default int runAttached(List<String> command) throws InterruptedException {
        return -1;
    }
}
