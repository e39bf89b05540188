package dev.kiln.cli.repl;

import dev.kiln.cli.command.AttachedProcess;
import dev.kiln.cli.render.StatusArea;
import dev.kiln.runtime.build.Prompter;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

/**
 * The interactive shell's {@link Prompter}: a question ({@code -on-error=ask}) is read with the shell's own line
 * reader, on the build's thread while the prompt waits for the build. Answers are not kept in the history. Parallel
 * builds take turns. Ctrl-C or Ctrl-D at the question is no answer.
 */
final class ReaderPrompter implements Prompter {

    private final LineReader reader;
    private final PrintStream out;
    private final StatusArea status;

    /** @param status the status area to take off the screen while the terminal is someone else's; null for none */
    ReaderPrompter(LineReader reader, PrintStream out, StatusArea status) {
        this.reader = reader;
        this.out = out;
        this.status = status;
    }

    @Override
    public synchronized Optional<String> ask(String prompt) {
        pauseStatus();
        try {
            return read(prompt);
        } finally {
            resumeStatus();
        }
    }

    private Optional<String> read(String prompt) {
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

    /**
     * Gives the terminal to {@code command} ({@code docker exec -it ...}): the reader stops reading it, and Ctrl-C,
     * which the terminal sends to both, is the command's, not a cancel of the build.
     */
    @Override
    public synchronized int runAttached(List<String> command) throws InterruptedException {
        Terminal terminal = reader.getTerminal();
        if (Terminal.TYPE_DUMB.equals(terminal.getType()) || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())) {
            return -1;
        }
        out.flush();
        pauseStatus();
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, Terminal.SignalHandler.SIG_IGN);
        terminal.pause();
        try {
            return AttachedProcess.run(command);
        } finally {
            try {
                terminal.resume();
            } finally {
                terminal.handle(Terminal.Signal.INT, previous);
                resumeStatus();
            }
        }
    }

    private void pauseStatus() {
        if (status != null) {
            status.pause();
        }
    }

    private void resumeStatus() {
        if (status != null) {
            status.resume();
        }
    }
}
