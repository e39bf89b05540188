package dev.kiln.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.plugin.docker.testing.FakeEngine;
import dev.kiln.plugin.docker.testing.FakeEngine.Transport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The packaged {@code bin/kiln build} against engines that accept the connection and then hang ({@link FakeEngine},
 * on a unix socket and over TCP, where a blocked read ends differently): it ends with one clear line and exit code 1
 * within {@code KILN_ENGINE_TIMEOUT}, and a SIGTERM while it waits ends it within a few seconds with Packer's
 * cancelled summary, however the engine behaves meanwhile. Needs no real engine.
 */
class MisbehavingEngineIT {

    private static final String TEMPLATE = """
            {
              "builders": [ { "type": "docker", "image": "kiln-test/busybox:latest", "pull": false, "commit": true } ],
              "provisioners": [ { "type": "shell", "inline": ["echo sleeping", "sleep 600"] } ]
            }
            """;
    private static final String CONTAINER = "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00";

    @TempDir Path work;

    private KilnProcess build(FakeEngine engine, Map<String, String> environment) throws Exception {
        Files.writeString(work.resolve("template.json"), TEMPLATE);
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put("DOCKER_HOST", engine.host());
        env.put("HOME", Files.createDirectories(work.resolve("home")).toString());
        return KilnProcess.start(work, env, "build", "-color=false", "template.json");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void anEngineThatNeverAnswersFailsTheBuildWithinTheTimeoutInOneLine(Transport transport) throws Exception {
        try (FakeEngine engine = FakeEngine.start(transport, request -> FakeEngine.silent())) {
            KilnProcess.Result result = build(engine, Map.of("KILN_ENGINE_TIMEOUT", "2s"))
                    .await(Duration.ofSeconds(60));

            assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isEqualTo(1);
            assertThat(result.stderr()).contains("--> docker: The Docker engine at '" + engine.host()
                    + "' (from DOCKER_HOST) did not answer within 2s; check that it is running and healthy "
                    + "('docker info'), or set KILN_ENGINE_TIMEOUT to wait longer.");
            assertThat(result.stdout() + result.stderr()).doesNotContain("Exception", "\tat ");
            assertThat(result.wall()).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(15));
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void sigtermWhileTheEngineDoesNotAnswerEndsTheBuildAtOnceWithTheCancelledSummary(Transport transport)
            throws Exception {
        try (FakeEngine engine = FakeEngine.start(transport, request -> FakeEngine.silent())) {
            KilnProcess kiln = build(engine, Map.of()); // the default timeout, a minute: only the signal ends it
            engine.awaitRequest(request -> request.endpointEndsWith("/_ping"), Duration.ofSeconds(30));
            Thread.sleep(500);

            long signalled = System.nanoTime();
            kiln.terminate();
            KilnProcess.Result result = kiln.await(Duration.ofSeconds(30));

            assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isLessThan(Duration.ofSeconds(5));
            assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isEqualTo(1);
            assertThat(result.stdout()).contains("Cancelling build after receiving interrupt",
                    "Cleanly cancelled builds after being interrupted.");
            assertThat(result.stdout() + result.stderr()).doesNotContain("Exception", "\tat ");
        }
    }

    /** Whether the engine that stops answering in the middle of a command still answers the cleanup's remove. */
    enum Cleanup { ANSWERED, NEVER_ANSWERED }

    @ParameterizedTest
    @EnumSource(Cleanup.class)
    void sigtermWhileACommandsOutputStallsRemovesTheContainerAndEndsWithinSeconds(Cleanup cleanup) throws Exception {
        AtomicInteger execs = new AtomicInteger();
        try (FakeEngine engine = FakeEngine.start(Transport.TCP, request -> route(request, execs, cleanup))) {
            KilnProcess kiln = build(engine, Map.of("KILN_ENGINE_TIMEOUT", "2s"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!kiln.stdoutSoFar().contains("docker: sleeping") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(kiln.stdoutSoFar()).contains("docker: sleeping");
            Thread.sleep(3_000); // longer than the timeout: the silent command is not cut off
            assertThat(kiln.stdoutSoFar()).doesNotContain("did not answer", "Cleanly cancelled");

            long signalled = System.nanoTime();
            kiln.terminate();
            KilnProcess.Result result = kiln.await(Duration.ofSeconds(30));

            Duration took = Duration.ofNanos(System.nanoTime() - signalled);
            assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isEqualTo(1);
            assertThat(result.stdout()).contains("Cancelling build after receiving interrupt", "Killing the container",
                    "Cleanly cancelled builds after being interrupted.");
            assertThat(engine.requests()).anyMatch(r -> r.method().equals("DELETE") && r.path().contains(CONTAINER));
            if (cleanup == Cleanup.ANSWERED) {
                assertThat(took).isLessThan(Duration.ofSeconds(5));
            } else {
                assertThat(result.stdout() + result.stderr()).contains("Container '" + CONTAINER + "' could not be "
                        + "removed: Removing container 'c0ffee00c0ff' failed: the Docker engine at '" + engine.host()
                        + "' did not answer within 2s of the cancel. Remove it with 'docker rm -f " + CONTAINER + "'.");
                assertThat(took).isLessThan(Duration.ofSeconds(8));
            }
        }
    }

    /**
     * Just enough of an engine for the docker builder to start a container and run the shell provisioner's script,
     * whose output is "sleeping" and then nothing, forever.
     */
    private static FakeEngine.Answer route(FakeEngine.Request request, AtomicInteger execs, Cleanup cleanup) {
        String method = request.method();
        if (request.endpointEndsWith("/_ping")) {
            return FakeEngine.ping();
        }
        if (method.equals("GET") && request.path().startsWith("/images/")) {
            return FakeEngine.json(200, "{\"Id\":\"sha256:" + "ab".repeat(32) + "\",\"RepoTags\":"
                    + "[\"kiln-test/busybox:latest\"],\"Config\":{\"Env\":[\"PATH=/bin\"]}}");
        }
        if (request.endpointEndsWith("/containers/create")) {
            return FakeEngine.json(201, "{\"Id\":\"" + CONTAINER + "\",\"Warnings\":[]}");
        }
        if (request.endpointEndsWith("/start") && request.path().startsWith("/containers/")) {
            return FakeEngine.noContent();
        }
        if (method.equals("GET") && request.endpointEndsWith("/containers/" + CONTAINER + "/json")) {
            return FakeEngine.json(200, "{\"Id\":\"" + CONTAINER + "\",\"State\":{\"Running\":true},"
                    + "\"Config\":{\"User\":\"\",\"Image\":\"kiln-test/busybox:latest\",\"Labels\":{}}}");
        }
        if (method.equals("HEAD") && request.endpointEndsWith("/archive")) {
            if (!request.path().endsWith("path=%2Ftmp")) {
                return out -> {
                    out.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    return true;
                };
            }
            String stat = Base64.getEncoder().encodeToString(("{\"name\":\"tmp\",\"size\":4096,\"mode\":"
                    + ((1L << 31) | 01777) + ",\"mtime\":\"2024-01-01T00:00:00Z\",\"linkTarget\":\"\"}")
                    .getBytes(StandardCharsets.UTF_8));
            return out -> {
                out.write(("HTTP/1.1 200 OK\r\nX-Docker-Container-Path-Stat: " + stat + "\r\nContent-Length: 0\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                return true;
            };
        }
        if (method.equals("PUT") && request.endpointEndsWith("/archive")) {
            return FakeEngine.json(200, "");
        }
        if (request.endpointEndsWith("/containers/" + CONTAINER + "/exec")) {
            return FakeEngine.json(201, "{\"Id\":\"exec" + execs.incrementAndGet() + "\"}");
        }
        if (request.endpointEndsWith("/start") && request.path().startsWith("/exec/")) {
            // one stdout frame: stream 1, length 9, "sleeping\n"; then silence, as a command that sleeps
            return FakeEngine.headersThenStall("application/vnd.docker.raw-stream",
                    "\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u0009sleeping\n");
        }
        if (method.equals("GET") && request.path().startsWith("/exec/")) {
            return FakeEngine.json(200, "{\"Running\":true,\"ExitCode\":null}");
        }
        if (method.equals("DELETE")) {
            return cleanup == Cleanup.ANSWERED ? FakeEngine.noContent() : FakeEngine.silent();
        }
        return FakeEngine.json(500, "{\"message\":\"the fake engine does not know " + method + " " + request.path()
                + "\"}");
    }
}
