package dev.kiln.docker.engine;

import static dev.kiln.docker.engine.EngineErrors.rootMessage;
import static dev.kiln.docker.engine.EngineHttp.enc;
import static dev.kiln.docker.engine.StreamCallback.closeQuietly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.kiln.api.KilnException;
import dev.kiln.api.OutputListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@link DockerDriver} that talks to a real engine through docker-java with the zerodep transport.
 *
 * <p>Requests go out unversioned, so the engine answers at its own API version (docker-java 3.7.1 does not negotiate;
 * an unversioned path works on 20.10 and newer engines). Commit, import, save and path stats use raw requests through
 * the same HTTP client, because docker-java has no {@code changes} on commit and no import with changes.
 */
public final class DockerJavaDriver implements DockerDriver {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private final EngineEndpoint endpoint;
    private final DockerHttpClient http;
    private final DockerClient client;
    private final String apiPrefix;
    private final ObjectMapper mapper = new ObjectMapper();
    private final ExecutorService transfers;
    private final EngineErrors errors;
    private final EngineHttp engine;
    private final ContainerCalls containers;
    private final ExecCalls execs;
    private final ArchiveStreams streams;
    private final ArchiveCalls archives;

    private DockerJavaDriver(EngineEndpoint endpoint) {
        this.endpoint = endpoint;
        DefaultDockerClientConfig.Builder builder = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(endpoint.host())
                .withDockerTlsVerify(endpoint.tlsVerify());
        if (endpoint.certPath() != null) {
            builder.withDockerCertPath(endpoint.certPath().toString());
        }
        DockerClientConfig config = builder.build();
        this.http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(32)
                .connectionTimeout(CONNECT_TIMEOUT)
                .build();
        this.client = DockerClientImpl.getInstance(config, http);
        RemoteApiVersion version = config.getApiVersion();
        // UNKNOWN_VERSION reads "0.0": a "/v0.0" prefix would be refused as too old, so send no prefix at all.
        this.apiPrefix = version == null || RemoteApiVersion.unknown().equals(version) || "0.0".equals(version.getVersion())
                ? "" : "/v" + version.getVersion();
        AtomicInteger threads = new AtomicInteger();
        this.transfers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "kiln-docker-transfer-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.errors = new EngineErrors(endpoint, mapper);
        this.engine = new EngineHttp(endpoint, http, apiPrefix, mapper, errors);
        this.containers = new ContainerCalls(client, endpoint, engine, errors);
        this.execs = new ExecCalls(client, errors);
        this.streams = new ArchiveStreams(endpoint, transfers, errors);
        this.archives = new ArchiveCalls(client, endpoint, engine, errors, streams, containers);
    }

    /**
     * Connects to the engine found as the docker CLI finds it (see {@link EngineEndpoint}) and checks that it answers.
     *
     * @param dockerHost the template's {@code docker_host}, or null to look at the environment
     * @return a driver; the caller closes it
     * @throws KilnException when the engine does not answer, in one line naming where Kiln looked and what to check
     */
    public static DockerDriver connect(String dockerHost) {
        EngineEndpoint endpoint = EngineEndpoint.resolve(dockerHost);
        DockerJavaDriver driver;
        try {
            driver = new DockerJavaDriver(endpoint);
        } catch (RuntimeException e) {
            throw new KilnException("Cannot use the Docker engine address '" + endpoint.host() + "' "
                    + endpoint.origin() + ": " + rootMessage(e) + "; " + endpoint.hint() + ".", e);
        }
        try {
            driver.ping();
            return driver;
        } catch (RuntimeException e) {
            driver.close();
            throw e;
        }
    }

    @Override
    public String host() {
        return endpoint.host();
    }

    @Override
    public void ping() {
        try {
            client.pingCmd().exec();
        } catch (RuntimeException e) {
            String why = e instanceof DockerException
                    ? "it answered HTTP " + ((DockerException) e).getHttpStatus() + ", so it is not a Docker engine"
                    : rootMessage(e);
            String extra = why.contains("Permission denied")
                    ? " (may this user use the socket? e.g. is it in the 'docker' group?)" : "";
            throw new KilnException("Cannot reach the Docker engine at '" + endpoint.host() + "' "
                    + endpoint.origin() + ": " + why + extra + "; " + endpoint.hint() + ".", e);
        }
    }

    @Override
    public Optional<ImageConfig> inspectImage(String ref) {
        InspectImageResponse image;
        try {
            image = client.inspectImageCmd(ref).exec();
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw errors.failure("Inspecting image '" + ref + "'", e);
        }
        ContainerConfig c = image.getConfig();
        if (c == null) {
            return Optional.of(new ImageConfig(image.getId(), null, null, null, null, null, null, false, false,
                    image.getRepoTags()));
        }
        return Optional.of(new ImageConfig(image.getId(), list(c.getEntrypoint()), list(c.getCmd()),
                list(c.getEnv()), c.getUser(), c.getWorkingDir(), c.getLabels(), Boolean.TRUE.equals(c.getTty()),
                Boolean.TRUE.equals(c.getStdinOpen()), image.getRepoTags()));
    }

    @Override
    public void pull(String image, String platform, RegistryAuth auth, TransferListener listener, Duration timeout)
            throws InterruptedException {
        ImageName name = ImageName.parse(image);
        AtomicReference<String> error = new AtomicReference<>();
        StreamCallback<PullResponseItem> callback = new StreamCallback<>() {
            @Override
            public void onNext(PullResponseItem item) {
                if (item.getErrorDetail() != null) {
                    String message = item.getErrorDetail().getMessage();
                    error.compareAndSet(null, message == null ? "the engine reported an error" : message);
                } else {
                    report(item, listener);
                }
            }
        };
        try {
            var pull = client.pullImageCmd(name.repository()).withTag(name.tag()).withPlatform(blankToNull(platform));
            if (auth != null) {
                pull.withAuthConfig(new AuthConfig().withUsername(auth.username()).withPassword(auth.password())
                        .withRegistryAddress(blankToNull(auth.server())));
            }
            pull.exec(callback);
            if (!callback.awaitEnd(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new KilnException("Pulling image '" + image + "' from '" + endpoint.host()
                        + "' did not finish within " + timeout.toMinutes() + " minutes; check the network and the "
                        + "registry, or pull it yourself and set pull: false.");
            }
        } catch (KilnException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new KilnException("Pulling image '" + image + "' failed at '" + endpoint.host() + "': "
                    + errors.engineMessage(e) + "; check the image name and that the registry can be reached.", e);
        } finally {
            closeQuietly(callback);
        }
        if (error.get() != null) {
            throw new KilnException("Pulling image '" + image + "' failed at '" + endpoint.host() + "': "
                    + error.get() + "; check the image name and that the registry can be reached.");
        }
    }

    private static void report(PullResponseItem item, TransferListener listener) {
        String status = item.getStatus();
        if (status == null) {
            return;
        }
        String id = item.getId();
        if (item.getProgressDetail() != null && item.getProgressDetail().getCurrent() != null && id != null) {
            Long total = item.getProgressDetail().getTotal();
            listener.progress(status + " " + id, item.getProgressDetail().getCurrent(),
                    total == null || total <= 0 ? -1 : total);
        } else if (id == null || status.startsWith("Pulling from")) {
            listener.status(id == null ? status : status + " " + id);
        } else if (status.equals("Pull complete") || status.equals("Already exists")) {
            listener.status(id + ": " + status);
        }
    }

    // ---- Registries: pushing (see ImagePusher) ---------------------------------------------------------------------

    @Override
    public void push(String ref, RegistryAuth auth, TransferListener listener, Duration timeout)
            throws InterruptedException {
        new ImagePusher(client, endpoint.host(), errors::engineMessage).push(ref, auth, listener, timeout);
    }

    @Override
    public String createContainer(ContainerSpec spec) {
        return containers.create(spec);
    }

    /**
     * Fills a create request from a spec (see {@link ContainerCalls#createRequest}). Package-private for tests, which
     * build the request without an engine.
     */
    static CreateContainerCmd createRequest(CreateContainerCmd cmd, ContainerSpec spec) {
        return ContainerCalls.createRequest(cmd, spec);
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
        String what = "Importing an image" + (repository == null ? "" : " as '" + repository
                + (tag == null ? "" : ":" + tag) + "'");
        StringBuilder query = new StringBuilder("/images/create?fromSrc=-");
        if (repository != null && !repository.isEmpty()) {
            query.append("&repo=").append(enc(repository));
            query.append("&tag=").append(enc(tag == null || tag.isEmpty() ? "latest" : tag));
        }
        for (String change : changes) {
            query.append("&changes=").append(enc(change));
        }
        if (platform != null && !platform.isEmpty()) {
            query.append("&platform=").append(enc(platform));
        }
        String path = query.toString();
        return streams.streamToEngine(what, tar, body -> {
            try (DockerHttpClient.Response response = engine.send("POST", path, "application/x-tar", body)) {
                if (response.getStatusCode() >= 300) {
                    throw new KilnException(what + " failed at '" + endpoint.host() + "': "
                            + errors.errorText(response) + ".");
                }
                String id = null;
                try (MappingIterator<JsonNode> items = mapper.readerFor(JsonNode.class)
                        .readValues(response.getBody())) {
                    while (items.hasNextValue()) {
                        JsonNode item = items.nextValue();
                        if (item.hasNonNull("error")) {
                            throw new KilnException(what + " failed at '" + endpoint.host() + "': "
                                    + item.path("error").asText() + ".");
                        }
                        String status = item.path("status").asText("");
                        if (status.startsWith("sha256:")) {
                            id = status.trim();
                        }
                    }
                }
                if (id == null) {
                    throw new KilnException(what + " failed at '" + endpoint.host()
                            + "': the engine returned no image ID.");
                }
                return id;
            }
        });
    }

    @Override
    public void saveImage(String ref, OutputStream out) throws InterruptedException {
        String what = "Saving image '" + ref + "'";
        DockerHttpClient.Response response;
        try {
            response = engine.send("GET", "/images/" + enc(ref) + "/get", null, null);
        } catch (RuntimeException e) {
            throw errors.failure(what, e);
        }
        try {
            if (response.getStatusCode() >= 300) {
                throw new KilnException(what + " failed at '" + endpoint.host() + "': " + errors.errorText(response)
                        + ".");
            }
            streams.copy(response.getBody(), out, what);
        } finally {
            response.close();
        }
    }

    @Override
    public List<String> loadImage(TarSource tar) throws InterruptedException {
        String what = "Loading an image archive";
        return streams.streamToEngine(what, tar, body -> {
            try (DockerHttpClient.Response response = engine.send("POST", "/images/load?quiet=1", "application/x-tar",
                    body)) {
                if (response.getStatusCode() >= 300) {
                    throw new KilnException(what + " failed at '" + endpoint.host() + "': "
                            + errors.errorText(response) + ".");
                }
                List<String> loaded = new ArrayList<>();
                try (MappingIterator<JsonNode> items = mapper.readerFor(JsonNode.class)
                        .readValues(response.getBody())) {
                    while (items.hasNextValue()) {
                        JsonNode item = items.nextValue();
                        if (item.hasNonNull("error")) {
                            throw new KilnException(what + " failed at '" + endpoint.host() + "': "
                                    + item.path("error").asText() + ".");
                        }
                        for (String line : item.path("stream").asText("").split("\n")) {
                            if (line.startsWith("Loaded image ID: ")) {
                                loaded.add(line.substring("Loaded image ID: ".length()).trim());
                            } else if (line.startsWith("Loaded image: ")) {
                                loaded.add(line.substring("Loaded image: ".length()).trim());
                            }
                        }
                    }
                }
                return List.copyOf(loaded);
            }
        });
    }

    @Override
    public void tag(String image, String repository, String tag, boolean force) {
        String target = repository + ":" + (tag == null || tag.isEmpty() ? "latest" : tag);
        try {
            client.tagImageCmd(image, repository, tag == null || tag.isEmpty() ? "latest" : tag).withForce(force)
                    .exec();
        } catch (NotFoundException e) {
            throw new KilnException("Tagging image '" + image + "' as '" + target + "' failed at '" + endpoint.host()
                    + "': the image does not exist there.", e);
        } catch (RuntimeException e) {
            throw new KilnException("Tagging image '" + image + "' as '" + target + "' failed at '" + endpoint.host()
                    + "': " + errors.engineMessage(e) + "; check repository and tags (lower-case repository, tags of "
                    + "letters, digits, '_', '.' and '-').", e);
        }
    }

    @Override
    public boolean removeImage(String ref, boolean force) {
        try {
            client.removeImageCmd(ref).withForce(force).withNoPrune(false).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        } catch (RuntimeException e) {
            throw errors.failure("Removing image '" + ref + "'", e);
        }
    }

    @Override
    public void removeContainer(String containerId) {
        containers.remove(containerId);
    }

    @Override
    public List<ContainerSummary> listContainers(String label) {
        return containers.list(label);
    }

    @Override
    public List<ImageSummary> listImages(String label) {
        try {
            var cmd = client.listImagesCmd().withShowAll(false);
            if (label != null) {
                cmd.withLabelFilter(label);
            }
            List<ImageSummary> result = new ArrayList<>();
            for (Image image : cmd.exec()) {
                List<String> tags = image.getRepoTags() == null ? List.of() : Arrays.stream(image.getRepoTags())
                        .filter(t -> !t.equals("<none>:<none>")).toList();
                result.add(new ImageSummary(image.getId(), tags, image.getLabels()));
            }
            return result;
        } catch (RuntimeException e) {
            throw errors.failure("Listing images", e);
        }
    }

    @Override
    public void close() {
        transfers.shutdownNow();
        try {
            client.close();
        } catch (IOException | RuntimeException e) {
            // nothing left to do
        }
    }

    @Override
    public String toString() {
        return "DockerJavaDriver[" + endpoint.host() + "]";
    }

    // ---------------------------------------------------------------------------------------------- plumbing

    private static List<String> list(String[] values) {
        return values == null ? null : Arrays.asList(values);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static String shortId(String id) {
        return EngineErrors.shortId(id);
    }
}
