package dev.kiln.docker.engine;

import static dev.kiln.docker.engine.EngineErrors.rootMessage;
import static dev.kiln.docker.engine.EngineErrors.shortId;
import static dev.kiln.docker.engine.EngineHttp.enc;
import static dev.kiln.docker.engine.EngineHttp.stringMap;
import static dev.kiln.docker.engine.EngineHttp.strings;
import static dev.kiln.docker.engine.EngineHttp.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.BindPropagation;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.MountType;
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

/** Container calls: create (translating a spec into the engine's JSON), start, inspect, commit, remove, list. */
final class ContainerCalls {

    /** Makes the request trees: a node factory; {@link JsonTrees} writes them. */
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final EngineRef endpoint;
    private final EngineHttp engine;
    private final EngineErrors errors;

    ContainerCalls(EngineRef endpoint, EngineHttp engine, EngineErrors errors) {
        this.endpoint = endpoint;
        this.engine = engine;
        this.errors = errors;
    }

    /** Creates a container as {@link DockerDriver#createContainer} describes. */
    String create(ContainerSpec spec) {
        String what = "Creating a container from image '" + spec.image() + "'";
        StringBuilder path = new StringBuilder("/containers/create");
        if (spec.name() != null) {
            path.append("?name=").append(enc(spec.name()));
        }
        if (spec.platform() != null) {
            path.append(spec.name() != null ? '&' : '?').append("platform=").append(enc(spec.platform()));
        }
        EngineHttp.Answer answer = engine.call("POST", path.toString(), createRequest(spec), what);
        if (answer.status() == 404) {
            throw new KilnException(what + " failed at '" + endpoint.host() + "': " + answer.message()
                    + "; pull the image or set pull: true.");
        }
        if (!answer.ok()) {
            throw answer.failure(what);
        }
        String id = answer.json(what).path("Id").asText("");
        if (id.isEmpty()) {
            throw new KilnException(what + " failed at '" + endpoint.host()
                    + "': the engine returned no container ID.");
        }
        return id;
    }

    /**
     * The body of a create request for a spec (the name and platform go in the query): the container side at the
     * top, the host side in {@code HostConfig}, as docker-java 3.7.1 sent it, without its null fields. Options not
     * given stay unset, so the engine's defaults apply. Static, so tests build the request without an engine.
     *
     * @param spec what to create
     * @return the JSON body of {@code POST /containers/create}
     * @throws KilnException naming a value that cannot be sent, such as an unknown capability
     */
    static ObjectNode createRequest(ContainerSpec spec) {
        ObjectNode body = JSON.objectNode();
        putText(body, "Hostname", spec.hostname());
        putText(body, "User", spec.user());
        body.put("AttachStdin", false).put("AttachStdout", false).put("AttachStderr", false)
                .put("Tty", spec.tty()).put("OpenStdin", spec.openStdin());
        if (!spec.env().isEmpty()) {
            putStrings(body, "Env", spec.env());
        }
        if (!spec.cmd().isEmpty()) {
            putStrings(body, "Cmd", spec.cmd());
        }
        if (spec.entrypoint() != null) {
            putStrings(body, "Entrypoint", spec.entrypoint());
        }
        body.put("Image", spec.image());
        body.putObject("Volumes");
        putText(body, "WorkingDir", spec.workingDir());
        putText(body, "MacAddress", spec.macAddress());
        ObjectNode exposed = body.putObject("ExposedPorts");
        for (String port : spec.exposedPorts()) {
            exposed.putObject(ExposedPort.parse(port).toString());
        }
        putText(body, "StopSignal", spec.stopSignal());
        body.set("HostConfig", hostConfig(spec.host()));
        putMap(body, "Labels", spec.labels());
        return body;
    }

    private static ObjectNode hostConfig(HostSpec spec) {
        ObjectNode host = JSON.objectNode();
        if (!spec.binds().isEmpty()) {
            putStrings(host, "Binds", spec.binds().stream().map(b -> parseBind(b).toString()).toList());
        }
        if (spec.nanoCpus() != null) {
            host.put("NanoCpus", spec.nanoCpus());
        }
        if (!spec.capAdd().isEmpty()) {
            putStrings(host, "CapAdd", capabilities(spec.capAdd(), "cap_add"));
        }
        if (!spec.capDrop().isEmpty()) {
            putStrings(host, "CapDrop", capabilities(spec.capDrop(), "cap_drop"));
        }
        if (spec.cpuShares() != null) {
            host.put("CpuShares", spec.cpuShares());
        }
        putText(host, "CpusetCpus", spec.cpusetCpus());
        if (!spec.devices().isEmpty()) {
            ArrayNode devices = host.putArray("Devices");
            spec.devices().forEach(device -> devices.add(parseDevice(device)));
        }
        if (!spec.gpus().isEmpty()) {
            ArrayNode requests = host.putArray("DeviceRequests");
            spec.gpus().forEach(gpu -> requests.add(deviceRequest(gpu)));
        }
        if (!spec.dns().isEmpty()) {
            putStrings(host, "Dns", spec.dns());
        }
        if (!spec.dnsSearch().isEmpty()) {
            putStrings(host, "DnsSearch", spec.dnsSearch());
        }
        if (!spec.extraHosts().isEmpty()) {
            putStrings(host, "ExtraHosts", spec.extraHosts());
        }
        if (!spec.groupAdd().isEmpty()) {
            putStrings(host, "GroupAdd", spec.groupAdd());
        }
        putText(host, "IpcMode", spec.ipc());
        if (!spec.links().isEmpty()) {
            putStrings(host, "Links", spec.links().stream().map(ContainerCalls::link).toList());
        }
        if (spec.logDriver() != null || !spec.logOptions().isEmpty()) {
            ObjectNode log = host.putObject("LogConfig");
            putText(log, "Type", loggingType(spec.logDriver()));
            if (!spec.logOptions().isEmpty()) {
                putMap(log, "Config", spec.logOptions());
            }
        }
        if (spec.memory() != null) {
            host.put("Memory", spec.memory());
        }
        if (spec.memorySwap() != null) {
            host.put("MemorySwap", spec.memorySwap());
        }
        putText(host, "NetworkMode", spec.network());
        if (spec.oomKillDisable()) {
            host.put("OomKillDisable", true);
        }
        if (spec.init() != null) {
            host.put("Init", spec.init());
        }
        if (!spec.portBindings().isEmpty()) {
            ObjectNode ports = host.putObject("PortBindings");
            for (HostSpec.PortBinding binding : spec.portBindings()) {
                String port = ExposedPort.parse(binding.containerPort()).toString();
                ArrayNode bindings = ports.has(port) ? (ArrayNode) ports.get(port) : ports.putArray(port);
                bindings.addObject().put("HostIp", binding.hostIp()).put("HostPort", binding.hostPort());
            }
        }
        host.put("Privileged", spec.privileged());
        if (spec.publishAll()) {
            host.put("PublishAllPorts", true);
        }
        if (spec.readOnly()) {
            host.put("ReadonlyRootfs", true);
        }
        if (!spec.ulimits().isEmpty()) {
            ArrayNode ulimits = host.putArray("Ulimits");
            spec.ulimits().forEach(u -> ulimits.addObject().put("Name", u.name()).put("Soft", u.soft())
                    .put("Hard", u.hard()));
        }
        if (!spec.volumesFrom().isEmpty()) {
            putStrings(host, "VolumesFrom", spec.volumesFrom().stream().map(v -> VolumesFrom.parse(v).toString())
                    .toList());
        }
        if (!spec.mounts().isEmpty()) {
            ArrayNode mounts = host.putArray("Mounts");
            spec.mounts().forEach(m -> mounts.add(mount(m)));
        }
        putText(host, "PidMode", spec.pid());
        if (!spec.securityOpts().isEmpty()) {
            putStrings(host, "SecurityOpt", spec.securityOpts());
        }
        if (spec.shmSize() != null) {
            host.put("ShmSize", spec.shmSize());
        }
        if (spec.pidsLimit() != null) {
            host.put("PidsLimit", spec.pidsLimit());
        }
        putText(host, "Runtime", spec.runtime());
        if (!spec.tmpfs().isEmpty()) {
            putMap(host, "Tmpfs", spec.tmpfs());
        }
        putText(host, "UTSMode", spec.uts());
        putText(host, "UsernsMode", spec.userns());
        if (!spec.sysctls().isEmpty()) {
            putMap(host, "Sysctls", spec.sysctls());
        }
        putText(host, "CgroupnsMode", spec.cgroupns());
        return host;
    }

    private static void putText(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static void putStrings(ObjectNode node, String field, List<String> values) {
        ArrayNode array = node.putArray(field);
        values.forEach(array::add);
    }

    private static void putMap(ObjectNode node, String field, Map<String, String> values) {
        ObjectNode map = node.putObject(field);
        values.forEach(map::put);
    }

    private static Bind parseBind(String bind) {
        try {
            return Bind.parse(bind);
        } catch (RuntimeException e) {
            throw new KilnException("Volume '" + bind + "' is not 'host-path:container-path[:options]': "
                    + rootMessage(e) + "; correct volumes or the -v flag in run_command.", e);
        }
    }

    private static ObjectNode parseDevice(String device) {
        String[] parts = device.split(":", -1);
        String onHost = parts[0];
        String inContainer = parts.length > 1 && !parts[1].isEmpty() ? parts[1] : onHost;
        String permissions = parts.length > 2 && !parts[2].isEmpty() ? parts[2] : "rwm";
        if (parts.length > 3 || onHost.isEmpty()) {
            throw new KilnException("Device '" + device + "' is not 'host-path[:container-path[:permissions]]'; "
                    + "correct device or the --device flag in run_command.");
        }
        return JSON.objectNode().put("CgroupPermissions", permissions).put("PathOnHost", onHost)
                .put("PathInContainer", inContainer);
    }

    private static List<String> capabilities(List<String> names, String option) {
        List<String> caps = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).trim().toUpperCase(Locale.ROOT);
            if (name.startsWith("CAP_")) {
                name = name.substring(4);
            }
            try {
                caps.add(Capability.valueOf(name).name());
            } catch (IllegalArgumentException e) {
                throw new KilnException(option + ": capability '" + names.get(i) + "' is unknown; use a Linux "
                        + "capability name such as 'NET_ADMIN' or 'SYS_PTRACE', or 'ALL'.", e);
            }
        }
        return caps;
    }

    private static ObjectNode mount(HostSpec.Mount m) {
        ObjectNode mount = JSON.objectNode()
                .put("Type", MountType.valueOf(m.type().toUpperCase(Locale.ROOT)).name().toLowerCase(Locale.ROOT));
        putText(mount, "Source", m.source());
        putText(mount, "Target", m.target());
        if (m.readOnly()) {
            mount.put("ReadOnly", true);
        }
        if (m.bindPropagation() != null) {
            String name = m.bindPropagation().toUpperCase(Locale.ROOT);
            name = name.startsWith("R") ? "R_" + name.substring(1) : name; // rslave is R_SLAVE
            BindPropagation propagation = BindPropagation.valueOf(name); // refuses an unknown mode, as before
            mount.putObject("BindOptions").put("Propagation", propagation.name().replace("_", "")
                    .toLowerCase(Locale.ROOT));
        }
        if (m.volumeNoCopy() || !m.volumeLabels().isEmpty() || m.volumeDriver() != null
                || !m.volumeDriverOptions().isEmpty()) {
            ObjectNode volume = mount.putObject("VolumeOptions");
            if (m.volumeNoCopy()) {
                volume.put("NoCopy", true);
            }
            if (!m.volumeLabels().isEmpty()) {
                putMap(volume, "Labels", m.volumeLabels());
            }
            if (m.volumeDriver() != null || !m.volumeDriverOptions().isEmpty()) {
                ObjectNode driver = volume.putObject("DriverConfig");
                putText(driver, "Name", m.volumeDriver());
                if (!m.volumeDriverOptions().isEmpty()) {
                    putMap(driver, "Options", m.volumeDriverOptions());
                }
            }
        }
        if (m.tmpfsSize() != null || m.tmpfsMode() != null) {
            ObjectNode tmpfs = mount.putObject("TmpfsOptions");
            if (m.tmpfsSize() != null) {
                tmpfs.put("SizeBytes", m.tmpfsSize());
            }
            if (m.tmpfsMode() != null) {
                tmpfs.put("Mode", m.tmpfsMode());
            }
        }
        return mount;
    }

    private static ObjectNode deviceRequest(HostSpec.GpuRequest gpu) {
        ObjectNode request = JSON.objectNode();
        putText(request, "Driver", gpu.driver());
        request.put("Count", gpu.count());
        if (!gpu.deviceIds().isEmpty()) {
            putStrings(request, "DeviceIDs", gpu.deviceIds());
        }
        ArrayNode capabilities = request.putArray("Capabilities").addArray();
        gpu.capabilities().forEach(capabilities::add);
        putMap(request, "Options", gpu.options());
        return request;
    }

    private static String link(String link) {
        int colon = link.indexOf(':');
        return colon < 0 ? link + ":" + link : link;
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

    private static String loggingType(String driver) {
        if (driver == null) {
            return null;
        }
        String problem = logDriverProblem(driver);
        if (problem != null) {
            throw new KilnException(problem);
        }
        return LogConfig.LoggingType.fromValue(driver).getType();
    }

    /** Starts a created container. */
    void start(String containerId) {
        String what = "Starting container '" + shortId(containerId) + "'";
        EngineHttp.Answer answer;
        try {
            answer = engine.exchange("POST", "/containers/" + enc(containerId) + "/start", null);
        } catch (RuntimeException e) {
            if (EngineErrors.noAnswer(e)) {
                throw errors.failure(what, e);
            }
            throw new KilnException(what + " failed at '" + endpoint.host() + "': " + errors.engineMessage(e)
                    + "; check run_command (entrypoint, user, volumes) against the image.", e);
        }
        if (!answer.ok()) {
            throw new KilnException(what + " failed at '" + endpoint.host() + "': " + answer.message()
                    + "; check run_command (entrypoint, user, volumes) against the image.");
        }
    }

    /** What the engine says of a container, or empty when there is no such container. */
    Optional<ContainerInfo> inspect(String containerId) {
        String what = "Inspecting container '" + shortId(containerId) + "'";
        EngineHttp.Answer answer = engine.call("GET", "/containers/" + enc(containerId) + "/json", null, what);
        if (answer.status() == 404) {
            return Optional.empty();
        }
        if (!answer.ok()) {
            throw answer.failure(what);
        }
        JsonNode container = answer.json(what);
        boolean running = container.path("State").path("Running").asBoolean(false);
        JsonNode config = container.get("Config");
        if (config == null || !config.isObject()) {
            return Optional.of(new ContainerInfo(text(container, "Id"), running, "", null, Map.of()));
        }
        return Optional.of(new ContainerInfo(text(container, "Id"), running, text(config, "User"),
                text(config, "Image"), stringMap(config, "Labels")));
    }

    /** Commits a container through a raw request, because docker-java has no {@code changes} on commit. */
    String commit(String containerId, CommitSpec spec) {
        String what = "Committing container '" + shortId(containerId) + "'";
        JsonNode container = engine.rawJson("GET", "/containers/" + enc(containerId) + "/json", what);
        ObjectNode config = container.path("Config").isObject()
                ? ((ObjectNode) container.get("Config")).deepCopy() : JSON.objectNode();
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
        byte[] body = JsonTrees.write(config);
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
        String what = "Removing container '" + shortId(containerId) + "'";
        EngineHttp.Answer answer = engine.call("DELETE", "/containers/" + enc(containerId) + "?v=true&force=true",
                null, what);
        if (answer.ok() || answer.status() == 404
                || answer.status() == 409 && answer.message().contains("already in progress")) {
            return;
        }
        throw answer.failure(what);
    }

    /**
     * Lists containers in every state, optionally only those with {@code label}, or whose name begins with
     * {@code namePrefix}.
     */
    List<ContainerSummary> list(String label, String namePrefix) {
        String what = "Listing containers";
        // A name filter is a regex that finds a few more: the check below decides.
        String name = namePrefix != null && namePrefix.matches("[A-Za-z0-9_.-]+") ? namePrefix : null;
        String path = "/containers/json?all=true" + (label == null && name == null ? ""
                : "&filters=" + EngineHttp.filters("label", label, "name", name));
        EngineHttp.Answer answer = engine.call("GET", path, null, what);
        if (!answer.ok()) {
            throw answer.failure(what);
        }
        List<ContainerSummary> result = new ArrayList<>();
        for (JsonNode c : answer.json(what)) {
            List<String> names = strings(c, "Names");
            ContainerSummary summary = new ContainerSummary(text(c, "Id"), text(c, "Image"), text(c, "State"),
                    stringMap(c, "Labels"), names == null || names.isEmpty() ? "" : names.get(0));
            if (namePrefix == null || summary.name().startsWith(namePrefix)) { // the engine's filter is a regex
                result.add(summary);
            }
        }
        return result;
    }

    private ArrayNode array(List<String> values) {
        ArrayNode array = JSON.arrayNode();
        values.forEach(array::add);
        return array;
    }
}
