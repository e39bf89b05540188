package dev.kiln.cli.repl;

import dev.kiln.cli.command.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.jline.reader.LineReader;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Drives an interactive {@link Shell} through a JLine terminal on piped streams, as a person at a dumb terminal
 * would: keys go in ({@code \r} is Enter, {@code \u0003} Ctrl-C), the screen is read back.
 */
final class ShellDriver implements AutoCloseable {

    /** What the terminal printed; written by the shell's threads, read by the test. */
    private static final class Screen extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override public synchronized void write(int b) { bytes.write(b); }
        @Override public synchronized void write(byte[] b, int off, int len) { bytes.write(b, off, len); }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
        }
    }

    private final Screen screen = new Screen();
    private final PipedOutputStream keys = new PipedOutputStream();
    private final Terminal terminal;
    private final Shell shell;
    private Thread thread;
    private volatile Integer exitCode;
    private int mark;

    ShellDriver(Path workingDir, Map<String, String> environment) throws IOException {
        this(workingDir, environment, "dumb");
    }

    /** A shell on a terminal of {@code type}: {@code "dumb"} shows plain text, {@code "xterm"} edits in place. */
    ShellDriver(Path workingDir, Map<String, String> environment, String type) throws IOException {
        PipedInputStream in = new PipedInputStream(keys, 1 << 16);
        // The exec provider's terminal on streams emulates the line discipline in Java, so Ctrl-C typed here raises
        // the terminal's INT handler as a real terminal's SIGINT does (the jni one would open a pty of its own).
        terminal = TerminalBuilder.builder().system(false).streams(in, screen).provider("exec").type(type)
                .encoding(StandardCharsets.UTF_8).build();
        PrintStream unused = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        shell = Shell.interactive(new Session(unused, unused, environment, workingDir, false), terminal);
    }

    Shell shell() {
        return shell;
    }

    /** Starts the prompt loop and waits for the first prompt. */
    ShellDriver start() {
        thread = new Thread(() -> exitCode = shell.runInteractive(), "shell-under-test");
        thread.setDaemon(true);
        thread.start();
        awaitScreen("> ");
        return this;
    }

    /** Types {@code text} as is. */
    ShellDriver type(String text) {
        try {
            keys.write(text.getBytes(StandardCharsets.UTF_8));
            keys.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /**
     * Types {@code line} and Enter, then waits for the next prompt.
     *
     * @return what the screen showed from the line to that prompt
     */
    String run(String line) {
        int from = screen.text().length();
        type(line + "\r");
        return awaitScreenFrom(from, shell::prompt);
    }

    /** Waits until the line being edited at the prompt is {@code text} (a dumb terminal echoes it only on Enter). */
    ShellDriver awaitTyped(String text) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        LineReader reader = shell.reader().orElseThrow();
        while (!reader.getBuffer().toString().equals(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the prompt did not get '" + text + "'; it has '" + reader.getBuffer() + "'");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
        return this;
    }

    /**
     * Waits until the screen shows {@code expected} after what the last {@link #run} or {@code awaitScreen} waited
     * for.
     */
    String awaitScreen(String expected) {
        return awaitScreenFrom(mark, () -> expected);
    }

    private String awaitScreenFrom(int from, Supplier<String> wanted) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            String text = screen.text();
            String since = text.substring(Math.min(from, text.length()));
            String expected = wanted.get();
            int at = since.indexOf(expected);
            if (at >= 0) {
                mark = Math.min(from, text.length()) + at + expected.length();
                return since.substring(0, at + expected.length());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
        throw new AssertionError("the screen did not show '" + wanted.get() + "' within 20 s; it shows:\n"
                + screen.text() + "\n" + threads());
    }

    /** The stacks of the shell's threads, to see where it hangs. */
    private static String threads() {
        StringBuilder dump = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread.getName().matches("shell-under-test|kiln-.*|.*[Pp]ump.*|.*input.*")) {
                dump.append(thread.getName()).append(" (").append(thread.getState()).append(")\n");
                for (StackTraceElement frame : stack) {
                    dump.append("    at ").append(frame).append('\n');
                }
            }
        });
        return dump.toString();
    }

    /** Everything the screen showed. */
    String screen() {
        return screen.text();
    }

    /** Closes standard input (Ctrl-D on an empty line) and waits for the shell to end. */
    int endInput() {
        try {
            keys.close();
            thread.join(Duration.ofSeconds(20).toMillis());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (exitCode == null) {
            throw new AssertionError("the shell did not end; the screen shows:\n" + screen.text());
        }
        return exitCode;
    }

    /** Waits for the shell to end by itself ({@code exit}). */
    int awaitExit() {
        try {
            thread.join(Duration.ofSeconds(20).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (exitCode == null) {
            throw new AssertionError("the shell did not end; the screen shows:\n" + screen.text());
        }
        return exitCode;
    }

    @Override
    public void close() throws IOException {
        keys.close(); // end of input: the prompt loop ends
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        shell.close();
        terminal.close();
    }
}
