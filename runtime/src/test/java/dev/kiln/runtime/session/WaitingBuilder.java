package dev.kiln.runtime.session;

import dev.kiln.api.Artifact;
import dev.kiln.api.BuildContext;
import dev.kiln.api.Builder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;

/** A builder for session tests: announces that it started, then waits until released or cancelled. */
public final class WaitingBuilder implements Builder<WaitingBuilder.Config> {

    /** Released once per build that may finish. */
    static final Semaphore RELEASE = new Semaphore(0);
    /** Counted down as each build starts. */
    static volatile CountDownLatch started = new CountDownLatch(1);

    /** The session resource each build was given, in order. */
    static final List<Connection> CONNECTIONS = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** What builds of one session share. */
    static final class Connection implements AutoCloseable {
        volatile boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }

    /** No options. */
    public record Config() {
    }

    @Override public String type() { return "session-test"; }
    @Override public Class<Config> configType() { return Config.class; }

    @Override
    public Artifact build(BuildContext context, Config config) throws InterruptedException {
        CONNECTIONS.add(context.sessionResource("test.connection", Connection.class, Connection::new));
        started.countDown();
        RELEASE.acquire();
        return new Artifact() {
            @Override public String builderType() { return "session-test"; }
            @Override public String id() { return "made-by-" + context.buildName(); }
            @Override public List<String> files() { return List.of(); }
            @Override public Map<String, String> metadata() { return Map.of(); }
            @Override public String describe() { return "made"; }
            @Override public void destroy() { }
        };
    }
}
