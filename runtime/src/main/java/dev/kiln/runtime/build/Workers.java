package dev.kiln.runtime.build;

import java.util.HashSet;
import java.util.Set;

/**
 * The threads that run a run's builds, for a cancel to interrupt, but never while one cleans up: there an interrupt
 * would close the cleanup's engine connection (a channel closes on interrupt) and leave behind what it was removing.
 * An interrupt that a cleanup was spared is delivered when it ends. Thread-safe.
 */
final class Workers {

    private final Set<Thread> running = new HashSet<>();
    private final Set<Thread> cleaning = new HashSet<>();
    private final Set<Thread> spared = new HashSet<>();

    /** The calling thread runs a build until {@link #leave()}. */
    synchronized void enter() {
        running.add(Thread.currentThread());
    }

    /** The calling thread's build is over. */
    synchronized void leave() {
        Thread self = Thread.currentThread();
        running.remove(self);
        cleaning.remove(self);
        spared.remove(self);
    }

    /** Interrupts every running build's thread that is not cleaning up; those are interrupted when they finish. */
    synchronized void interrupt() {
        for (Thread worker : running) {
            if (cleaning.contains(worker)) {
                spared.add(worker);
            } else {
                worker.interrupt();
            }
        }
    }

    /**
     * The calling thread begins its cleanups: from now on {@link #interrupt()} passes it by.
     *
     * @return whether it was interrupted before (the flag is cleared, so that the cleanups can reach the engine)
     */
    boolean beginCleanup() {
        synchronized (this) {
            cleaning.add(Thread.currentThread());
        }
        return Thread.interrupted(); // after the add: no interrupt from here can come in between
    }

    /** The calling thread's cleanups are done; an interrupt they were spared is delivered now. */
    void endCleanup() {
        boolean wasSpared;
        synchronized (this) {
            Thread self = Thread.currentThread();
            cleaning.remove(self);
            wasSpared = spared.remove(self);
        }
        if (wasSpared) {
            Thread.currentThread().interrupt();
        }
    }
}
