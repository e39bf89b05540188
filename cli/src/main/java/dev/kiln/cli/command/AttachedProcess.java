package dev.kiln.cli.command;

import java.io.IOException;
import java.util.List;

/**
 * Runs a program with Kiln's own terminal (stdin, stdout, stderr), as "open a shell in the build machine" does, and
 * waits for it. The caller keeps Ctrl-C away from Kiln meanwhile, since the terminal sends it to both.
 */
public final class AttachedProcess {

    private AttachedProcess() {
    }

    /**
     * Runs {@code command} attached to this terminal.
     *
     * @return its exit status; 127 when it cannot be started (the reason is printed on stderr, as a shell would)
     * @throws InterruptedException when cancelled; the program is then stopped
     */
    public static int run(List<String> command) throws InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).inheritIO().start();
        } catch (IOException e) {
            System.err.println("Cannot run '" + String.join(" ", command) + "': " + e.getMessage()
                    + (command.get(0).equals("docker") ? "; install the docker CLI to open a shell in the container"
                    : ""));
            return 127;
        }
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            process.destroy();
            throw e;
        }
    }
}
