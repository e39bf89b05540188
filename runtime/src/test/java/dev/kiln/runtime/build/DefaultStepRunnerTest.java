package dev.kiln.runtime.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.api.KilnException;
import dev.kiln.api.step.Step;
import dev.kiln.api.step.StepContext;
import dev.kiln.api.testing.InMemoryStateBag;
import dev.kiln.api.testing.RecordingUi;
import dev.kiln.runtime.event.EventBus;
import dev.kiln.runtime.event.StepFinished;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DefaultStepRunnerTest {

    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final RecordingUi ui = new RecordingUi();
    private final EventBus bus = new EventBus();

    private final class Recording implements Step {
        private final String name;
        private final RuntimeException failure;
        private final RuntimeException cleanupFailure;

        Recording(String name, RuntimeException failure, RuntimeException cleanupFailure) {
            this.name = name;
            this.failure = failure;
            this.cleanupFailure = cleanupFailure;
        }

        @Override public String name() { return name; }

        @Override
        public void run(StepContext context) {
            calls.add("run " + name);
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public void cleanup(StepContext context) {
            calls.add("cleanup " + name);
            if (cleanupFailure != null) {
                throw cleanupFailure;
            }
        }

        @Override
        public void abandon(StepContext context) {
            calls.add("abandon " + name);
            context.ui().say(name + " stays; remove it by hand");
            if (cleanupFailure != null) {
                throw cleanupFailure;
            }
        }
    }

    private Step ok(String name) {
        return new Recording(name, null, null);
    }

    private DefaultStepRunner runner(OnError onError) {
        return new DefaultStepRunner("b", ui, bus, onError, new InMemoryStateBag());
    }

    @Test
    void aCancelsInterruptSparesACleanupThatRunsAndReachesTheThreadWhenItEnds() throws Exception {
        Workers workers = new Workers();
        java.util.concurrent.CountDownLatch cleaning = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch interrupted = new java.util.concurrent.CountDownLatch(1);
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        Step slowCleanup = new Step() {
            @Override public String name() { return "container"; }

            @Override public void run(StepContext context) { }

            @Override
            public void cleanup(StepContext context) {
                cleaning.countDown();
                try {
                    interrupted.await(); // the cancel's interrupt comes meanwhile
                    Thread.sleep(50);    // what an interrupt would cut: a blocking call such as the removal
                    seen.add("cleanup finished");
                } catch (InterruptedException e) {
                    seen.add("cleanup cut");
                }
            }
        };
        Thread worker = new Thread(() -> {
            workers.enter();
            try {
                new DefaultStepRunner("b", ui, bus, OnError.CLEANUP, new InMemoryStateBag(), Prompter.NONE, false,
                        workers).run(List.of(slowCleanup, new Recording("b", new KilnException("boom"), null)));
            } catch (InterruptedException | KilnException e) {
                seen.add("run ended");
            }
            seen.add(Thread.currentThread().isInterrupted() ? "interrupt delivered" : "interrupt lost");
            workers.leave();
        });
        worker.start();
        assertThat(cleaning.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        workers.interrupt();
        interrupted.countDown();
        worker.join(10_000);

        assertThat(seen).containsExactly("cleanup finished", "run ended", "interrupt delivered");
    }

    @Test
    void cleansUpInReverseOrderAfterSuccess() throws Exception {
        runner(OnError.CLEANUP).run(List.of(ok("a"), ok("b"), ok("c")));

        assertThat(calls).containsExactly("run a", "run b", "run c", "cleanup c", "cleanup b", "cleanup a");
    }

    @Test
    void failureSkipsLaterStepsAndCleansUpEveryEnteredStep() {
        KilnException boom = new KilnException("boom");

        assertThatThrownBy(() -> runner(OnError.CLEANUP).run(List.of(ok("a"), new Recording("b", boom, null),
                ok("c")))).isSameAs(boom);

        assertThat(calls).containsExactly("run a", "run b", "cleanup b", "cleanup a");
    }

    @Test
    void failingCleanupIsAWarningAttachedToTheOriginalFailure() {
        KilnException boom = new KilnException("boom");
        IllegalStateException cleanupBoom = new IllegalStateException("cleanup broke");

        assertThatThrownBy(() -> runner(OnError.CLEANUP).run(List.of(new Recording("a", null, cleanupBoom),
                new Recording("b", boom, null)))).isSameAs(boom);

        assertThat(boom.getSuppressed()).containsExactly(cleanupBoom);
        assertThat(calls).containsExactly("run a", "run b", "cleanup b", "cleanup a");
        assertThat(ui.lines()).contains("warn: Cleanup of step 'a' failed: cleanup broke");
    }

    @Test
    void abortSkipsCleanupsAndSaysWhatIsLeft() {
        KilnException boom = new KilnException("boom");

        assertThatThrownBy(() -> runner(OnError.ABORT).run(List.of(ok("a"), new Recording("b", boom, null))))
                .isSameAs(boom);

        assertThat(calls).containsExactly("run a", "run b", "abandon b", "abandon a");
        assertThat(ui.text()).contains("Step \"b\" failed, aborting...", "skipping cleanup of step \"a\"",
                "b stays; remove it by hand", "a stays; remove it by hand");
    }

    @Test
    void aStepThatFailsToSayWhatItLeavesIsAWarningAndTheOthersStillSay() {
        KilnException boom = new KilnException("boom");

        assertThatThrownBy(() -> runner(OnError.ABORT).run(List.of(ok("a"),
                new Recording("b", boom, new IllegalStateException("no id"))))).isSameAs(boom);

        assertThat(calls).containsExactly("run a", "run b", "abandon b", "abandon a");
        assertThat(ui.lines()).contains("warn: Step 'b' could not say what it leaves: no id");
        assertThat(ui.text()).contains("a stays; remove it by hand");
    }

    /** A RecordingUi that answers questions from a script, and records them. */
    private static final class AnsweringUi implements dev.kiln.api.Ui {
        private final java.util.Deque<String> answers;
        private final RecordingUi record = new RecordingUi();
        private final List<String> questions = new ArrayList<>();

        AnsweringUi(String... answers) {
            this.answers = new ArrayDeque<>(List.of(answers));
        }

        @Override public void say(String message) { record.say(message); }
        @Override public void detail(String message) { record.detail(message); }
        @Override public void warn(String message) { record.warn(message); }
        @Override public void error(String message) { record.error(message); }

        @Override
        public java.util.Optional<String> ask(String prompt) {
            questions.add(prompt);
            return java.util.Optional.ofNullable(answers.poll());
        }
    }

    /** Fails its first {@code failures} runs. */
    private final class Flaky implements Step {
        private int failures;

        Flaky(int failures) {
            this.failures = failures;
        }

        @Override public String name() { return "flaky"; }

        @Override
        public void run(StepContext context) {
            calls.add("run flaky");
            if (failures-- > 0) {
                throw new KilnException("flaked");
            }
        }

        @Override
        public void cleanup(StepContext context) {
            calls.add("cleanup flaky");
        }
    }

    private DefaultStepRunner asking(AnsweringUi answering) {
        return new DefaultStepRunner("b", answering, bus, OnError.ASK, new InMemoryStateBag());
    }

    @Test
    void askRetriesTheStepWhenTheAnswerIsR() throws Exception {
        AnsweringUi answering = new AnsweringUi("r");

        asking(answering).run(List.of(ok("a"), new Flaky(1), ok("c")));

        assertThat(calls).containsExactly("run a", "run flaky", "run flaky", "run c", "cleanup c", "cleanup flaky",
                "cleanup a");
        assertThat(answering.questions).singleElement().asString()
                .startsWith("Step \"flaky\" failed: flaked\n[c] Clean up and exit, [a] abort without cleanup, or [r] retry");
    }

    @Test
    void askAbortsWithoutCleanupWhenTheAnswerIsA() {
        AnsweringUi answering = new AnsweringUi("a");

        assertThatThrownBy(() -> asking(answering).run(List.of(ok("a"), new Flaky(1)))).hasMessage("flaked");

        assertThat(calls).containsExactly("run a", "run flaky", "abandon a");
    }

    @Test
    void askWithNobodyToAnswerCleansUpAndSaysSo() {
        AnsweringUi answering = new AnsweringUi();

        assertThatThrownBy(() -> asking(answering).run(List.of(ok("a"), new Flaky(1)))).hasMessage("flaked");

        assertThat(calls).containsExactly("run a", "run flaky", "cleanup flaky", "cleanup a");
        assertThat(answering.record.lines()).contains("warn: Nobody to ask (not an interactive run): cleaning up.");
    }

    @Test
    void nonKilnExceptionIsWrappedWithTheStepName() {
        assertThatThrownBy(() -> runner(OnError.CLEANUP).run(List.of(
                new Recording("Commit", new NullPointerException("x"), null))))
                .isInstanceOf(KilnException.class)
                .hasMessageContaining("step 'Commit' failed")
                .hasCauseInstanceOf(NullPointerException.class);
    }

    @Test
    void cancellationRunsCleanupsWithTheInterruptFlagClearedThenRestoresIt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Boolean> interruptedDuringCleanup = new AtomicReference<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> interruptedAfter = new AtomicReference<>();
        Step waiting = new Step() {
            @Override public void run(StepContext context) throws InterruptedException {
                calls.add("run wait");
                started.countDown();
                Thread.sleep(60_000);
            }
            @Override public void cleanup(StepContext context) {
                interruptedDuringCleanup.set(Thread.currentThread().isInterrupted());
                calls.add("cleanup wait");
            }
        };
        Thread build = new Thread(() -> {
            try {
                runner(OnError.CLEANUP).run(List.of(ok("a"), waiting, ok("never")));
            } catch (Throwable e) {
                thrown.set(e);
            }
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        });
        build.start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        build.interrupt();
        build.join(10_000);

        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(calls).containsExactly("run a", "run wait", "cleanup wait", "cleanup a");
        assertThat(interruptedDuringCleanup.get()).isFalse();
        assertThat(interruptedAfter.get()).isFalse(); // InterruptedException thrown carries the interrupt
    }

    @Test
    void publishesStepEvents() throws Exception {
        List<StepFinished> finished = Collections.synchronizedList(new ArrayList<>());
        bus.subscribe(StepFinished.class, finished::add);

        runner(OnError.CLEANUP).run(List.of(ok("a")));

        assertThat(finished).singleElement().satisfies(e -> {
            assertThat(e.step()).isEqualTo("a");
            assertThat(e.outcome()).isEqualTo(StepFinished.Outcome.SUCCEEDED);
        });
    }

    /** A prompter that records the commands it was asked to attach the terminal to. */
    private static final class AttachingPrompter implements Prompter {
        final List<List<String>> attached = new ArrayList<>();

        @Override public java.util.Optional<String> ask(String prompt) { return java.util.Optional.empty(); }

        @Override
        public int runAttached(List<String> command) {
            attached.add(command);
            return 0;
        }
    }

    /** A step that connects a communicator offering a shell, as the docker builder's connect step does. */
    private final class Connect implements Step {
        @Override public String name() { return "connect"; }

        @Override
        public void run(StepContext context) {
            calls.add("run connect");
            context.state().put(dev.kiln.api.step.StateKeys.COMMUNICATOR, new dev.kiln.api.Communicator() {
                @Override public int execute(String command, dev.kiln.api.OutputListener output) { return 0; }
                @Override public void upload(java.nio.file.Path source, String destination) { }
                @Override public void download(String source, java.nio.file.Path destination) { }
                @Override public void close() { }

                @Override
                public java.util.Optional<List<String>> interactiveShell() {
                    return java.util.Optional.of(List.of("docker", "exec", "-it", "c0ffee", "/bin/sh"));
                }
            });
        }
    }

    @Test
    void debugPausesBeforeEachStepAndOpensAShellWhenOneIsOffered() throws Exception {
        AnsweringUi answering = new AnsweringUi("", "", "s", "");
        AttachingPrompter prompter = new AttachingPrompter();

        new DefaultStepRunner("b", answering, bus, OnError.CLEANUP, new InMemoryStateBag(), prompter, true)
                .run(List.of(ok("first"), new Connect(), ok("last")));

        assertThat(answering.questions).containsExactly(
                "Pausing before step \"first\". [Enter] continue, or [a] abort the build (cleans up)?",
                "Pausing before step \"connect\". [Enter] continue, or [a] abort the build (cleans up)?",
                "Pausing before step \"last\". [Enter] continue, [s] open a shell in the build machine, or [a] abort "
                        + "the build (cleans up)?",
                "Pausing before step \"last\". [Enter] continue, [s] open a shell in the build machine, or [a] abort "
                        + "the build (cleans up)?");
        assertThat(prompter.attached).containsExactly(List.of("docker", "exec", "-it", "c0ffee", "/bin/sh"));
        assertThat(calls).containsExactly("run first", "run connect", "run last", "cleanup last", "cleanup first");
    }

    @Test
    void debugAbortCancelsTheBuildAndCleansUp() {
        AnsweringUi answering = new AnsweringUi("", "a");

        assertThatThrownBy(() -> new DefaultStepRunner("b", answering, bus, OnError.CLEANUP, new InMemoryStateBag(),
                Prompter.NONE, true).run(List.of(ok("first"), ok("second"))))
                .isInstanceOf(InterruptedException.class);
        assertThat(calls).containsExactly("run first", "cleanup first");
    }

    @Test
    void debugWithNobodyToAskRunsOnAndSaysSo() throws Exception {
        AnsweringUi answering = new AnsweringUi();

        new DefaultStepRunner("b", answering, bus, OnError.CLEANUP, new InMemoryStateBag(), Prompter.NONE, true)
                .run(List.of(ok("first"), ok("second")));

        assertThat(calls).containsExactly("run first", "run second", "cleanup second", "cleanup first");
        assertThat(answering.record.lines()).contains(
                "warn: Nobody to ask (not an interactive run): -debug continues without pausing.");
    }

    @Test
    void onErrorAskOffersTheShellAndAsksAgainAfterIt() throws Exception {
        AnsweringUi answering = new AnsweringUi("s", "c");
        AttachingPrompter prompter = new AttachingPrompter();
        Step failing = new Recording("build", new KilnException("boom"), null);

        assertThatThrownBy(() -> new DefaultStepRunner("b", answering, bus, OnError.ASK, new InMemoryStateBag(),
                prompter, false).run(List.of(new Connect(), failing))).hasMessage("boom");
        assertThat(prompter.attached).hasSize(1);
        assertThat(answering.questions).hasSize(2).allSatisfy(q -> assertThat(q).contains("[s] open a shell"));
        assertThat(calls).containsExactly("run connect", "run build", "cleanup build");
    }
}
