package dev.kiln.docker.engine;

import com.github.dockerjava.transport.DockerHttpClient;
import dev.kiln.api.Cancellation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The HTTP client under a driver, for docker-java's calls and Kiln's raw ones alike: it decides how long each request
 * may wait for the engine, and closes every connection of the driver at once when the driver's work is cancelled.
 *
 * <p><b>Two kinds of request.</b> A request whose answer should come at once (ping, inspect, create, start, remove,
 * tag, list, exec create and inspect, path stats) runs on a call thread of its own while the caller waits at most
 * {@link EngineRef#timeout()} for the whole answer, which is read into memory; then it fails with
 * {@link EngineTimeoutException}, naming the engine. A request whose answer is a stream or long engine work
 * ({@link #streams}: exec and attach output, logs, pull, push, export, save, load, import, archive copies, commit)
 * runs on the caller's thread with no limit at all, so a provisioner that prints nothing for an hour still works.
 *
 * <p><b>Why not docker-java's {@code responseTimeout}.</b> It is one socket timeout for every request of a client, so
 * it would cut a silent exec off, and docker-java's unix socket (a {@code SocketChannel}) ignores socket timeouts
 * anyway. So quick requests use a client of their own whose socket timeout is the same limit (it ends an abandoned
 * request's TCP connection), and the limit itself is the caller's wait. An abandoned request's unix connection is
 * closed by interrupting its call thread: the channel closes on interrupt.
 *
 * <p><b>Cancellation.</b> Nothing reaches a thread blocked in a socket read, and docker-java hands out no handle to
 * the socket of a request still waiting for its headers. But closing a client closes every connection it has leased.
 * So {@link #abortInFlight()} (registered by the driver with the cancellation of the work that opened it) closes the
 * driver's clients, ending every request in flight, quick or streaming, over TCP or a unix socket, before or after its
 * headers; requests after that (the cleanups) get fresh clients, and wait at most {@link #AFTER_CANCEL} each, so a
 * stuck engine cannot hold a Ctrl-C or SIGTERM. A quick request also returns at once when the cancellation current on
 * the caller's thread ({@link Cancellation#current()}, e.g. a provisioner's {@code timeout}) begins while it waits, or
 * when the caller is interrupted.
 */
final class EngineTransport implements DockerHttpClient {

    /** The most each request may wait once the work was cancelled: the cleanups after a Ctrl-C or SIGTERM. */
    static final Duration AFTER_CANCEL = Duration.ofSeconds(5);

    /** The largest answer a quick request may have; an inspect is a few KB, a list of 10,000 images about 10 MB. */
    private static final int MAX_QUICK_ANSWER = 64 * 1024 * 1024;

    private static final Pattern VERSION_PREFIX = Pattern.compile("^/v\\d+(?:\\.\\d+)*(?=/)");

    /** Requests whose answer is a stream or long engine work, as {@code METHOD path} without version or query. */
    private static final Pattern STREAMING = Pattern.compile(String.join("|",
            "POST /containers/[^/]+/attach",
            "GET /containers/[^/]+/logs",
            "GET /containers/[^/]+/export",
            "GET /containers/[^/]+/stats",
            "POST /containers/[^/]+/wait",
            "(?:GET|PUT) /containers/[^/]+/archive",
            "POST /exec/[^/]+/start",
            "POST /images/create",
            "POST /images/load",
            "GET /images/get",
            "GET /images/.+/get",
            "POST /images/.+/push",
            "POST /commit",
            "POST /build",
            "GET /events"));

    /** A driver's pair of clients; an abort closes both. */
    private static final class Connections {
        final DockerHttpClient quick;
        final DockerHttpClient streaming;
        final AtomicBoolean aborted = new AtomicBoolean();

        Connections(DockerHttpClient quick, DockerHttpClient streaming) {
            this.quick = quick;
            this.streaming = streaming;
        }

        void abort() {
            aborted.set(true);
            closeQuietly(quick);
            closeQuietly(streaming);
        }
    }

    private final EngineRef endpoint;
    private final Function<Duration, DockerHttpClient> clients;
    private final ExecutorService calls;
    private final Object lock = new Object();
    private Connections connections;   // guarded by lock; made on first use, and again after an abort
    private boolean closed;            // guarded by lock
    private volatile boolean cancelled;
    /** The work the driver is attached to: its cancel aborts what is in flight (see {@link #attach}). */
    private volatile Cancellation attached = Cancellation.NONE;

    /**
     * @param endpoint the engine and the limit for quick requests
     * @param clients makes an HTTP client with the given socket timeout (null for none); called again after an abort
     */
    EngineTransport(EngineRef endpoint, Function<Duration, DockerHttpClient> clients) {
        this.endpoint = endpoint;
        this.clients = clients;
        this.connections = connect(); // now, so that an address the client cannot use fails here
        AtomicInteger threads = new AtomicInteger();
        this.calls = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "kiln-docker-call-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Whether a request's answer is a stream or long engine work, so that no limit applies to it.
     *
     * @param method the HTTP method
     * @param path the path, with or without an API version prefix and a query
     * @param streamingBody whether the request sends a body as a stream (an archive), not bytes in memory
     * @return true for a streaming request
     */
    static boolean streams(String method, String path, boolean streamingBody) {
        if (streamingBody) {
            return true;
        }
        int query = path.indexOf('?');
        String bare = VERSION_PREFIX.matcher(query < 0 ? path : path.substring(0, query)).replaceFirst("");
        return STREAMING.matcher(method.toUpperCase(Locale.ROOT) + " " + bare).matches();
    }

    @Override
    public Response execute(Request request) {
        boolean streamingBody = request.hijackedInput() != null
                || request.bodyBytes() == null && request.body() != null;
        return streams(request.method(), request.path(), streamingBody) ? streaming(request) : quick(request);
    }

    private Response streaming(Request request) {
        Connections via = connections();
        try {
            return via.streaming.execute(request);
        } catch (RuntimeException e) {
            if (via.aborted.get()) {
                throw new EngineCallCancelledException(e);
            }
            throw e;
        }
    }

    private Response quick(Request request) {
        Connections via = connections();
        Cancellation cancellation = Cancellation.current();
        boolean afterCancel = cancelled || cancellation.isCancelled();
        Duration limit = afterCancel && (endpoint.timeout().isZero() || endpoint.timeout().compareTo(AFTER_CANCEL) > 0)
                ? AFTER_CANCEL : endpoint.timeout();
        FutureTask<Response> call = new FutureTask<>(() -> buffered(via.quick.execute(request)));
        try {
            calls.execute(call);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the client of the Docker engine at '" + endpoint.host() + "' is closed", e);
        }
        // A cancel that begins while the caller waits ends the wait; one that came before (a cleanup) does not.
        Cancellation.Registration waking = afterCancel ? () -> { } : cancellation.onCancel(() -> call.cancel(true));
        try (waking) {
            return limit.isZero() ? call.get() : call.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new EngineTimeoutException(endpoint, limit, afterCancel);
        } catch (CancellationException e) {
            throw new EngineCallCancelledException(e);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new EngineCallCancelledException(e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (via.aborted.get()) {
                throw new EngineCallCancelledException(cause);
            }
            if (!limit.isZero() && hasCause(cause, SocketTimeoutException.class)) {
                throw new EngineTimeoutException(endpoint, limit, afterCancel);
            }
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new RuntimeException(cause);
        }
    }

    /** The answer read whole, on the call thread, so that the limit covers the body too. */
    private static Response buffered(Response response) throws IOException {
        try (response) {
            int status = response.getStatusCode();
            Map<String, List<String>> headers = new LinkedHashMap<>();
            response.getHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
            byte[] body;
            try (InputStream in = response.getBody()) {
                body = in == null ? new byte[0] : in.readNBytes(MAX_QUICK_ANSWER + 1);
            }
            if (body.length > MAX_QUICK_ANSWER) {
                throw new IOException("the engine's answer is larger than " + MAX_QUICK_ANSWER / (1024 * 1024)
                        + " MiB");
            }
            return new BufferedResponse(status, headers, body);
        }
    }

    /**
     * The driver's clients, made when there are none (first use, or after an abort). A request made once the
     * attached work is cancelled is a cleanup: when that cancel's abort of the requests in flight has not run yet (a
     * cancel closes what was registered newest first, and the abort was registered when the driver was attached, so
     * the work can reach its cleanups before it runs), it is done now, so that it cannot cut the cleanup's request.
     */
    private Connections connections() {
        if (attached.isCancelled() && !cancelled) {
            abortInFlight();
        }
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the client of the Docker engine at '" + endpoint.host()
                        + "' is closed");
            }
            if (connections == null) {
                connections = connect();
            }
            return connections;
        }
    }

    private Connections connect() {
        DockerHttpClient quick = clients.apply(endpoint.timeout().isZero() ? null : endpoint.timeout());
        try {
            return new Connections(quick, clients.apply(null));
        } catch (RuntimeException e) {
            closeQuietly(quick);
            throw e;
        }
    }

    /**
     * Ends every request in flight at once by closing the clients' connections; later requests get new clients and
     * wait at most {@link #AFTER_CANCEL}. For the cancellation of the work that opened the driver; any thread.
     */
    void abortInFlight() {
        Connections old;
        synchronized (lock) {
            if (cancelled) {
                return; // once per cancel: the connections made since are the cleanups', never cut
            }
            cancelled = true;
            old = connections;
            connections = null;
        }
        if (old != null) {
            old.abort();
        }
    }

    /**
     * Makes a cancel of {@code work} end every request in flight at once (see {@link #abortInFlight()}), and ends the
     * short limits of an earlier work's cancel: a driver that outlives its builds starts each afresh.
     *
     * @return the registration; closing it detaches {@code work}
     */
    Cancellation.Registration attach(Cancellation work) {
        attached = work;
        cancelled = false;
        return work.onCancel(this::abortInFlight);
    }

    /** Closes the clients, ending what is still in flight, and the call threads. */
    @Override
    public void close() {
        Connections old;
        synchronized (lock) {
            closed = true;
            old = connections;
            connections = null;
        }
        if (old != null) {
            old.abort();
        }
        calls.shutdownNow();
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static void closeQuietly(DockerHttpClient client) {
        try {
            client.close();
        } catch (IOException | RuntimeException e) {
            // closing only ends connections
        }
    }

    /** A quick request's answer, read whole. */
    private static final class BufferedResponse implements Response {
        private final int status;
        private final Map<String, List<String>> headers;
        private final byte[] body;

        BufferedResponse(int status, Map<String, List<String>> headers, byte[] body) {
            this.status = status;
            this.headers = headers;
            this.body = body;
        }

        @Override
        public int getStatusCode() {
            return status;
        }

        @Override
        public Map<String, List<String>> getHeaders() {
            return headers;
        }

        @Override
        public InputStream getBody() {
            return new ByteArrayInputStream(body);
        }

        @Override
        public void close() {
            // nothing is held open
        }
    }
}
