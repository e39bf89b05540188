package dev.kiln.cli.repl;

import dev.kiln.runtime.build.Prompter;
import java.io.PrintStream;
import java.util.Optional;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;

/**
 * The interactive shell's {@link Prompter}: a question ({@code -on-error=ask}) is read with the shell's own line
 * reader, on the build's thread while the prompt waits for the build. Answers are not kept in the history. Parallel
 * builds take turns. Ctrl-C or Ctrl-D at the question is no answer.
 */
final class ReaderPrompter implements Prompter {

    private final LineReader reader;
    private final PrintStream out;

    ReaderPrompter(LineReader reader, PrintStream out) {
        this.reader = reader;
        this.out = out;
    }

    @Override
    public synchronized Optional<String> ask(String prompt) {
        out.println(prompt);
        out.flush();
        Object history = reader.getVariable(LineReader.DISABLE_HISTORY);
        reader.setVariable(LineReader.DISABLE_HISTORY, true);
        try {
            return Optional.of(reader.readLine("> "));
        } catch (UserInterruptException | EndOfFileException e) {
            return Optional.empty();
        } finally {
            if (history == null) {
                reader.getVariables().remove(LineReader.DISABLE_HISTORY);
            } else {
                reader.setVariable(LineReader.DISABLE_HISTORY, history);
            }
        }
    }
}
