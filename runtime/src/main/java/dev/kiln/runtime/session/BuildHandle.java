package dev.kiln.runtime.session;

import dev.kiln.runtime.build.BuildRun;
import dev.kiln.runtime.event.BuildFinished;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/** A run of a template's builds that has started: cancel it from any thread, wait for it from another. */
public final class BuildHandle {

    /**
     * How a run ended.
     *
     * @param builds each build's outcome, in plan order
     * @param cancelled whether the run was cancelled
     * @param elapsed from start to the last cleanup
     */
    public record Result(List<BuildFinished> builds, boolean cancelled, Duration elapsed) {

        /** Copies the list. */
        public Result {
            builds = List.copyOf(builds);
        }

        /** Whether every build succeeded and nothing was cancelled: exit code 0. */
        public boolean succeeded() {
            return !cancelled && builds.stream().allMatch(BuildFinished::succeeded);
        }
    }

    private final BuildRun run;
    private final Consumer<BuildHandle> onEnd;
    private final CompletableFuture<Result> result = new CompletableFuture<>();

    BuildHandle(BuildRun run, Consumer<BuildHandle> onEnd) {
        this.run = run;
        this.onEnd = onEnd;
    }

    /** Runs the builds on a thread of their own. */
    void begin() {
        Thread thread = new Thread(() -> {
            long start = System.nanoTime();
            try {
                List<BuildFinished> builds = run.execute();
                onEnd.accept(this);
                result.complete(new Result(builds, run.cancelled(), Duration.ofNanos(System.nanoTime() - start)));
            } catch (Throwable e) {
                onEnd.accept(this);
                result.completeExceptionally(e);
            }
        }, "kiln-run");
        thread.setDaemon(true);
        thread.start();
    }

    /** Cancels every build; their cleanups still run. Safe from any thread, any number of times. */
    public void cancel() {
        run.cancel();
    }

    /** Whether {@link #cancel()} was called. */
    public boolean cancelled() {
        return run.cancelled();
    }

    /** Whether the run, cleanups included, has ended. */
    public boolean done() {
        return result.isDone();
    }

    /**
     * Waits for the run to end, cleanups included.
     *
     * @return how it ended
     * @throws InterruptedException when the waiting thread is interrupted; the run goes on
     */
    public Result await() throws InterruptedException {
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
