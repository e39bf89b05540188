package dev.kiln.docker.engine;

import static dev.kiln.docker.engine.EngineErrors.rootMessage;
import static dev.kiln.docker.engine.EngineErrors.shortId;
import static dev.kiln.docker.engine.EngineHttp.enc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
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
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Link;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.TmpfsOptions;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.api.model.VolumeOptions;
import com.github.dockerjava.api.model.VolumesFrom;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.kiln.api.KilnException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Container calls: create (translating a spec into docker-java's request), start, inspect, commit, remove, list. */
final class ContainerCalls {

    private final DockerClient client;
    private final EngineRef endpoint;
    private final EngineHttp engine;
    private final EngineErrors errors;
    private final ObjectMapper mapper;

    ContainerCalls(DockerClient client, EngineRef endpoint, EngineHttp engine, EngineErrors errors) {
        this.client = client;
        this.endpoint = endpoint;
        this.engine = engine;
        this.errors = errors;
        this.mapper = engine.mapper();
    }

    /** Creates a container as {@link DockerDriver#createContainer} describes. */
    String create(ContainerSpec spec) {
        CreateContainerCmd cmd = createRequest(client.createContainerCmd(spec.image()), spec);
        try {
            return cmd.exec().getId();
        } catch (NotFoundException e) {
            throw new KilnException("Creating a container from image '" + spec.image() + "' failed at '"
                    + endpoint.host() + "': " + errors.engineMessage(e) + "; pull the image or set pull: true.", e);
        } catch (RuntimeException e) {
            throw errors.failure("Creating a container from image '" + spec.image() + "'", e);
        }
    }

    /**
     * Fills a create request from a spec: the container side into {@code cmd}, the host side into its
     * {@link HostConfig}. Options not given stay unset, so the engine's defaults apply. Static, so tests build the
     * request without an engine (through {@link DockerJavaDriver#createRequest}).
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
            host.withBinds(spec.binds().stream().map(ContainerCalls::parseBind).toList());
        }
        if (!spec.mounts().isEmpty()) {
            host.withMounts(spec.mounts().stream().map(ContainerCalls::mount).toList());
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
            host.withDevices(spec.devices().stream().map(ContainerCalls::parseDevice).toList());
        }
        if (!spec.gpus().isEmpty()) {
            host.withDeviceRequests(spec.gpus().stream().map(ContainerCalls::deviceRequest).toList());
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
            host.withLinks(spec.links().stream().map(ContainerCalls::link).toList());
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
    static final List<String> LOG_DRIVERS = Arrays.stream(LogConfig.LoggingType.values())
            .map(LogConfig.LoggingType::getType).toList();

    /**
     * Why {@code driver} cannot be sent, or null when it can.
     *
     * @param driver a {@code --log-driver} value
     * @return the problem, phrased for run_command, or null
     */
    static String logDriverProblem(String driver) {
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

    /** Starts a created container. */
    void start(String containerId) {
        try {
            client.startContainerCmd(containerId).exec();
        } catch (RuntimeException e) {
            if (EngineErrors.noAnswer(e)) {
                throw errors.failure("Starting container '" + shortId(containerId) + "'", e);
            }
            throw new KilnException("Starting container '" + shortId(containerId) + "' failed at '" + endpoint.host()
                    + "': " + errors.engineMessage(e) + "; check run_command (entrypoint, user, volumes) against the "
                    + "image.", e);
        }
    }

    /** What the engine says of a container, or empty when there is no such container. */
    Optional<ContainerInfo> inspect(String containerId) {
        InspectContainerResponse container;
        try {
            container = client.inspectContainerCmd(containerId).exec();
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw errors.failure("Inspecting container '" + shortId(containerId) + "'", e);
        }
        boolean running = container.getState() != null && Boolean.TRUE.equals(container.getState().getRunning());
        ContainerConfig config = container.getConfig();
        return Optional.of(new ContainerInfo(container.getId(), running, config == null ? "" : config.getUser(),
                config == null ? null : config.getImage(), config == null ? Map.of() : config.getLabels()));
    }

    /** Commits a container through a raw request, because docker-java has no {@code changes} on commit. */
    String commit(String containerId, CommitSpec spec) {
        String what = "Committing container '" + shortId(containerId) + "'";
        JsonNode container = engine.rawJson("GET", "/containers/" + enc(containerId) + "/json", what);
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
        try (DockerHttpClient.Response response = engine.send("POST", query.toString(), "application/json",
                new java.io.ByteArrayInputStream(body))) {
            answer = engine.readAnswer(response, what, "check changes (only CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, "
                    + "ONBUILD, USER, VOLUME, WORKDIR and MAINTAINER are allowed)");
        } catch (IOException | RuntimeException e) {
            if (e instanceof KilnException) {
                throw (KilnException) e;
            }
            throw errors.failure(what, e);
        }
        String id = answer.path("Id").asText("");
        if (id.isEmpty()) {
            throw new KilnException(what + " failed at '" + endpoint.host() + "': the engine returned no image ID.");
        }
        return id;
    }

    /** Kills and removes a container with its volumes; one already gone, or already being removed, is fine. */
    void remove(String containerId) {
        try {
            client.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            // already gone
        } catch (RuntimeException e) {
            if (e instanceof DockerException && ((DockerException) e).getHttpStatus() == 409
                    && errors.engineMessage(e).contains("already in progress")) {
                return;
            }
            throw errors.failure("Removing container '" + shortId(containerId) + "'", e);
        }
    }

    /**
     * Lists containers in every state, optionally only those with {@code label}, or whose name begins with
     * {@code namePrefix}.
     */
    List<ContainerSummary> list(String label, String namePrefix) {
        try {
            var cmd = client.listContainersCmd().withShowAll(true);
            if (label != null) {
                cmd.withLabelFilter(List.of(label));
            }
            if (namePrefix != null && namePrefix.matches("[A-Za-z0-9_.-]+")) {
                cmd.withNameFilter(List.of(namePrefix)); // a regex that finds a few more: the check below decides
            }
            List<ContainerSummary> result = new ArrayList<>();
            for (Container c : cmd.exec()) {
                String[] names = c.getNames();
                String name = names == null || names.length == 0 ? "" : names[0];
                ContainerSummary summary = new ContainerSummary(c.getId(), c.getImage(), c.getState(), c.getLabels(),
                        name);
                if (namePrefix == null || summary.name().startsWith(namePrefix)) { // the engine's filter is a regex
                    result.add(summary);
                }
            }
            return result;
        } catch (RuntimeException e) {
            throw errors.failure("Listing containers", e);
        }
    }

    private ArrayNode array(List<String> values) {
        ArrayNode array = mapper.createArrayNode();
        values.forEach(array::add);
        return array;
    }
}
