package dev.kiln.runtime.build;

import dev.kiln.api.Communicator;
import dev.kiln.api.KilnException;
import dev.kiln.api.Ui;
import dev.kiln.api.step.StateBag;
import dev.kiln.api.step.StateKeys;
import dev.kiln.api.step.Step;
import dev.kiln.api.step.StepContext;
import dev.kiln.api.step.StepRunner;
import dev.kiln.runtime.event.EventBus;
import dev.kiln.runtime.event.StepFinished;
import dev.kiln.runtime.event.StepFinished.Outcome;
import dev.kiln.runtime.event.StepStarted;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Runs steps in order, then the cleanup of every step whose run was entered, in reverse, on success, failure and
 * cancellation. A failing cleanup is reported as a warning and attached to the original failure, never thrown over
 * it. With {@link OnError#ABORT} a failure skips the cleanups and says what is left behind; with {@link OnError#ASK}
 * the person running the build chooses between cleaning up, aborting and retrying the step.
 */
public final class DefaultStepRunner implements StepRunner {

    private final String build;
    private final Ui ui;
    private final EventBus bus;
    private final OnError onError;
    private final StateBag state;
    private final Prompter prompter;
    private final boolean debug;
    private final Workers workers;

    /** Creates a runner for one build; {@code state} is shared by every {@link #run} call of that build. */
    public DefaultStepRunner(String build, Ui ui, EventBus bus, OnError onError, StateBag state) {
        this(build, ui, bus, onError, state, Prompter.NONE, false);
    }

    /**
     * Creates a runner that can open a shell in the build machine through {@code prompter}; with {@code debug}
     * ({@code -debug}) it pauses before each step and offers to continue, open that shell, or abort the build.
     */
    public DefaultStepRunner(String build, Ui ui, EventBus bus, OnError onError, StateBag state, Prompter prompter,
                             boolean debug) {
        this(build, ui, bus, onError, state, prompter, debug, new Workers());
    }

    /** As above, for a run whose cancel interrupts its {@code workers}: never this runner's cleanups. */
    DefaultStepRunner(String build, Ui ui, EventBus bus, OnError onError, StateBag state, Prompter prompter,
                      boolean debug, Workers workers) {
        this.workers = workers;
        this.build = build;
        this.ui = ui;
        this.bus = bus;
        this.onError = onError;
        this.state = state;
        this.prompter = prompter;
        this.debug = debug;
    }

    @Override
    public StateBag run(List<? extends Step> steps) throws InterruptedException {
        StepContext context = new StepContext() {
            @Override public Ui ui() { return ui; }
            @Override public StateBag state() { return state; }
        };
        Deque<Step> entered = new ArrayDeque<>();
        Throwable failure = null;
        boolean abort = onError == OnError.ABORT;
        try {
            for (Step step : steps) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("cancelled before step " + step.name());
                }
                if (debug) {
                    pauseBefore(step);
                }
                entered.push(step);
                while (true) {
                    try {
                        runOne(step, context);
                        break;
                    } catch (RuntimeException e) {
                        Choice choice = onError == OnError.ASK ? ask(step, e) : Choice.CLEAN_UP;
                        if (choice == Choice.RETRY) {
                            continue;
                        }
                        abort |= choice == Choice.ABORT;
                        throw e;
                    }
                }
            }
        } catch (InterruptedException | RuntimeException | Error e) {
            failure = e;
        }
        if (failure != null && !(failure instanceof InterruptedException) && abort) {
            ui.error("Step \"" + entered.peek().name() + "\" failed, aborting...");
            for (Step step : entered) {
                ui.error("aborted: skipping cleanup of step \"" + step.name() + "\"");
            }
            for (Step step : entered) {
                try {
                    step.abandon(context);
                } catch (RuntimeException e) {
                    ui.warn("Step '" + step.name() + "' could not say what it leaves: " + e.getMessage());
                }
            }
        } else {
            cleanUp(entered, context, failure);
        }
        if (failure instanceof InterruptedException e) {
            throw e;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        return state;
    }

    private enum Choice { CLEAN_UP, ABORT, RETRY }

    /** {@code -debug}: continue, a shell in the build machine (then ask again), or abort, which cleans up. */
    private void pauseBefore(Step step) throws InterruptedException {
        while (true) {
            Optional<List<String>> shell = shell();
            Optional<String> answer = ui.ask("Pausing before step \"" + step.name() + "\". [Enter] continue"
                    + (shell.isPresent() ? ", [s] open a shell in the build machine" : "") + ", or [a] abort the "
                    + "build (cleans up)?");
            String choice = answer.map(a -> a.trim().toLowerCase(Locale.ROOT)).orElse("");
            if (answer.isEmpty()) {
                ui.warn("Nobody to ask (not an interactive run): -debug continues without pausing.");
                return;
            }
            if (choice.startsWith("a")) {
                throw new InterruptedException("aborted from the -debug prompt before step " + step.name());
            }
            if (choice.startsWith("s") && shell.isPresent()) {
                openShell(shell.get());
                continue;
            }
            return;
        }
    }

    /** The communicator's interactive shell, once a communicator is connected. */
    private Optional<List<String>> shell() {
        return state.get(StateKeys.COMMUNICATOR).flatMap(Communicator::interactiveShell);
    }

    private void openShell(List<String> command) throws InterruptedException {
        ui.say("Opening a shell in the build machine (" + String.join(" ", command) + "); exit it to come back.");
        int status = prompter.runAttached(command);
        if (status < 0) {
            ui.warn("No terminal to attach the shell to; run it yourself: " + String.join(" ", command));
        } else {
            ui.say("The shell ended (exit status " + status + ").");
        }
    }

    /** {@code -on-error=ask}: Packer's question; no answer (a batch run) means clean up. */
    private Choice ask(Step step, RuntimeException failure) throws InterruptedException {
        Optional<List<String>> shell = shell();
        String answer = ui.ask("Step \"" + step.name() + "\" failed: " + failure.getMessage() + "\n"
                + "[c] Clean up and exit, [a] abort without cleanup, " + (shell.isPresent() ? "" : "or ")
                + "[r] retry step (build may fail even if retry succeeds)"
                + (shell.isPresent() ? ", or [s] open a shell in the build machine" : "") + "?")
                .map(a -> a.trim().toLowerCase(Locale.ROOT)).orElse("");
        if (answer.startsWith("s") && shell.isPresent()) {
            openShell(shell.get());
            return ask(step, failure);
        }
        if (answer.startsWith("r")) {
            ui.say("Retrying step \"" + step.name() + "\"...");
            return Choice.RETRY;
        }
        if (answer.startsWith("a")) {
            return Choice.ABORT;
        }
        if (answer.isEmpty()) {
            ui.warn("Nobody to ask (not an interactive run): cleaning up.");
        }
        return Choice.CLEAN_UP;
    }

    private void runOne(Step step, StepContext context) throws InterruptedException {
        bus.publish(new StepStarted(build, step.name()));
        long start = System.nanoTime();
        Outcome outcome = Outcome.FAILED;
        try {
            step.run(context);
            outcome = Outcome.SUCCEEDED;
        } catch (InterruptedException e) {
            outcome = Outcome.CANCELLED;
            throw e;
        } catch (KilnException | VirtualMachineError e) {
            throw e;
        } catch (RuntimeException e) {
            throw new KilnException("step '" + step.name() + "' failed: " + e, e);
        } finally {
            bus.publish(new StepFinished(build, step.name(), Duration.ofNanos(System.nanoTime() - start), outcome));
        }
    }

    /**
     * Runs cleanups with the interrupt flag cleared and no cancel's interrupt able to reach them, so they can still
     * reach the engine, then restores it.
     */
    private void cleanUp(Deque<Step> entered, StepContext context, Throwable failure) {
        boolean interrupted = workers.beginCleanup();
        try {
            for (Step step : entered) {
                try {
                    step.cleanup(context);
                } catch (VirtualMachineError e) {
                    throw e;
                } catch (RuntimeException | Error e) {
                    ui.warn("Cleanup of step '" + step.name() + "' failed: " + e.getMessage());
                    if (failure != null) {
                        failure.addSuppressed(e);
                    }
                }
                interrupted |= Thread.interrupted(); // a second cancel must not stop the remaining cleanups
            }
        } finally {
            workers.endCleanup();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
