package dev.kiln.runtime.leftover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.api.BuildOwner;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LivenessTest {

    private static final Instant STARTED = Instant.parse("2026-12-01T10:00:00.120Z");

    /** A process table that holds what a test puts into it; an entry without a start time is a live process whose
     *  start the system does not say. */
    static final class FakeProcesses implements Liveness.ProcessTable {
        final Map<Long, Optional<Instant>> live = new HashMap<>();

        FakeProcesses with(long pid, Instant started) {
            live.put(pid, Optional.ofNullable(started));
            return this;
        }

        @Override
        public boolean alive(long pid) {
            return live.containsKey(pid);
        }

        @Override
        public Optional<Instant> started(long pid) {
            return live.getOrDefault(pid, Optional.empty());
        }
    }

    private static BuildOwner owner(long pid, Instant started) {
        return new BuildOwner("builder-1", pid, started, "3f9a0c1d");
    }

    @Test
    void aProcessThatRunsWithTheSameStartIsRunning() {
        Liveness liveness = new Liveness("builder-1", new FakeProcesses().with(4242, STARTED));

        assertThat(liveness.of(owner(4242, STARTED))).isEqualTo(Liveness.Verdict.RUNNING);
        assertThat(liveness.why(owner(4242, STARTED), Liveness.Verdict.RUNNING))
                .isEqualTo("its Kiln process 4242 is still running");
    }

    @Test
    void aStartReadALittleDifferentlyIsTheSameProcess() {
        // Linux reckons start times from the boot time, which moves a little when the clock is adjusted
        Liveness liveness = new Liveness("builder-1", new FakeProcesses().with(4242, STARTED.plusMillis(1500)));

        assertThat(liveness.of(owner(4242, STARTED))).isEqualTo(Liveness.Verdict.RUNNING);
    }

    @Test
    void aProcessIdThatNoProcessHasIsGone() {
        Liveness liveness = new Liveness("builder-1", new FakeProcesses().with(1, STARTED));

        assertThat(liveness.of(owner(4242, STARTED))).isEqualTo(Liveness.Verdict.GONE);
        assertThat(liveness.why(owner(4242, STARTED), Liveness.Verdict.GONE))
                .isEqualTo("its Kiln process 4242 has ended");
    }

    @Test
    void aProcessIdGivenToAnotherProcessSinceIsGone() {
        Liveness liveness = new Liveness("builder-1", new FakeProcesses().with(4242, STARTED.plusSeconds(3600)));

        assertThat(liveness.of(owner(4242, STARTED))).isEqualTo(Liveness.Verdict.GONE);
        assertThat(liveness.why(owner(4242, STARTED), Liveness.Verdict.GONE))
                .isEqualTo("its Kiln process 4242 has ended (another process has its id now)");
        Liveness earlier = new Liveness("builder-1", new FakeProcesses().with(4242, STARTED.minusSeconds(60)));
        assertThat(earlier.of(owner(4242, STARTED))).isEqualTo(Liveness.Verdict.GONE);
    }

    @Test
    void aLiveProcessWhoseStartCannotBeToldIsTakenForRunning() {
        Liveness unknownNow = new Liveness("builder-1", new FakeProcesses().with(4242, null));
        Liveness unknownThen = new Liveness("builder-1", new FakeProcesses().with(4242, STARTED));

        assertThat(unknownNow.of(owner(4242, STARTED))).isEqualTo(Liveness.Verdict.RUNNING);
        assertThat(unknownThen.of(owner(4242, Instant.EPOCH))).isEqualTo(Liveness.Verdict.RUNNING);
    }

    @Test
    void anOwnerOnAnotherMachineIsNeverJudged() {
        Liveness liveness = new Liveness("builder-2", new FakeProcesses());

        assertThat(liveness.of(owner(4242, STARTED))).isEqualTo(Liveness.Verdict.ELSEWHERE);
        assertThat(liveness.why(owner(4242, STARTED), Liveness.Verdict.ELSEWHERE))
                .contains("host 'builder-1'");
    }

    @Test
    void thisProcessIsRunningAndAKilledOneIsGone() throws Exception {
        Liveness liveness = Liveness.ofThisMachine();
        BuildOwner me = BuildOwner.newBuild();
        assertThat(liveness.of(me)).isEqualTo(Liveness.Verdict.RUNNING);

        Process sleeper = new ProcessBuilder("sleep", "60").start();
        BuildOwner other = new BuildOwner(BuildOwner.hostName(), sleeper.pid(),
                sleeper.info().startInstant().orElseThrow(), "1");
        assertThat(liveness.of(other)).isEqualTo(Liveness.Verdict.RUNNING);
        sleeper.destroyForcibly().waitFor();
        assertThat(liveness.of(other)).isEqualTo(Liveness.Verdict.GONE);
    }
}
