package dev.kiln.docker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.transport.DockerHttpClient;
import dev.kiln.api.Cancellation;
import dev.kiln.api.CancellationSource;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which requests get the answer timeout (those whose answer should come at once, never a stream), and what a cancel
 * of the attached work ends.
 */
class EngineTransportTest {

    /** A client whose requests wait until {@link #answer} counts down, and fail when it was closed meanwhile. */
    private static final class HeldClient implements DockerHttpClient {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch answer = new CountDownLatch(1);
        volatile boolean closed;

        @Override
        public Response execute(Request request) {
            entered.countDown();
            try {
                answer.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException("interrupted", e);
            }
            if (closed) {
                throw new IllegalStateException("connection closed"); // what a closed socket does to a request
            }
            return new Response() {
                @Override
                public int getStatusCode() {
                    return 204;
                }

                @Override
                public Map<String, List<String>> getHeaders() {
                    return Map.of();
                }

                @Override
                public InputStream getBody() {
                    return new ByteArrayInputStream(new byte[0]);
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public void close() {
            closed = true;
            answer.countDown();
        }
    }

    @Test
    void aCleanupThatStartsBeforeTheCancelHasAbortedWhatWasInFlightIsNotCutByThatAbort() throws Exception {
        List<HeldClient> clients = new CopyOnWriteArrayList<>();
        EngineTransport transport = new EngineTransport(new EngineRef("unix:///nowhere.sock", "test", null, false,
                null, null), timeout -> {
                    HeldClient client = new HeldClient();
                    clients.add(client);
                    return client;
                });
        CancellationSource work = new CancellationSource();
        transport.attach(work);
        AtomicReference<Object> cleanup = new AtomicReference<>();
        Thread[] cleaner = new Thread[1];
        // registered after the transport's abort, so the cancel runs it first: the build reaches its cleanup (the
        // container's removal) while the abort is still to come, as a loaded machine once showed
        work.onCancel(() -> {
            cleaner[0] = new Thread(() -> {
                try (Cancellation.Registration bound = Cancellation.bind(work)) {
                    cleanup.set(transport.execute(DockerHttpClient.Request.builder()
                            .method(DockerHttpClient.Request.Method.DELETE).path("/containers/c0ffee?force=true")
                            .build()).getStatusCode());
                } catch (RuntimeException e) {
                    cleanup.set(e);
                }
            });
            cleaner[0].start();
            while (clients.stream().noneMatch(c -> c.entered.getCount() == 0)) {
                Thread.onSpinWait();
            }
        });

        work.cancel();
        clients.forEach(client -> client.answer.countDown());
        cleaner[0].join(10_000);

        assertThat(cleanup.get()).as("the removal's answer").isEqualTo(204);
        transport.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "GET, /_ping",
            "HEAD, /_ping",
            "GET, /version",
            "GET, /images/alpine:3.20/json",
            "GET, /images/registry.example.com:5000/acme/app/json",
            "POST, /containers/create?name=x",
            "POST, /containers/c0ffee/start",
            "GET, /containers/c0ffee/json",
            "DELETE, /containers/c0ffee?force=true&v=true",
            "DELETE, /images/acme/push",
            "POST, /images/sha256:abc/tag?repo=acme/app&tag=1",
            "GET, /containers/json?all=true",
            "GET, /images/json",
            "POST, /containers/c0ffee/exec",
            "GET, /exec/e1/json",
            "HEAD, /containers/c0ffee/archive?path=/tmp",
            "GET, /v1.41/containers/c0ffee/json",
    })
    void quickRequestsHaveTheTimeout(String method, String path) {
        assertThat(EngineTransport.streams(method, path, false)).isFalse();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "POST, /exec/e1/start",
            "POST, /containers/c0ffee/attach?stream=1&stdout=1",
            "GET, /containers/c0ffee/logs?follow=1",
            "GET, /containers/c0ffee/export",
            "POST, /containers/c0ffee/wait",
            "GET, /containers/c0ffee/archive?path=/etc",
            "PUT, /containers/c0ffee/archive?path=/tmp",
            "POST, /images/create?fromImage=alpine&tag=3.20",
            "POST, /images/registry.example.com:5000/acme/app/push?tag=1",
            "GET, /images/kiln-test%2Fany%3A1/get",
            "GET, /images/get?names=a&names=b",
            "POST, /images/load?quiet=1",
            "POST, /commit?container=c0ffee&pause=true",
            "GET, /events",
            "POST, /v1.41/exec/e1/start",
    })
    void streamsAndLongEngineWorkHaveNone(String method, String path) {
        assertThat(EngineTransport.streams(method, path, false)).isTrue();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"POST, /containers/c0ffee/start", "POST, /build"})
    void aRequestThatStreamsItsBodyHasNone(String method, String path) {
        assertThat(EngineTransport.streams(method, path, true)).isTrue();
    }
}
