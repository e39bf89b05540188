package dev.kiln.cli.repl;

import dev.kiln.cli.command.Interrupts;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.jline.terminal.Terminal;
import org.jline.terminal.Terminal.Signal;
import org.jline.terminal.Terminal.SignalHandler;

/**
 * The interactive shell's {@link Interrupts}: Ctrl-C while a command runs reaches the terminal's interrupt handler
 * (never the JVM's shutdown), cancels what the command said, and the command returns to the prompt once its
 * cleanups ran. A second Ctrl-C while they run only says so: cancelling twice cannot skip a cleanup.
 *
 * <p>Outside a command the reader handles Ctrl-C itself (it clears the line).
 */
final class TerminalInterrupts implements Interrupts {

    private final Terminal terminal;
    private final PrintStream out;
    private volatile boolean interrupted;

    TerminalInterrupts(Terminal terminal, PrintStream out) {
        this.terminal = terminal;
        this.out = out;
    }

    @Override
    public <T> T cancelOnInterrupt(Runnable cancel, Work<T> work) throws Exception {
        AtomicInteger presses = new AtomicInteger();
        interrupted = false;
        SignalHandler previous = terminal.handle(Signal.INT, signal -> {
            interrupted = true;
            if (presses.incrementAndGet() == 1) {
                cancel.run();
            } else {
                out.println("Still cleaning up: Kiln returns to the prompt when everything it created is removed.");
                out.flush();
            }
        });
        try {
            return work.run();
        } finally {
            terminal.handle(Signal.INT, previous);
            interrupted = false;
        }
    }

    /** Whether Ctrl-C was pressed during the command that runs now, so it must start nothing more. */
    @Override
    public boolean stopping() {
        return interrupted;
    }
}
