package dev.kiln.cli.command;

/**
 * Where Ctrl-C comes from while a command runs: the JVM's signal hook in the batch command line ({@link Signals}),
 * the terminal's interrupt handler in the interactive shell ({@code dev.kiln.cli.repl.TerminalInterrupts}). The command says what a Ctrl-C cancels; the source
 * decides what happens to the process afterwards.
 */
public interface Interrupts {

    /** Work that can be cancelled. */
    interface Work<T> {
        T run() throws Exception;
    }

    /**
     * Runs {@code work}; an interrupt meanwhile calls {@code cancel} (from another thread), and {@code work} is
     * expected to end soon after, its cleanups done.
     */
    <T> T cancelOnInterrupt(Runnable cancel, Work<T> work) throws Exception;

    /**
     * Whether an interrupt arrived, so the command must start nothing new: in the batch command line the process is
     * ending; in the interactive shell the command that runs now was cancelled (the next one starts afresh).
     */
    boolean stopping();
}
