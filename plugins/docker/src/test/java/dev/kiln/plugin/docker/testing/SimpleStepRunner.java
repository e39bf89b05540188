package dev.kiln.plugin.docker.testing;

import dev.kiln.api.Ui;
import dev.kiln.api.step.StateBag;
import dev.kiln.api.step.Step;
import dev.kiln.api.step.StepContext;
import dev.kiln.api.step.StepRunner;
import dev.kiln.api.testing.InMemoryStateBag;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A {@link StepRunner} for tests: runs steps in order, then the cleanup of every step that was entered, in reverse,
 * with the interrupt flag cleared; a failing cleanup becomes a warning and a suppressed exception. No events, no
 * {@code -on-error}.
 */
public final class SimpleStepRunner implements StepRunner {

    private final Ui ui;
    private final StateBag state;

    /**
     * @param ui where steps report
     * @param state the build's state, shared with the caller
     */
    public SimpleStepRunner(Ui ui, StateBag state) {
        this.ui = ui;
        this.state = state;
    }

    /** @param ui where steps report; the state starts empty */
    public SimpleStepRunner(Ui ui) {
        this(ui, new InMemoryStateBag());
    }

    @Override
    public StateBag run(List<? extends Step> steps) throws InterruptedException {
        StepContext context = new StepContext() {
            @Override public Ui ui() { return ui; }
            @Override public StateBag state() { return state; }
        };
        Deque<Step> entered = new ArrayDeque<>();
        Throwable failure = null;
        try {
            for (Step step : steps) {
                entered.push(step);
                step.run(context);
            }
        } catch (InterruptedException | RuntimeException | Error e) {
            failure = e;
        }
        boolean interrupted = Thread.interrupted();
        while (!entered.isEmpty()) {
            Step step = entered.pop();
            try {
                step.cleanup(context);
            } catch (RuntimeException e) {
                ui.warn("Cleanup of " + step.name() + " failed: " + e.getMessage());
                if (failure != null) {
                    failure.addSuppressed(e);
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof InterruptedException) {
            throw (InterruptedException) failure;
        }
        if (failure instanceof RuntimeException) {
            throw (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        return state;
    }
}
