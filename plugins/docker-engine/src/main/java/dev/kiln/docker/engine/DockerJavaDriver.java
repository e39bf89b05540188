package dev.kiln.docker.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.BindOptions;
import com.github.dockerjava.api.model.BindPropagation;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.Device;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.Driver;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.Link;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.TmpfsOptions;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.api.model.VolumeOptions;
import com.github.dockerjava.api.model.VolumesFrom;
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
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    private static final Duration EXEC_STATUS_WAIT = Duration.ofSeconds(10);
    private static final Duration EXEC_STREAM_GRACE = Duration.ofSeconds(2);
    private static final int PIPE_SIZE = 256 * 1024;
    private static final int COPY_BUFFER = 64 * 1024;

    private final EngineEndpoint endpoint;
    private final DockerHttpClient http;
    private final DockerClient client;
    private final String apiPrefix;
    private final ObjectMapper mapper = new ObjectMapper();
    private final ExecutorService transfers;

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
            throw failure("Inspecting image '" + ref + "'", e);
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
            pull.withAuthConfig(EngineAuth.authConfig(auth, RegistryCredentials.registryOf(image)));
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
                    + engineMessage(e) + "; check the image name and that the registry can be reached.", e);
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
        new ImagePusher(client, endpoint.host(), this::engineMessage).push(ref, auth, listener, timeout);
    }

    @Override
    public String createContainer(ContainerSpec spec) {
        CreateContainerCmd cmd = createRequest(client.createContainerCmd(spec.image()), spec);
        try {
            return cmd.exec().getId();
        } catch (NotFoundException e) {
            throw new KilnException("Creating a container from image '" + spec.image() + "' failed at '"
                    + endpoint.host() + "': " + engineMessage(e) + "; pull the image or set pull: true.", e);
        } catch (RuntimeException e) {
            throw failure("Creating a container from image '" + spec.image() + "'", e);
        }
    }

    /**
     * Fills a create request from a spec: the container side into {@code cmd}, the host side into its
     * {@link HostConfig}. Options not given stay unset, so the engine's defaults apply. Package-private for tests,
     * which build the request without an engine.
     *
     * @param cmd a request for {@code spec.image()}, not yet sent
     * @param spec what to create
     * @return {@code cmd}
     * @throws KilnException naming a value docker-java cannot express, such as an unknown capability
     */
    static CreateContainerCmd createRequest(CreateContainerCmd cmd, ContainerSpec spec) {
        cmd.withTty(spec.tty())
                .withStdinOpen(spec.openStdin())
                .withAttachStdin(false)
                .withAttachStdout(false)
                .withAttachStderr(false)
                .withLabels(spec.labels());
        if (spec.entrypoint() != null) {
            cmd.withEntrypoint(spec.entrypoint());
        }
        if (!spec.cmd().isEmpty()) {
            cmd.withCmd(spec.cmd());
        }
        if (!spec.env().isEmpty()) {
            cmd.withEnv(spec.env());
        }
        if (spec.user() != null) {
            cmd.withUser(spec.user());
        }
        if (spec.workingDir() != null) {
            cmd.withWorkingDir(spec.workingDir());
        }
        if (spec.name() != null) {
            cmd.withName(spec.name());
        }
        if (spec.platform() != null) {
            cmd.withPlatform(spec.platform());
        }
        if (spec.hostname() != null) {
            cmd.withHostName(spec.hostname());
        }
        if (spec.macAddress() != null) {
            cmd.withMacAddress(spec.macAddress());
        }
        if (spec.stopSignal() != null) {
            cmd.withStopSignal(spec.stopSignal());
        }
        if (!spec.exposedPorts().isEmpty()) {
            cmd.withExposedPorts(spec.exposedPorts().stream().map(ExposedPort::parse).toList());
        }
        return cmd.withHostConfig(hostConfig(spec.host()));
    }

    private static HostConfig hostConfig(HostSpec spec) {
        HostConfig host = HostConfig.newHostConfig().withPrivileged(spec.privileged());
        if (!spec.binds().isEmpty()) {
            host.withBinds(spec.binds().stream().map(DockerJavaDriver::parseBind).toList());
        }
        if (!spec.mounts().isEmpty()) {
            host.withMounts(spec.mounts().stream().map(DockerJavaDriver::mount).toList());
        }
        if (!spec.tmpfs().isEmpty()) {
            host.withTmpFs(spec.tmpfs());
        }
        if (!spec.volumesFrom().isEmpty()) {
            host.withVolumesFrom(spec.volumesFrom().stream().map(VolumesFrom::parse).toList());
        }
        if (spec.readOnly()) {
            host.withReadonlyRootfs(true);
        }
        if (!spec.capAdd().isEmpty()) {
            host.withCapAdd(capabilities(spec.capAdd(), "cap_add"));
        }
        if (!spec.capDrop().isEmpty()) {
            host.withCapDrop(capabilities(spec.capDrop(), "cap_drop"));
        }
        if (!spec.securityOpts().isEmpty()) {
            host.withSecurityOpts(spec.securityOpts());
        }
        if (!spec.devices().isEmpty()) {
            host.withDevices(spec.devices().stream().map(DockerJavaDriver::parseDevice).toList());
        }
        if (!spec.gpus().isEmpty()) {
            host.withDeviceRequests(spec.gpus().stream().map(DockerJavaDriver::deviceRequest).toList());
        }
        if (!spec.groupAdd().isEmpty()) {
            host.withGroupAdd(spec.groupAdd());
        }
        if (spec.network() != null) {
            host.withNetworkMode(spec.network());
        }
        if (!spec.portBindings().isEmpty()) {
            Ports ports = new Ports();
            for (HostSpec.PortBinding binding : spec.portBindings()) {
                ports.bind(ExposedPort.parse(binding.containerPort()),
                        new Ports.Binding(binding.hostIp(), binding.hostPort()));
            }
            host.withPortBindings(ports);
        }
        if (spec.publishAll()) {
            host.withPublishAllPorts(true);
        }
        if (!spec.dns().isEmpty()) {
            host.withDns(spec.dns());
        }
        if (!spec.dnsSearch().isEmpty()) {
            host.withDnsSearch(spec.dnsSearch());
        }
        if (!spec.extraHosts().isEmpty()) {
            host.withExtraHosts(spec.extraHosts().toArray(String[]::new));
        }
        if (!spec.links().isEmpty()) {
            host.withLinks(spec.links().stream().map(DockerJavaDriver::link).toList());
        }
        if (spec.shmSize() != null) {
            host.withShmSize(spec.shmSize());
        }
        if (spec.memory() != null) {
            host.withMemory(spec.memory());
        }
        if (spec.memorySwap() != null) {
            host.withMemorySwap(spec.memorySwap());
        }
        if (spec.nanoCpus() != null) {
            host.withNanoCPUs(spec.nanoCpus());
        }
        if (spec.cpuShares() != null) {
            host.withCpuShares(spec.cpuShares());
        }
        if (spec.cpusetCpus() != null) {
            host.withCpusetCpus(spec.cpusetCpus());
        }
        if (spec.pidsLimit() != null) {
            host.withPidsLimit(spec.pidsLimit());
        }
        if (!spec.ulimits().isEmpty()) {
            host.withUlimits(spec.ulimits().stream().map(u -> new Ulimit(u.name(), u.soft(), u.hard())).toList());
        }
        if (spec.oomKillDisable()) {
            host.withOomKillDisable(true);
        }
        if (spec.init() != null) {
            host.withInit(spec.init());
        }
        if (spec.ipc() != null) {
            host.withIpcMode(spec.ipc());
        }
        if (spec.pid() != null) {
            host.withPidMode(spec.pid());
        }
        if (spec.uts() != null) {
            host.withUtSMode(spec.uts());
        }
        if (spec.userns() != null) {
            host.withUsernsMode(spec.userns());
        }
        if (spec.cgroupns() != null) {
            host.withCgroupnsMode(spec.cgroupns());
        }
        if (!spec.sysctls().isEmpty()) {
            host.withSysctls(spec.sysctls());
        }
        if (spec.runtime() != null) {
            host.withRuntime(spec.runtime());
        }
        if (spec.logDriver() != null || !spec.logOptions().isEmpty()) {
            host.withLogConfig(new LogConfig(loggingType(spec.logDriver()),
                    spec.logOptions().isEmpty() ? null : spec.logOptions()));
        }
        return host;
    }

    private static Bind parseBind(String bind) {
        try {
            return Bind.parse(bind);
        } catch (RuntimeException e) {
            throw new KilnException("Volume '" + bind + "' is not 'host-path:container-path[:options]': "
                    + rootMessage(e) + "; correct volumes or the -v flag in run_command.", e);
        }
    }

    private static Device parseDevice(String device) {
        String[] parts = device.split(":", -1);
        String onHost = parts[0];
        String inContainer = parts.length > 1 && !parts[1].isEmpty() ? parts[1] : onHost;
        String permissions = parts.length > 2 && !parts[2].isEmpty() ? parts[2] : "rwm";
        if (parts.length > 3 || onHost.isEmpty()) {
            throw new KilnException("Device '" + device + "' is not 'host-path[:container-path[:permissions]]'; "
                    + "correct device or the --device flag in run_command.");
        }
        return new Device(permissions, inContainer, onHost);
    }

    private static Capability[] capabilities(List<String> names, String option) {
        Capability[] caps = new Capability[names.size()];
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).trim().toUpperCase(Locale.ROOT);
            if (name.startsWith("CAP_")) {
                name = name.substring(4);
            }
            try {
                caps[i] = Capability.valueOf(name);
            } catch (IllegalArgumentException e) {
                throw new KilnException(option + ": capability '" + names.get(i) + "' is unknown; use a Linux "
                        + "capability name such as 'NET_ADMIN' or 'SYS_PTRACE', or 'ALL'.", e);
            }
        }
        return caps;
    }

    private static Mount mount(HostSpec.Mount m) {
        Mount mount = new Mount().withType(MountType.valueOf(m.type().toUpperCase(Locale.ROOT)))
                .withSource(m.source()).withTarget(m.target());
        if (m.readOnly()) {
            mount.withReadOnly(true);
        }
        if (m.bindPropagation() != null) {
            String name = m.bindPropagation().toUpperCase(Locale.ROOT);
            name = name.startsWith("R") ? "R_" + name.substring(1) : name; // rslave is R_SLAVE
            mount.withBindOptions(new BindOptions().withPropagation(BindPropagation.valueOf(name)));
        }
        if (m.volumeNoCopy() || !m.volumeLabels().isEmpty() || m.volumeDriver() != null
                || !m.volumeDriverOptions().isEmpty()) {
            VolumeOptions volume = new VolumeOptions();
            if (m.volumeNoCopy()) {
                volume.withNoCopy(true);
            }
            if (!m.volumeLabels().isEmpty()) {
                volume.withLabels(m.volumeLabels());
            }
            if (m.volumeDriver() != null || !m.volumeDriverOptions().isEmpty()) {
                volume.withDriverConfig(new Driver().withName(m.volumeDriver())
                        .withOptions(m.volumeDriverOptions().isEmpty() ? null : m.volumeDriverOptions()));
            }
            mount.withVolumeOptions(volume);
        }
        if (m.tmpfsSize() != null || m.tmpfsMode() != null) {
            mount.withTmpfsOptions(new TmpfsOptions().withSizeBytes(m.tmpfsSize()).withMode(m.tmpfsMode()));
        }
        return mount;
    }

    private static DeviceRequest deviceRequest(HostSpec.GpuRequest gpu) {
        return new DeviceRequest().withDriver(gpu.driver()).withCount(gpu.count())
                .withDeviceIds(gpu.deviceIds().isEmpty() ? null : gpu.deviceIds())
                .withCapabilities(List.of(gpu.capabilities())).withOptions(gpu.options());
    }

    private static Link link(String link) {
        int colon = link.indexOf(':');
        return colon < 0 ? new Link(link, link) : new Link(link.substring(0, colon), link.substring(colon + 1));
    }

    /** The log drivers the engine client can send ({@code --log-driver}); others cannot be expressed. */
    public static final List<String> LOG_DRIVERS = Arrays.stream(LogConfig.LoggingType.values())
            .map(LogConfig.LoggingType::getType).toList();

    /**
     * Why {@code driver} cannot be sent, or null when it can.
     *
     * @param driver a {@code --log-driver} value
     * @return the problem, phrased for run_command, or null
     */
    public static String logDriverProblem(String driver) {
        return LOG_DRIVERS.contains(driver) ? null : "Log driver '" + driver + "' is not one Kiln's engine client can "
                + "send; use one of " + String.join(", ", LOG_DRIVERS) + " in the --log-driver flag of run_command, "
                + "or drop it.";
    }

    private static LogConfig.LoggingType loggingType(String driver) {
        if (driver == null) {
            return null;
        }
        String problem = logDriverProblem(driver);
        if (problem != null) {
            throw new KilnException(problem);
        }
        return LogConfig.LoggingType.fromValue(driver);
    }

    @Override
    public void startContainer(String containerId) {
        try {
            client.startContainerCmd(containerId).exec();
        } catch (RuntimeException e) {
            throw new KilnException("Starting container '" + shortId(containerId) + "' failed at '" + endpoint.host()
                    + "': " + engineMessage(e) + "; check run_command (entrypoint, user, volumes) against the image.",
                    e);
        }
    }

    @Override
    public Optional<ContainerInfo> inspectContainer(String containerId) {
        InspectContainerResponse container;
        try {
            container = client.inspectContainerCmd(containerId).exec();
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw failure("Inspecting container '" + shortId(containerId) + "'", e);
        }
        boolean running = container.getState() != null && Boolean.TRUE.equals(container.getState().getRunning());
        ContainerConfig config = container.getConfig();
        return Optional.of(new ContainerInfo(container.getId(), running, config == null ? "" : config.getUser(),
                config == null ? null : config.getImage(), config == null ? Map.of() : config.getLabels()));
    }

    @Override
    public int exec(String containerId, List<String> command, String user, boolean tty, OutputListener output)
            throws InterruptedException {
        String what = "Running '" + String.join(" ", command) + "' in container '" + shortId(containerId) + "'";
        ExecCreateCmdResponse created;
        try {
            created = client.execCreateCmd(containerId)
                    .withCmd(command.toArray(String[]::new))
                    .withUser(blankToNull(user))
                    .withAttachStdin(false)
                    .withAttachStdout(true)
                    .withAttachStderr(true)
                    .withTty(tty)
                    .exec();
        } catch (RuntimeException e) {
            throw failure(what, e);
        }
        String execId = created.getId();
        LineSplitter stdout = new LineSplitter(output::stdout);
        LineSplitter stderr = new LineSplitter(output::stderr);
        StreamCallback<Frame> callback = new StreamCallback<>() {
            @Override
            public void onNext(Frame frame) {
                synchronized (this) { // the splitters are finished under the same lock
                    switch (frame.getStreamType()) {
                        case STDERR:
                            stderr.accept(frame.getPayload());
                            break;
                        case STDOUT:
                        case RAW:
                            stdout.accept(frame.getPayload());
                            break;
                        default:
                            break;
                    }
                }
            }
        };
        try {
            client.execStartCmd(execId).withDetach(false).withTty(tty).exec(callback);
            awaitExecStream(execId, callback);
        } catch (InterruptedException e) {
            closeQuietly(callback);
            throw e;
        } catch (KilnException e) {
            closeQuietly(callback);
            throw e;
        } catch (RuntimeException e) {
            closeQuietly(callback);
            throw failure(what, e);
        }
        synchronized (callback) {
            stdout.finish();
            stderr.finish();
        }
        return exitCode(execId, what);
    }

    /**
     * Waits for the command's output to end, however long the command runs: Kiln sets no limit of its own (the
     * provisioner's {@code timeout} and cancellation interrupt this thread). Every two seconds it asks whether the
     * command itself has ended; once it has, it waits at most a short grace for the stream.
     */
    private void awaitExecStream(String execId, StreamCallback<Frame> callback) throws InterruptedException {
        int slices = 0;
        while (!callback.awaitEnd(1, TimeUnit.SECONDS)) {
            if (++slices % 2 == 0 && !isExecRunning(execId)) {
                // The command ended but something it started in the background still holds its output open.
                if (!callback.awaitEnd(EXEC_STREAM_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    closeQuietly(callback);
                }
                return;
            }
        }
    }

    private boolean isExecRunning(String execId) {
        InspectExecResponse exec = client.inspectExecCmd(execId).exec();
        return Boolean.TRUE.equals(exec.isRunning());
    }

    private int exitCode(String execId, String what) throws InterruptedException {
        long deadline = System.nanoTime() + EXEC_STATUS_WAIT.toNanos();
        long pause = 10;
        while (true) {
            InspectExecResponse exec;
            try {
                exec = client.inspectExecCmd(execId).exec();
            } catch (RuntimeException e) {
                throw failure(what, e);
            }
            if (!Boolean.TRUE.equals(exec.isRunning()) && exec.getExitCodeLong() != null) {
                return exec.getExitCodeLong().intValue();
            }
            if (System.nanoTime() > deadline) {
                throw new KilnException(what + ": its output ended but the engine reported no exit status within "
                        + EXEC_STATUS_WAIT.toSeconds() + " s; check the engine's health ('docker info').");
            }
            TimeUnit.MILLISECONDS.sleep(pause);
            pause = Math.min(pause * 2, 200);
        }
    }

    @Override
    public Optional<PathStat> statPath(String containerId, String path) {
        String what = "Looking up '" + path + "' in container '" + shortId(containerId) + "'";
        try (DockerHttpClient.Response response = send("HEAD",
                "/containers/" + enc(containerId) + "/archive?path=" + enc(path), null, null)) {
            int status = response.getStatusCode();
            if (status == 404) {
                String header = header(response, "X-Docker-Container-Path-Stat");
                if (header == null && inspectContainer(containerId).isEmpty()) {
                    throw new KilnException(what + " failed at '" + endpoint.host() + "': the container is gone.");
                }
                return Optional.empty();
            }
            if (status >= 300) {
                throw new KilnException(what + " failed at '" + endpoint.host() + "': the engine answered HTTP "
                        + status + ".");
            }
            String header = header(response, "X-Docker-Container-Path-Stat");
            if (header == null) {
                throw new KilnException(what + " failed at '" + endpoint.host()
                        + "': the engine sent no path information; is it a Docker engine?");
            }
            JsonNode stat = mapper.readTree(Base64.getDecoder().decode(header.trim()));
            long mode = stat.path("mode").asLong();
            boolean directory = (mode & (1L << 31)) != 0;
            boolean symlink = (mode & (1L << 27)) != 0;
            return Optional.of(new PathStat(stat.path("name").asText(), stat.path("size").asLong(), directory,
                    symlink, stat.path("linkTarget").asText("")));
        } catch (IOException | RuntimeException e) {
            if (e instanceof KilnException) {
                throw (KilnException) e;
            }
            throw failure(what, e);
        }
    }

    @Override
    public void copyToContainer(String containerId, String directory, TarSource tar) throws InterruptedException {
        String what = "Copying into '" + directory + "' of container '" + shortId(containerId) + "'";
        streamToEngine(what, tar, body -> {
            client.copyArchiveToContainerCmd(containerId)
                    .withRemotePath(directory)
                    .withTarInputStream(body)
                    .withNoOverwriteDirNonDir(false)
                    .exec();
            return null;
        });
    }

    @Override
    public InputStream copyFromContainer(String containerId, String path) {
        try {
            return client.copyArchiveFromContainerCmd(containerId, path).exec();
        } catch (NotFoundException e) {
            throw new KilnException("Copying '" + path + "' from container '" + shortId(containerId)
                    + "' failed: there is no such file or directory in the container.", e);
        } catch (RuntimeException e) {
            throw failure("Copying '" + path + "' from container '" + shortId(containerId) + "'", e);
        }
    }

    @Override
    public String commit(String containerId, CommitSpec spec) {
        String what = "Committing container '" + shortId(containerId) + "'";
        JsonNode container = rawJson("GET", "/containers/" + enc(containerId) + "/json", what);
        ObjectNode config = container.path("Config").isObject()
                ? ((ObjectNode) container.get("Config")).deepCopy() : mapper.createObjectNode();
        // Run-time only settings must not become the image's defaults.
        for (String field : List.of("Hostname", "Domainname", "Image", "NetworkDisabled", "MacAddress")) {
            config.remove(field);
        }
        for (String field : List.of("AttachStdin", "AttachStdout", "AttachStderr", "Tty", "OpenStdin", "StdinOnce")) {
            config.put(field, false);
        }
        // The engine merges this body with the container's config (moby daemon/commit.go): a null Entrypoint is
        // filled in from the container, an empty one stays empty. So null only when the container has none either.
        boolean containerHasEntrypoint = config.path("Entrypoint").isArray() && !config.path("Entrypoint").isEmpty();
        boolean none = spec.entrypoint() == null || spec.entrypoint().isEmpty();
        if (none && !containerHasEntrypoint) {
            config.putNull("Entrypoint");
        } else {
            config.set("Entrypoint", array(spec.entrypoint() == null ? List.of() : spec.entrypoint()));
        }
        if (spec.cmd() == null || spec.cmd().isEmpty()) {
            config.putNull("Cmd");
        } else {
            config.set("Cmd", array(spec.cmd()));
        }
        ObjectNode labels = config.path("Labels").isObject() ? (ObjectNode) config.get("Labels")
                : config.putObject("Labels");
        if (labels.has(BUILD_LABEL)) {
            // The merge copies every container label into the image and cannot delete one; an empty value keeps
            // containers run from this image out of 'label=dev.kiln.build=true' leftover searches.
            labels.put(BUILD_LABEL, "");
        }
        StringBuilder query = new StringBuilder("/commit?container=").append(enc(containerId)).append("&pause=true");
        if (spec.author() != null && !spec.author().isEmpty()) {
            query.append("&author=").append(enc(spec.author()));
        }
        if (spec.message() != null && !spec.message().isEmpty()) {
            query.append("&comment=").append(enc(spec.message()));
        }
        for (String change : spec.changes()) {
            query.append("&changes=").append(enc(change));
        }
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(config);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
        JsonNode answer;
        try (DockerHttpClient.Response response = send("POST", query.toString(), "application/json",
                new java.io.ByteArrayInputStream(body))) {
            answer = readAnswer(response, what, "check changes (only CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, "
                    + "USER, VOLUME, WORKDIR and MAINTAINER are allowed)");
        } catch (IOException | RuntimeException e) {
            if (e instanceof KilnException) {
                throw (KilnException) e;
            }
            throw failure(what, e);
        }
        String id = answer.path("Id").asText("");
        if (id.isEmpty()) {
            throw new KilnException(what + " failed at '" + endpoint.host() + "': the engine returned no image ID.");
        }
        return id;
    }

    @Override
    public void exportContainer(String containerId, OutputStream out) throws InterruptedException {
        String what = "Exporting container '" + shortId(containerId) + "'";
        InputStream in;
        try {
            in = client.exportContainerCmd(containerId).exec();
        } catch (RuntimeException e) {
            throw failure(what, e);
        }
        copy(in, out, what);
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
        return streamToEngine(what, tar, body -> {
            try (DockerHttpClient.Response response = send("POST", path, "application/x-tar", body)) {
                if (response.getStatusCode() >= 300) {
                    throw new KilnException(what + " failed at '" + endpoint.host() + "': "
                            + errorText(response) + ".");
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
            response = send("GET", "/images/" + enc(ref) + "/get", null, null);
        } catch (RuntimeException e) {
            throw failure(what, e);
        }
        try {
            if (response.getStatusCode() >= 300) {
                throw new KilnException(what + " failed at '" + endpoint.host() + "': " + errorText(response) + ".");
            }
            copy(response.getBody(), out, what);
        } finally {
            response.close();
        }
    }

    @Override
    public List<String> loadImage(TarSource tar) throws InterruptedException {
        String what = "Loading an image archive";
        return streamToEngine(what, tar, body -> {
            try (DockerHttpClient.Response response = send("POST", "/images/load?quiet=1", "application/x-tar",
                    body)) {
                if (response.getStatusCode() >= 300) {
                    throw new KilnException(what + " failed at '" + endpoint.host() + "': "
                            + errorText(response) + ".");
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
                    + "': " + engineMessage(e) + "; check repository and tags (lower-case repository, tags of "
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
            throw failure("Removing image '" + ref + "'", e);
        }
    }

    @Override
    public void removeContainer(String containerId) {
        try {
            client.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            // already gone
        } catch (RuntimeException e) {
            if (e instanceof DockerException && ((DockerException) e).getHttpStatus() == 409
                    && engineMessage(e).contains("already in progress")) {
                return;
            }
            throw failure("Removing container '" + shortId(containerId) + "'", e);
        }
    }

    @Override
    public List<ContainerSummary> listContainers(String label) {
        try {
            var cmd = client.listContainersCmd().withShowAll(true);
            if (label != null) {
                cmd.withLabelFilter(List.of(label));
            }
            List<ContainerSummary> result = new ArrayList<>();
            for (Container c : cmd.exec()) {
                result.add(new ContainerSummary(c.getId(), c.getImage(), c.getState(), c.getLabels()));
            }
            return result;
        } catch (RuntimeException e) {
            throw failure("Listing containers", e);
        }
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
            throw failure("Listing images", e);
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

    /**
     * Runs {@code request} on a transfer thread, reading from a pipe, while {@code tar} writes into the pipe on this
     * thread, so nothing is held in memory whole and interrupting this thread aborts the transfer.
     */
    private <T> T streamToEngine(String what, TarSource tar, StreamRequest<T> request) throws InterruptedException {
        PipedInputStream in = new PipedInputStream(PIPE_SIZE);
        PipedOutputStream out;
        try {
            out = new PipedOutputStream(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot connect a pipe", e);
        }
        Future<T> result = transfers.submit(() -> {
            try (InputStream body = in) {
                return request.send(body);
            }
        });
        IOException writeFailure = null;
        try {
            tar.writeTo(out);
            // Only a complete archive ends the stream. On a failure the pipe is left open and the transfer thread is
            // interrupted instead, so the request is aborted rather than sent as if half an archive were all of it.
            out.close();
        } catch (InterruptedIOException e) {
            result.cancel(true);
            Thread.interrupted(); // the exception below reports the interruption
            throw new InterruptedException(what + " was interrupted");
        } catch (InterruptedException e) {
            result.cancel(true);
            throw e;
        } catch (IOException e) {
            writeFailure = e;
        } catch (RuntimeException e) {
            result.cancel(true);
            throw e;
        }
        if (writeFailure != null) {
            // The pipe breaks when the engine refused the request: its error is the one to report. When the archive
            // itself failed (a local file unreadable), the transfer thread still waits for more: cancel it below.
            try {
                result.get(2, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw unwrap(what, e);
            } catch (TimeoutException e) {
                result.cancel(true);
            }
            result.cancel(true);
            throw new KilnException(what + " failed: " + writeFailure.getMessage() + ".", writeFailure);
        }
        try {
            while (true) {
                try {
                    return result.get(1, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    // keep waiting for the engine to finish reading and answer; interruption ends the wait
                }
            }
        } catch (InterruptedException e) {
            result.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw unwrap(what, e);
        }
    }

    private KilnException unwrap(String what, ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof KilnException) {
            return (KilnException) cause;
        }
        return failure(what, cause);
    }

    @FunctionalInterface
    private interface StreamRequest<T> {
        T send(InputStream body) throws Exception;
    }

    private void copy(InputStream in, OutputStream out, String what) throws InterruptedException {
        byte[] buffer = new byte[COPY_BUFFER];
        try (InputStream source = in) {
            int n;
            while ((n = source.read(buffer)) >= 0) {
                if (Thread.interrupted()) {
                    throw new InterruptedException(what + " was interrupted");
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new KilnException(what + " failed at '" + endpoint.host() + "': " + rootMessage(e)
                    + "; check free disk space and the engine's health.", e);
        }
    }

    private DockerHttpClient.Response send(String method, String pathAndQuery, String contentType, InputStream body) {
        DockerHttpClient.Request.Builder builder = DockerHttpClient.Request.builder()
                .method(method)
                .path(apiPrefix + pathAndQuery);
        if (contentType != null) {
            builder.putHeader("Content-Type", contentType);
        }
        if (body != null) {
            builder.body(body);
        }
        return http.execute(builder.build());
    }

    private JsonNode rawJson(String method, String path, String what) {
        try (DockerHttpClient.Response response = send(method, path, null, null)) {
            return readAnswer(response, what, null);
        } catch (IOException | RuntimeException e) {
            if (e instanceof KilnException) {
                throw (KilnException) e;
            }
            throw failure(what, e);
        }
    }

    private JsonNode readAnswer(DockerHttpClient.Response response, String what, String hint) throws IOException {
        if (response.getStatusCode() >= 300) {
            String text = errorText(response);
            throw new KilnException(what + " failed at '" + endpoint.host() + "': " + text
                    + (hint == null || response.getStatusCode() != 400 ? "" : "; " + hint) + ".");
        }
        return mapper.readTree(response.getBody());
    }

    private String errorText(DockerHttpClient.Response response) {
        try {
            byte[] bytes = response.getBody().readNBytes(64 * 1024);
            String text = new String(bytes, StandardCharsets.UTF_8).trim();
            return messageOf(text, response.getStatusCode());
        } catch (IOException e) {
            return "HTTP " + response.getStatusCode();
        }
    }

    private String messageOf(String body, int status) {
        try {
            JsonNode node = mapper.readTree(body);
            if (node != null && node.hasNonNull("message")) {
                return node.get("message").asText();
            }
        } catch (IOException e) {
            // not JSON
        }
        return body.isEmpty() ? "HTTP " + status : body;
    }

    private static String header(DockerHttpClient.Response response, String name) {
        for (Map.Entry<String, List<String>> entry : response.getHeaders().entrySet()) {
            if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                return entry.getValue().get(0);
            }
        }
        return null;
    }

    private KilnException failure(String what, Throwable e) {
        return new KilnException(what + " failed at '" + endpoint.host() + "': " + engineMessage(e) + ".", e);
    }

    private String engineMessage(Throwable e) {
        if (e instanceof DockerException) {
            String message = String.valueOf(e.getMessage());
            int colon = message.indexOf(": ");
            String body = message.startsWith("Status ") && colon > 0 ? message.substring(colon + 2).trim() : message;
            return messageOf(body, ((DockerException) e).getHttpStatus());
        }
        String root = rootMessage(e);
        if (root.contains("No such file or directory") || root.contains("Connection refused")) {
            return "the engine does not answer (" + root + "); " + endpoint.hint();
        }
        return root;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message.trim();
    }

    private ArrayNode array(List<String> values) {
        ArrayNode array = mapper.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    private static List<String> list(String[] values) {
        return values == null ? null : Arrays.asList(values);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String shortId(String id) {
        String bare = id.startsWith("sha256:") ? id.substring(7) : id;
        return bare.length() > 12 ? bare.substring(0, 12) : bare;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing only stops the stream
        }
    }
}
