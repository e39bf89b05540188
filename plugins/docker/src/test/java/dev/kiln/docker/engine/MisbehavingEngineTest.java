package dev.kiln.docker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.api.Cancellation;
import dev.kiln.api.KilnException;
import dev.kiln.api.OutputListener;
import dev.kiln.api.testing.FakeContext;
import dev.kiln.api.testing.TestCancellation;
import dev.kiln.plugin.docker.testing.FakeEngine;
import dev.kiln.plugin.docker.testing.FakeEngine.Transport;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Engines that accept the connection and then misbehave (never answer, answer half, fall silent in a stream), on a
 * unix socket and over TCP, where a blocked read ends differently: a quick request fails within
 * {@code KILN_ENGINE_TIMEOUT} naming the engine, a stream may be silent for longer, and a cancel ends either at once
 * and closes its socket. The engine is {@link FakeEngine}, since a real one cannot be made to hang on purpose.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MisbehavingEngineTest {

    @TempDir
    Path home;

    private FakeEngine engine;
    private DockerJavaDriver driver;

    @AfterEach
    void stop() throws Exception {
        if (driver != null) {
            driver.shutdown();
        }
        if (engine != null) {
            engine.close();
        }
    }

    private DockerJavaDriver open(Transport transport, String timeout, Function<FakeEngine.Request,
            FakeEngine.Answer> routes) throws Exception {
        engine = FakeEngine.start(transport, routes);
        driver = DockerJavaDriver.open(EngineRef.resolve(engine.host(), Map.of("KILN_ENGINE_TIMEOUT", timeout), home),
                false);
        return driver;
    }

    private static FakeEngine.Answer pingElse(FakeEngine.Request request, FakeEngine.Answer otherwise) {
        return request.endpointEndsWith("/_ping") ? FakeEngine.ping() : otherwise;
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void anEngineThatNeverAnswersThePingFailsTheConnectWithinTheTimeout(Transport transport) throws Exception {
        engine = FakeEngine.start(transport, request -> FakeEngine.silent());
        EngineRef endpoint = EngineRef.resolve(engine.host(), Map.of("KILN_ENGINE_TIMEOUT", "1s"), home);

        long start = System.nanoTime();
        assertThatThrownBy(() -> DockerJavaDriver.open(endpoint, false))
                .isInstanceOf(KilnException.class)
                .hasMessage("The Docker engine at '" + engine.host() + "' (from docker_host) did not answer within 1s; "
                        + "check that it is running and healthy ('docker info'), or set KILN_ENGINE_TIMEOUT to wait "
                        + "longer.");
        // the 1 s limit, plus the client's set-up (over TCP, docker-java's configuration and TLS context: up to 3 s
        // on a loaded 2-core machine); far from the 60 s default, or a hang
        assertThat(millisSince(start)).isBetween(900L, 6_000L);
        FakeEngine.Request ping = engine.awaitRequest(r -> r.endpointEndsWith("/_ping"), Duration.ofSeconds(1));
        assertThat(engine.awaitClosed(ping, Duration.ofSeconds(3))).as("the ping's socket is closed").isTrue();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aQuickCallTheEngineNeverAnswersFailsWithinTheTimeoutNamingTheEngine(Transport transport) throws Exception {
        open(transport, "1s", request -> pingElse(request, FakeEngine.silent()));

        long start = System.nanoTime();
        assertThatThrownBy(() -> driver.inspectContainer("c0ffee"))
                .isInstanceOf(KilnException.class)
                .hasMessage("Inspecting container 'c0ffee' failed: the Docker engine at '" + engine.host()
                        + "' did not answer within 1s; check that it is running and healthy ('docker info'), or set "
                        + "KILN_ENGINE_TIMEOUT to wait longer.");
        assertThat(millisSince(start)).isBetween(900L, 3_000L);
        FakeEngine.Request inspect = engine.awaitRequest(r -> r.endpointEndsWith("/c0ffee/json"), Duration.ZERO);
        assertThat(engine.awaitClosed(inspect, Duration.ofSeconds(3))).as("the abandoned request's socket is closed")
                .isTrue();
        driver.ping(); // the engine is still usable for what it answers
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void halfAnAnswerAndThenACloseFailsAtOnceNamingTheEngine(Transport transport) throws Exception {
        open(transport, "30s", request -> pingElse(request, FakeEngine.halfThenClose()));

        long start = System.nanoTime();
        assertThatThrownBy(() -> driver.inspectContainer("c0ffee"))
                .isInstanceOf(KilnException.class)
                .hasMessageStartingWith("Inspecting container 'c0ffee' failed at '" + engine.host() + "': the engine "
                        + "closed the connection before it finished answering (")
                .hasMessageEndingWith("); check the engine's health ('docker info') and that '" + engine.host()
                        + "' is a Docker engine.");
        assertThat(millisSince(start)).isLessThan(3_000L);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aCancelEndsAQuickCallTheEngineNeverAnswersAndClosesItsSocket(Transport transport) throws Exception {
        TestCancellation cancellation = new TestCancellation();
        try (Cancellation.Registration bound = Cancellation.bind(cancellation)) {
            open(transport, "0", request -> pingElse(request, FakeEngine.silent())); // no limit: only the cancel
        }
        CompletableFuture<Throwable> call = inBackground(cancellation, () -> driver.inspectContainer("c0ffee"));
        FakeEngine.Request inspect = engine.awaitRequest(r -> r.endpointEndsWith("/c0ffee/json"),
                Duration.ofSeconds(5));
        Thread.sleep(300); // the request is blocked in its read by now

        long cancelled = System.nanoTime();
        cancellation.cancel();

        Throwable failure = call.get(3, TimeUnit.SECONDS);
        assertThat(millisSince(cancelled)).isLessThan(2_000L);
        assertThat(failure).isInstanceOf(KilnException.class)
                .hasMessage("Inspecting container 'c0ffee' at '" + engine.host() + "' was cancelled.");
        assertThat(engine.awaitClosed(inspect, Duration.ofSeconds(2))).as("the socket is closed at once").isTrue();
        driver.shutdown();
        assertThat(cancellation.registered()).as("nothing left registered").isZero();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aStreamSilentForLongerThanTheTimeoutGoesOnAndACancelEndsIt(Transport transport) throws Exception {
        TestCancellation cancellation = new TestCancellation();
        try (Cancellation.Registration bound = Cancellation.bind(cancellation)) {
            open(transport, "1s", request -> pingElse(request,
                    FakeEngine.headersThenStall("application/x-tar", "0123456789abcdef")));
        }
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        CompletableFuture<Throwable> save = inBackground(cancellation, () -> driver.saveImage("kiln-test/any:1", saved));
        FakeEngine.Request request = engine.awaitRequest(r -> r.endpointEndsWith("/get"), Duration.ofSeconds(5));

        Thread.sleep(2_500); // two and a half times the limit of a quick request
        assertThat(save).as("a silent stream is not cut off by the timeout").isNotDone();

        long cancelled = System.nanoTime();
        cancellation.cancel();
        assertThat(save.get(3, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(millisSince(cancelled)).isLessThan(2_000L);
        assertThat(saved.toString()).isEqualTo("0123456789abcdef");
        assertThat(engine.awaitClosed(request, Duration.ofSeconds(2))).as("the socket is closed at once").isTrue();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aCancelEndsACommandWhoseOutputNeverStartsAndClosesItsSocket(Transport transport) throws Exception {
        TestCancellation cancellation = new TestCancellation();
        try (Cancellation.Registration bound = Cancellation.bind(cancellation)) {
            open(transport, "1s", request -> {
                if (request.endpointEndsWith("/containers/c0ffee/exec")) {
                    return FakeEngine.json(201, "{\"Id\":\"e1\"}");
                }
                if (request.endpointEndsWith("/exec/e1/json")) {
                    return FakeEngine.json(200, "{\"ID\":\"e1\",\"Running\":true,\"ExitCode\":null}");
                }
                return pingElse(request, FakeEngine.silent()); // the exec's start: not even its headers
            });
        }
        CompletableFuture<Throwable> exec = inBackground(cancellation, () -> driver.exec("c0ffee",
                List.of("sleep", "600"), null, false, new OutputListener() {
                    @Override public void stdout(String line) { }
                    @Override public void stderr(String line) { }
                }));
        FakeEngine.Request start = engine.awaitRequest(r -> r.endpointEndsWith("/exec/e1/start"),
                Duration.ofSeconds(5));

        Thread.sleep(2_500);
        assertThat(exec).as("a command's output has no limit, however long it takes to start").isNotDone();

        long cancelled = System.nanoTime();
        cancellation.cancel();
        Throwable failure = exec.get(3, TimeUnit.SECONDS);
        assertThat(millisSince(cancelled)).isLessThan(2_000L);
        assertThat(failure).isInstanceOf(KilnException.class).hasMessageContaining("was cancelled");
        assertThat(engine.awaitClosed(start, Duration.ofSeconds(2))).as("the socket is closed at once").isTrue();
    }

    @Test
    void afterACancelEachCleanupCallWaitsAtMostFiveSeconds() throws Exception {
        TestCancellation cancellation = new TestCancellation();
        try (Cancellation.Registration bound = Cancellation.bind(cancellation)) {
            open(Transport.UNIX, "0", request -> pingElse(request, FakeEngine.silent()));
            cancellation.cancel(); // Ctrl-C: the build's cleanups follow, on the same thread

            long start = System.nanoTime();
            assertThatThrownBy(() -> driver.removeContainer("c0ffee"))
                    .isInstanceOf(KilnException.class)
                    .hasMessage("Removing container 'c0ffee' failed: the Docker engine at '" + engine.host()
                            + "' did not answer within 5s of the cancel.");
            assertThat(millisSince(start)).isBetween(4_900L, 7_000L);
        }
    }

    /**
     * The shell's builds share one driver per engine (a session resource): each build's cancel must end the requests
     * in flight, and the next build must start without the short limits of the last one's cancel.
     */
    @Test
    void aDriverSharedByTheBuildsOfASessionAnswersEachBuildsCancelAndStartsAfreshAfterOne() throws Exception {
        engine = FakeEngine.start(Transport.UNIX, request -> pingElse(request, FakeEngine.silent()));
        FakeContext first = new FakeContext();
        DockerDriver shared = DockerEngines.forBuild(first, engine.host());
        // on a thread with no cancellation of its own: only the build's, attached to the driver, can end the call
        CompletableFuture<Throwable> stuck = inBackground(Cancellation.NONE, () -> shared.inspectContainer("c0ffee"));
        engine.awaitRequest(r -> r.endpointEndsWith("/c0ffee/json"), Duration.ofSeconds(5));

        long cancelled = System.nanoTime();
        first.cancel();
        assertThat(stuck.get(3, TimeUnit.SECONDS)).isInstanceOf(KilnException.class);
        assertThat(millisSince(cancelled)).isLessThan(2_000L);
        first.endBuild();

        FakeContext second = first.nextBuild();
        assertThat(DockerEngines.forBuild(second, engine.host())).isSameAs(shared);
        CompletableFuture<Throwable> waiting = inBackground(Cancellation.NONE,
                () -> shared.inspectContainer("c0ffee"));
        Thread.sleep(6_000); // past the 5 s a cancelled build's cleanups get: this build is not cancelled
        assertThat(waiting).as("still waiting for the engine").isNotDone();
        second.cancel();
        assertThat(waiting.get(3, TimeUnit.SECONDS)).isInstanceOf(KilnException.class);
        second.endBuild();
        first.endSession();
    }

    private interface Call {
        void run() throws Exception;
    }

    /** Runs {@code call} on a thread of its own with {@code cancellation} bound; completes with what it threw. */
    private static CompletableFuture<Throwable> inBackground(Cancellation cancellation, Call call) {
        CompletableFuture<Throwable> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try (Cancellation.Registration bound = Cancellation.bind(cancellation)) {
                call.run();
                result.complete(null);
            } catch (Throwable e) {
                result.complete(e);
            }
        }, "misbehaving-engine-call");
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
