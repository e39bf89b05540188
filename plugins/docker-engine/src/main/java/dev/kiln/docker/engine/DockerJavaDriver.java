package dev.kiln.docker.engine;

import static dev.kiln.docker.engine.EngineErrors.rootMessage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.kiln.api.Cancellation;
import dev.kiln.api.KilnException;
import dev.kiln.api.OutputListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link DockerDriver} that talks to a real engine through docker-java with the zerodep transport.
 *
 * <p>Requests go out unversioned, so the engine answers at its own API version (docker-java 3.7.1 does not negotiate;
 * an unversioned path works on 20.10 and newer engines). Every call but push is a raw request through the
 * HTTP client ({@link EngineHttp}) with JSON trees, over either transport; docker-java's client (its command
 * objects and their model classes) is made only when a push needs it.
 *
 * <p>This class owns the connection (the docker-java client, its HTTP client and the transfer threads) and hands each
 * call to the package-private class for its concern: {@link ContainerCalls}, {@link ExecCalls}, {@link ArchiveCalls}
 * and {@link ImageCalls}, which share {@link EngineHttp}, {@link ArchiveStreams} and {@link EngineErrors}.
 *
 * <p>Every request goes through {@link EngineTransport}: one that should be answered at once fails after
 * {@link EngineRef#timeout()} ({@code KILN_ENGINE_TIMEOUT}) naming the engine, one that streams has no limit, and a
 * cancel of the work that opened the driver ({@link Cancellation#current()} then: the build's, for a shared driver)
 * closes every connection in flight.
 */
public final class DockerJavaDriver implements DockerDriver {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final EngineRef endpoint;
    private final EngineTransport http;
    private final Cancellation.Registration aborting;
    private final Object clientLock = new Object();
    private DockerClientConfig config; // guarded by clientLock
    private DockerClient client;       // guarded by clientLock; made on first use
    private final EngineHttp engine;
    private final ExecutorService transfers;
    private final boolean shared;
    private final ContainerCalls containers;
    private final ExecCalls execs;
    private final ArchiveCalls archives;
    private final ImageCalls images;
    private final EngineErrors errors;

    private DockerJavaDriver(EngineRef endpoint, boolean shared) {
        this.endpoint = endpoint;
        this.shared = shared;
        String host = endpoint.host();
        // A local engine gets Kiln's own client, with no TLS set-up to pay for, and no docker-java configuration until
        // a call that still goes through docker-java (push) needs it. TLS and tcp hosts, or an API version to
        // check, take docker-java's configuration now, so that an address it cannot use fails here.
        boolean local = host.startsWith("unix://");
        DockerClientConfig eager = local && endpoint.apiVersion() == null ? null : config(endpoint);
        this.config = eager;
        this.http = new EngineTransport(endpoint, local
                ? responseTimeout -> new UnixSocketHttpClient(Path.of(host.substring("unix://".length())))
                : responseTimeout -> new ZerodepDockerHttpClient.Builder()
                        .dockerHost(eager.getDockerHost())
                        .sslConfig(eager.getSSLConfig())
                        .maxConnections(32)
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .responseTimeout(responseTimeout)
                        .build());
        RemoteApiVersion version = eager == null ? null : eager.getApiVersion();
        // UNKNOWN_VERSION reads "0.0": a "/v0.0" prefix would be refused as too old, so send no prefix at all.
        String apiPrefix = version == null || RemoteApiVersion.unknown().equals(version)
                || "0.0".equals(version.getVersion()) ? "" : "/v" + version.getVersion();
        AtomicInteger threads = new AtomicInteger();
        this.transfers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "kiln-docker-transfer-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.errors = new EngineErrors(endpoint);
        this.engine = new EngineHttp(endpoint, http, apiPrefix, errors);
        ArchiveStreams streams = new ArchiveStreams(endpoint, transfers, errors);
        this.containers = new ContainerCalls(endpoint, engine, errors);
        this.execs = new ExecCalls(endpoint, engine, errors, transfers);
        this.archives = new ArchiveCalls(endpoint, engine, errors, streams, containers);
        this.images = new ImageCalls(this::client, endpoint, engine, errors, streams, transfers);
        // A cancel of the work that opens a driver of its own ends its requests at once; a shared driver serves many
        // builds one after another, and each build attaches its own cancellation (DockerEngines).
        this.aborting = shared ? () -> { } : attach(Cancellation.current());
    }

    /** docker-java's configuration for {@code endpoint}. */
    private static DockerClientConfig config(EngineRef endpoint) {
        DefaultDockerClientConfig.Builder builder = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(endpoint.host())
                .withDockerTlsVerify(endpoint.tlsVerify());
        if (endpoint.certPath() != null) {
            builder.withDockerCertPath(endpoint.certPath().toString());
        }
        if (endpoint.apiVersion() != null) {
            builder.withApiVersion(endpoint.apiVersion());
        }
        return builder.build();
    }

    /**
     * docker-java's client over the driver's HTTP client, made on first use: only push still goes through it, and
     * making it costs tens of milliseconds and some hundreds of classes.
     */
    private DockerClient client() {
        synchronized (clientLock) {
            if (client == null) {
                if (config == null) {
                    config = config(endpoint);
                }
                client = DockerClientImpl.getInstance(config, http);
            }
            return client;
        }
    }

    /**
     * Makes a cancel of {@code work} end every request in flight at once, and lifts the short limits of an earlier
     * work's cancel: a shared driver's next build starts afresh.
     *
     * @return the registration; closing it detaches {@code work}
     */
    Cancellation.Registration attach(Cancellation work) {
        return http.attach(work);
    }

    /**
     * Connects to the engine found as the docker CLI finds it (see {@link EngineRef}) and checks that it answers.
     *
     * @param dockerHost the template's {@code docker_host}, or null to look at the environment
     * @return a driver; the caller closes it
     * @throws KilnException when the engine does not answer, in one line naming where Kiln looked and what to check
     */
    public static DockerDriver connect(String dockerHost) {
        return open(EngineRef.resolve(dockerHost), false);
    }

    /**
     * Connects to {@code endpoint} and checks that it answers.
     *
     * @param shared whether the driver belongs to a build ({@link DockerEngines}): then {@link #close()} does nothing
     *               and {@link #shutdown()} closes it
     */
    static DockerJavaDriver open(EngineRef endpoint, boolean shared) {
        DockerJavaDriver driver;
        try {
            driver = new DockerJavaDriver(endpoint, shared);
        } catch (RuntimeException e) {
            throw new KilnException("Cannot use the Docker engine address '" + endpoint.host() + "' "
                    + endpoint.origin() + ": " + rootMessage(e) + "; " + endpoint.hint() + ".", e);
        }
        try {
            driver.ping();
            return driver;
        } catch (RuntimeException e) {
            driver.shutdown();
            throw e;
        }
    }

    @Override
    public String host() {
        return endpoint.host();
    }

    @Override
    public void ping() {
        EngineHttp.Answer answer;
        try {
            answer = engine.exchange("GET", "/_ping", null);
        } catch (RuntimeException e) {
            EngineTimeoutException timeout = EngineErrors.find(e, EngineTimeoutException.class);
            if (timeout != null) {
                throw new KilnException("The Docker engine at '" + endpoint.host() + "' " + endpoint.origin()
                        + " did not answer within " + timeout.limitText() + "; check that it is running and healthy "
                        + "('docker info'), or set " + EngineRef.TIMEOUT_VARIABLE + " to wait longer.", e);
            }
            if (EngineErrors.find(e, EngineCallCancelledException.class) != null) {
                throw new KilnException("Connecting to the Docker engine at '" + endpoint.host() + "' was cancelled.",
                        e);
            }
            throw unreachable(rootMessage(e), e);
        }
        if (answer.ok()) {
            return;
        }
        String message = answer.message();
        if (endpoint.apiVersion() != null && message.contains("client version")) {
            throw new KilnException("The Docker engine at '" + endpoint.host() + "' refuses API version "
                    + endpoint.apiVersion() + " (DOCKER_API_VERSION): " + message + "; unset DOCKER_API_VERSION "
                    + "or set it to a version the engine supports.");
        }
        throw unreachable("it answered HTTP " + answer.status() + ", so it is not a Docker engine", null);
    }

    private KilnException unreachable(String why, Throwable cause) {
        String extra = why.contains("Permission denied")
                ? " (may this user use the socket? e.g. is it in the 'docker' group?)" : "";
        return new KilnException("Cannot reach the Docker engine at '" + endpoint.host() + "' "
                + endpoint.origin() + ": " + why + extra + "; " + endpoint.hint() + ".", cause);
    }

    @Override
    public Optional<ImageConfig> inspectImage(String ref) {
        return images.inspect(ref);
    }

    @Override
    public long imageSize(String ref) {
        return images.size(ref);
    }

    @Override
    public void pull(String image, String platform, RegistryAuth auth, TransferListener listener, Duration timeout)
            throws InterruptedException {
        images.pull(image, platform, auth, listener, timeout);
    }

    @Override
    public String createContainer(ContainerSpec spec) {
        return containers.create(spec);
    }

    /**
     * The body of the create request for a spec (see {@link ContainerCalls#createRequest}). Package-private for
     * tests, which build the request without an engine.
     */
    static ObjectNode createRequest(ContainerSpec spec) {
        return ContainerCalls.createRequest(spec);
    }

    /** The log drivers the engine client can send ({@code --log-driver}); others cannot be expressed. */
    public static final List<String> LOG_DRIVERS = ContainerCalls.LOG_DRIVERS;

    /**
     * Why {@code driver} cannot be sent, or null when it can.
     *
     * @param driver a {@code --log-driver} value
     * @return the problem, phrased for run_command, or null
     */
    public static String logDriverProblem(String driver) {
        return ContainerCalls.logDriverProblem(driver);
    }

    @Override
    public void startContainer(String containerId) {
        containers.start(containerId);
    }

    @Override
    public Optional<ContainerInfo> inspectContainer(String containerId) {
        return containers.inspect(containerId);
    }

    @Override
    public int exec(String containerId, List<String> command, String user, boolean tty, OutputListener output)
            throws InterruptedException {
        return execs.run(containerId, command, user, tty, output);
    }

    @Override
    public Optional<PathStat> statPath(String containerId, String path) {
        return archives.statPath(containerId, path);
    }

    @Override
    public void copyToContainer(String containerId, String directory, TarSource tar) throws InterruptedException {
        archives.copyTo(containerId, directory, tar);
    }

    @Override
    public InputStream copyFromContainer(String containerId, String path) {
        return archives.copyFrom(containerId, path);
    }

    @Override
    public String commit(String containerId, CommitSpec spec) {
        return containers.commit(containerId, spec);
    }

    @Override
    public void exportContainer(String containerId, OutputStream out) throws InterruptedException {
        archives.export(containerId, out);
    }

    @Override
    public String importImage(TarSource tar, String repository, String tag, List<String> changes, String platform)
            throws InterruptedException {
        return images.importImage(tar, repository, tag, changes, platform);
    }

    @Override
    public void saveImage(String ref, OutputStream out) throws InterruptedException {
        images.save(ref, out);
    }

    @Override
    public List<String> loadImage(TarSource tar) throws InterruptedException {
        return images.load(tar);
    }

    @Override
    public void tag(String image, String repository, String tag, boolean force) {
        images.tag(image, repository, tag, force);
    }

    @Override
    public boolean removeImage(String ref, boolean force) {
        return images.remove(ref, force);
    }

    @Override
    public void removeContainer(String containerId) {
        containers.remove(containerId);
    }

    @Override
    public List<ContainerSummary> listContainers(String label) {
        return containers.list(label, null);
    }

    @Override
    public List<ContainerSummary> listContainersNamed(String prefix) {
        return containers.list(null, prefix);
    }

    @Override
    public List<ImageSummary> listImages(String label) {
        return images.list(label);
    }

    @Override
    public void push(String ref, RegistryAuth auth, TransferListener listener, Duration timeout)
            throws InterruptedException {
        images.push(ref, auth, listener, timeout);
    }

    /** Closes the client, unless the driver belongs to a build, which closes it with {@link #shutdown()}. */
    @Override
    public void close() {
        if (!shared) {
            shutdown();
        }
    }

    /** Closes the client and stops the transfer threads. */
    void shutdown() {
        aborting.close();
        transfers.shutdownNow();
        DockerClient made;
        synchronized (clientLock) {
            made = client;
        }
        try {
            if (made != null) {
                made.close();
            }
        } catch (IOException | RuntimeException e) {
            // the HTTP client is closed all the same
        }
        try {
            http.close();
        } catch (RuntimeException e) {
            // nothing left to do
        }
    }

    @Override
    public String toString() {
        return "DockerJavaDriver[" + endpoint.host() + "]";
    }

    /** A container or image ID as messages show it (see {@link EngineErrors#shortId}). */
    static String shortId(String id) {
        return EngineErrors.shortId(id);
    }
}
