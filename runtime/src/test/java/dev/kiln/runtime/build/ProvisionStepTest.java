package dev.kiln.runtime.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.api.Communicator;
import dev.kiln.api.KilnException;
import dev.kiln.api.ProvisionContext;
import dev.kiln.api.Provisioner;
import dev.kiln.api.step.GeneratedData;
import dev.kiln.api.step.StateBag;
import dev.kiln.api.step.StateKeys;
import dev.kiln.api.step.StepContext;
import dev.kiln.api.testing.FakeCommunicator;
import dev.kiln.api.testing.InMemoryStateBag;
import dev.kiln.api.testing.RecordingUi;
import dev.kiln.runtime.discovery.ComponentKind;
import dev.kiln.runtime.discovery.RegisteredComponent;
import dev.kiln.runtime.frontend.ComponentConfig;
import dev.kiln.runtime.frontend.ComponentSpec;
import dev.kiln.runtime.frontend.SourcePosition;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProvisionStepTest {

    record NoConfig() {
    }

    /** Counts its calls; throws {@code failure} when one is given. */
    static final class CountingProvisioner implements Provisioner<NoConfig> {
        private final String type;
        private final RuntimeException failure;
        final AtomicInteger calls = new AtomicInteger();

        CountingProvisioner(String type, RuntimeException failure) {
            this.type = type;
            this.failure = failure;
        }

        @Override public String type() { return type; }
        @Override public Class<NoConfig> configType() { return NoConfig.class; }

        @Override
        public void provision(ProvisionContext context, Communicator communicator, NoConfig config) {
            calls.incrementAndGet();
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** A timer that never fires on its own: the test runs the captured alarm when it wants. */
    static final class ManualTimer extends ScheduledThreadPoolExecutor {
        final AtomicReference<Runnable> alarm = new AtomicReference<>();

        ManualTimer() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            alarm.set(command);
            return super.schedule(() -> { }, 1, TimeUnit.DAYS);
        }
    }

    private final RecordingUi ui = new RecordingUi();
    private final ManualTimer timer = new ManualTimer();
    private final StateBag state = new InMemoryStateBag();
    private final StepContext step = new StepContext() {
        @Override public dev.kiln.api.Ui ui() { return ui; }
        @Override public StateBag state() { return state; }
    };

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private static PreparedComponent provisioner(Provisioner<NoConfig> component, Duration timeout, int retries) {
        ComponentSpec block = new ComponentSpec("provisioner", component.type(), component.type(), "provisioners[0]",
                new SourcePosition("t.json", 1, 1), List.of(), List.of(), null,
                ComponentConfig.empty(new SourcePosition("t.json", 1, 1)));
        return new PreparedComponent(block, new RegisteredComponent(ComponentKind.PROVISIONER, component, "test.jar"),
                new NoConfig(), Duration.ZERO, timeout, retries);
    }

    private ProvisionStep step(List<PreparedComponent> provisioners, PreparedComponent errorCleanup) {
        state.put(StateKeys.COMMUNICATOR, new FakeCommunicator());
        return new ProvisionStep(provisioners, errorCleanup, OnError.CLEANUP,
                new RuntimeContext(null, ui, null, null, null, OnError.CLEANUP, timer, new GeneratedData(),
                        new Resources("build"), null, new CancellationToken(), null), timer);
    }

    @Test
    void anAlarmThatFiresAfterTheProvisionerFinishedInterruptsNothing() throws Exception {
        CountingProvisioner quick = new CountingProvisioner("quick", null);
        step(List.of(provisioner(quick, Duration.ofHours(1), 0)), null).run(step);

        // the alarm started just before cancel() and got the lock only after the provisioner had finished
        timer.alarm.get().run();

        assertThat(Thread.interrupted()).as("interrupt leaked into the next step").isFalse();
        assertThat(quick.calls.get()).isEqualTo(1);
    }

    @Test
    void withoutACommunicatorProvisionersFailClearlyAndNoProvisionersNeedNone() throws Exception {
        ProvisionStep none = step(List.of(), null);
        state.remove(StateKeys.COMMUNICATOR);
        none.run(step);

        CountingProvisioner counting = new CountingProvisioner("counting", null);
        ProvisionStep some = step(List.of(provisioner(counting, Duration.ZERO, 0)), null);
        state.remove(StateKeys.COMMUNICATOR);
        assertThatThrownBy(() -> some.run(step))
                .isInstanceOf(KilnException.class)
                .hasMessage("The template has provisioners, but the builder connected no communicator (is its "
                        + "communicator 'none'?); remove communicator: none, or the provisioners.");
        assertThat(counting.calls.get()).isZero();
    }

    @Test
    void aCrashingProvisionerIsRetriedThenRunsTheErrorCleanupProvisioner() {
        CountingProvisioner crashing = new CountingProvisioner("crashing", new NullPointerException("oops"));
        CountingProvisioner cleanup = new CountingProvisioner("cleanup", null);

        assertThatThrownBy(() -> step(List.of(provisioner(crashing, Duration.ZERO, 1)),
                provisioner(cleanup, Duration.ZERO, 0)).run(step))
                .isInstanceOf(KilnException.class)
                .hasMessage("provisioner 'crashing' (test.jar) failed: java.lang.NullPointerException: oops")
                .hasCauseInstanceOf(NullPointerException.class);

        assertThat(crashing.calls.get()).isEqualTo(2);
        assertThat(cleanup.calls.get()).isEqualTo(1);
    }
}
