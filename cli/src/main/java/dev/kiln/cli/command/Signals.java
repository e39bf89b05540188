package dev.kiln.cli.command;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The batch command line's {@link Interrupts}: SIGINT and SIGTERM during a command start the JVM's shutdown; its hook
 * cancels the builds, waits until their cleanups ran and the summary is printed, then ends the process with exit
 * code 1, as Packer does.
 */
public final class Signals implements Interrupts {

    private static final long CLEANUP_GRACE_SECONDS = 120;

    private final PrintStream out;
    private final AtomicBoolean shuttingDown = new AtomicBoolean();

    /** @param out flushed before the process ends */
    public Signals(PrintStream out) {
        this.out = out;
    }

    /** Whether a signal started the JVM's shutdown; {@code System.exit} would then block forever. */
    @Override
    public boolean stopping() {
        return shuttingDown.get();
    }

    @Override
    public <T> T cancelOnInterrupt(Runnable cancel, Work<T> work) throws Exception {
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            shuttingDown.set(true);
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
            if (!shuttingDown.get()) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // shutdown began between the check and the removal; the hook will halt for us
                }
            }
        }
    }
}
