package dev.kiln.docker.engine;

import static dev.kiln.docker.engine.EngineErrors.rootMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.BindOptions;
import com.github.dockerjava.api.model.BindPropagation;
import com.github.dockerjava.api.model.Capability;
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
import dev.kiln.api.KilnException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.command.CreateContainerCmdImpl;

/**
 * The oracle for {@link ContainerCalls#createRequest}: how the driver filled docker-java's {@link CreateContainerCmd}
 * from a spec before it sent raw requests, and the JSON docker-java's mapper made of it, without its null fields.
 * The raw request must be the same JSON ({@code CreateRequestTest}).
 */
final class DockerJavaCreateRequests {

    private static final ObjectMapper MAPPER = DefaultDockerClientConfig.createDefaultConfigBuilder()
            .withDockerHost("unix:///var/run/docker.sock").build().getObjectMapper();

    private DockerJavaCreateRequests() {
    }

    /** The body docker-java sent for {@code spec}, null fields left out (the engine reads them as absent). */
    static ObjectNode json(ContainerSpec spec) {
        CreateContainerCmdImpl cmd = new CreateContainerCmdImpl(request -> {
            throw new UnsupportedOperationException("not sent: no engine in unit tests");
        }, null, spec.image());
        try {
            ObjectNode tree = (ObjectNode) MAPPER.readTree(MAPPER.writeValueAsString(fill(cmd, spec)));
            dropNulls(tree);
            return tree;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("docker-java's request does not serialise", e);
        }
    }

    private static void dropNulls(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(object.properties().stream().filter(e -> e.getValue().isNull()).map(Map.Entry::getKey)
                    .toList());
            object.forEach(DockerJavaCreateRequests::dropNulls);
        } else if (node.isArray()) {
            node.forEach(DockerJavaCreateRequests::dropNulls);
        }
    }

    /**
     * Fills a create request from a spec: the container side into {@code cmd}, the host side into its
     * {@link HostConfig}. Options not given stay unset, so the engine's defaults apply. Static, so tests build the
     * request without an engine.
     *
     * @param cmd a request for {@code spec.image()}, not yet sent
     * @param spec what to create
     * @return {@code cmd}
     * @throws KilnException naming a value docker-java cannot express, such as an unknown capability
     */
    static CreateContainerCmd fill(CreateContainerCmd cmd, ContainerSpec spec) {
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
            host.withBinds(spec.binds().stream().map(DockerJavaCreateRequests::parseBind).toList());
        }
        if (!spec.mounts().isEmpty()) {
            host.withMounts(spec.mounts().stream().map(DockerJavaCreateRequests::mount).toList());
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
            host.withDevices(spec.devices().stream().map(DockerJavaCreateRequests::parseDevice).toList());
        }
        if (!spec.gpus().isEmpty()) {
            host.withDeviceRequests(spec.gpus().stream().map(DockerJavaCreateRequests::deviceRequest).toList());
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
            host.withLinks(spec.links().stream().map(DockerJavaCreateRequests::link).toList());
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

    private static LogConfig.LoggingType loggingType(String driver) {
        if (driver == null) {
            return null;
        }
        String problem = ContainerCalls.logDriverProblem(driver);
        if (problem != null) {
            throw new KilnException(problem);
        }
        return LogConfig.LoggingType.fromValue(driver);
    }
}
