package dev.kiln.cli.repl;

import java.io.Console;
import java.lang.reflect.Method;
import org.jline.terminal.Terminal;

/** Whether Kiln talks to a person at a terminal. */
public final class Terminals {

    private Terminals() {
    }

    /**
     * Whether standard input and standard output are both a terminal. Before Java 22 a {@link Console} exists only
     * then; from 22 on one exists always and {@code Console.isTerminal()} tells.
     */
    public static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** Whether {@code terminal} cannot do colours or cursor movement ({@code TERM=dumb}, or no real terminal). */
    static boolean dumb(Terminal terminal) {
        String type = terminal.getType();
        return type == null || type.startsWith(Terminal.TYPE_DUMB);
    }
}
