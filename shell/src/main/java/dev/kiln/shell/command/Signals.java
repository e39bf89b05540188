package dev.kiln.shell.command;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns SIGINT and SIGTERM during a build into a cancellation: the JVM's shutdown hook cancels the builds, waits
 * until their cleanups ran and the summary is printed, then ends the process with exit code 1, as Packer does.
 * Process-wide by nature, so its one flag is static.
 */
public final class Signals {

    private static final AtomicBoolean SHUTTING_DOWN = new AtomicBoolean();
    private static final long CLEANUP_GRACE_SECONDS = 120;

    private Signals() {
    }

    /** Whether a signal started the JVM's shutdown; {@code System.exit} would then block forever. */
    public static boolean shuttingDown() {
        return SHUTTING_DOWN.get();
    }

    /** Work that can be cancelled. */
    public interface Cancellable<T> {
        T run() throws Exception;
    }

    /**
     * Runs {@code work}; a signal meanwhile calls {@code cancel}, lets {@code work} finish (cleanups, summary) and then
     * halts the JVM with status 1.
     */
    public static <T> T cancelOnSignal(Runnable cancel, PrintStream out, Cancellable<T> work) throws Exception {
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            SHUTTING_DOWN.set(true);
            cancel.run();
            try {
                finished.await(CLEANUP_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.flush();
            Runtime.getRuntime().halt(1);
        }, "kiln-signal");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return work.run();
        } finally {
            finished.countDown();
            if (!SHUTTING_DOWN.get()) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // shutdown began between the check and the removal; the hook will halt for us
                }
            }
        }
    }
}
