package dev.kiln.runtime.leftover;

import dev.kiln.api.BuildOwner;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether the process that owns something still runs: the one question {@code kiln cleanup} must never get
 * wrong in the dangerous direction. Something is a leftover only when its owner ran on this machine and no process
 * with the owner's id runs, or the process that has the id started at another time (the id was given again).
 * Whatever cannot be told apart from a running build (a live process whose start time cannot be read, an owner whose
 * start time was not known) counts as running.
 */
public final class Liveness {

    /**
     * How far apart two readings of one process's start may be. Linux derives a start time from the boot time, which
     * moves when the clock is stepped; a process that took a dead one's id started later than this, as a rule, and
     * if not, it is only taken for running, which is the safe mistake.
     */
    static final Duration SAME_START = Duration.ofSeconds(2);

    /** What {@link #of} says of an owner. */
    public enum Verdict {
        /** Its process runs: leave its things alone. */
        RUNNING,
        /** Its process has ended: its things are leftovers. */
        GONE,
        /** It ran on another machine, whose processes this one cannot see: leave its things alone. */
        ELSEWHERE
    }

    /** The processes of this machine, as far as {@link Liveness} asks. */
    public interface ProcessTable {

        /** Whether a process with id {@code pid} runs. */
        boolean alive(long pid);

        /** When the process with id {@code pid} started; empty when it does not run or the system does not say. */
        Optional<Instant> started(long pid);

        /** This machine's process table. */
        static ProcessTable system() {
            return new ProcessTable() {
                @Override
                public boolean alive(long pid) {
                    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                }

                @Override
                public Optional<Instant> started(long pid) {
                    return ProcessHandle.of(pid).flatMap(process -> process.info().startInstant());
                }
            };
        }
    }

    private final String host;
    private final ProcessTable processes;

    /**
     * @param host this machine's name, as {@link BuildOwner#hostName()} writes it
     * @param processes this machine's processes
     */
    public Liveness(String host, ProcessTable processes) {
        this.host = Objects.requireNonNull(host, "host");
        this.processes = Objects.requireNonNull(processes, "processes");
    }

    /** For this machine and its processes. */
    public static Liveness ofThisMachine() {
        return new Liveness(BuildOwner.hostName(), ProcessTable.system());
    }

    /** Whether {@code owner}'s process runs. */
    public Verdict of(BuildOwner owner) {
        if (!owner.host().equals(host)) {
            return Verdict.ELSEWHERE;
        }
        if (!processes.alive(owner.pid())) {
            return Verdict.GONE;
        }
        Optional<Instant> started = processes.started(owner.pid());
        if (started.isEmpty() || owner.started().equals(Instant.EPOCH)) {
            return Verdict.RUNNING; // a process has the id, and nothing says it is another one
        }
        Duration apart = Duration.between(owner.started(), started.get()).abs();
        return apart.compareTo(SAME_START) <= 0 ? Verdict.RUNNING : Verdict.GONE;
    }

    /** Why {@code owner}'s things are kept or removed, for the user: {@code "process 4242 has ended"}. */
    public String why(BuildOwner owner, Verdict verdict) {
        return switch (verdict) {
            case RUNNING -> "its Kiln process " + owner.pid() + " is still running";
            case ELSEWHERE -> "it belongs to a Kiln process on host '" + owner.host() + "', which this machine "
                    + "cannot check";
            case GONE -> processes.alive(owner.pid())
                    ? "its Kiln process " + owner.pid() + " has ended (another process has its id now)"
                    : "its Kiln process " + owner.pid() + " has ended";
        };
    }
}
