package dev.kiln.docker.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What to create a container from: the subset of {@code docker run} that Kiln supports, as plain values. The
 * container side (the engine's {@code Config}) is here, the host side in {@link #host()}. Build one with
 * {@link #builder()}.
 *
 * <p>Lists and maps are never null (empty means "not given"); strings and numbers are null when not given.
 *
 * @param image the image to run
 * @param entrypoint the entrypoint ({@code --entrypoint}); null keeps the image's, {@code [""]} clears it
 * @param cmd the command after the image; empty keeps the image's
 * @param env {@code KEY=value} entries ({@code --env-file}, then {@code -e})
 * @param tty whether to allocate a TTY ({@code -t})
 * @param openStdin whether to keep standard input open ({@code -i})
 * @param user the user ({@code -u})
 * @param workingDir the working directory ({@code -w})
 * @param name the container's name ({@code --name})
 * @param labels labels ({@code -l})
 * @param platform the platform, e.g. {@code linux/amd64} ({@code --platform})
 * @param hostname the container's host name ({@code -h})
 * @param macAddress the container's MAC address ({@code --mac-address})
 * @param stopSignal the signal that stops the container, e.g. {@code SIGINT} ({@code --stop-signal})
 * @param exposedPorts exposed ports such as {@code 80/tcp}, without duplicates ({@code --expose} and {@code -p})
 * @param host the host side: mounts, privileges, networking, resources, namespaces
 */
public record ContainerSpec(String image, List<String> entrypoint, List<String> cmd, List<String> env, boolean tty,
                            boolean openStdin, String user, String workingDir, String name, Map<String, String> labels,
                            String platform, String hostname, String macAddress, String stopSignal,
                            List<String> exposedPorts, HostSpec host) {

    /** Makes defensive copies and replaces absent collections with empty ones. */
    public ContainerSpec {
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        cmd = HostSpec.list(cmd);
        env = HostSpec.list(env);
        labels = HostSpec.map(labels);
        exposedPorts = HostSpec.list(exposedPorts);
        host = host == null ? HostSpec.defaults() : host;
    }

    /** @return an empty builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param image the image to run
     * @return a builder for a container of {@code image}
     */
    public static Builder builder(String image) {
        return new Builder().image(image);
    }

    /**
     * A copy with one more label.
     *
     * @param key the label's key
     * @param value the label's value
     * @return the copy
     */
    public ContainerSpec withLabel(String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(labels);
        more.put(key, value);
        return new ContainerSpec(image, entrypoint, cmd, env, tty, openStdin, user, workingDir, name, more, platform,
                hostname, macAddress, stopSignal, exposedPorts, host);
    }

    /**
     * A copy with another name.
     *
     * @param value the container's name ({@code --name})
     * @return the copy
     */
    public ContainerSpec withName(String value) {
        return new ContainerSpec(image, entrypoint, cmd, env, tty, openStdin, user, workingDir, value, labels, platform,
                hostname, macAddress, stopSignal, exposedPorts, host);
    }

    /**
     * The same process with no entrypoint of the container's own: {@code --entrypoint /bin/sh -- image a} becomes the
     * command {@code /bin/sh a}. The engine's commit keeps a container's entrypoint unless the image config sets one,
     * so a base image without an entrypoint keeps none only if its build container has none either.
     *
     * @return the copy, or this spec when it sets no entrypoint or clears it ({@code [""]})
     */
    public ContainerSpec withEntrypointAsCommand() {
        if (entrypoint == null || entrypoint.isEmpty() || entrypoint.equals(List.of(""))) {
            return this;
        }
        List<String> command = new ArrayList<>(entrypoint);
        command.addAll(cmd);
        return new ContainerSpec(image, null, command, env, tty, openStdin, user, workingDir, name, labels, platform,
                hostname, macAddress, stopSignal, exposedPorts, host);
    }

    /**
     * Collects a {@link ContainerSpec} and its {@link HostSpec} one option at a time. Setters replace; methods for
     * lists and maps add one entry ({@link #ulimit} replaces the limit of the same name). Not thread-safe.
     */
    public static final class Builder {
        private String image;
        private List<String> entrypoint;
        private List<String> cmd = List.of();
        private final List<String> env = new ArrayList<>();
        private boolean tty;
        private boolean openStdin;
        private String user;
        private String workingDir;
        private String name;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private String platform;
        private String hostname;
        private String macAddress;
        private String stopSignal;
        private final Set<String> exposedPorts = new LinkedHashSet<>();

        private final List<String> binds = new ArrayList<>();
        private final List<HostSpec.Mount> mounts = new ArrayList<>();
        private final Map<String, String> tmpfs = new LinkedHashMap<>();
        private final List<String> volumesFrom = new ArrayList<>();
        private boolean privileged;
        private boolean readOnly;
        private final List<String> capAdd = new ArrayList<>();
        private final List<String> capDrop = new ArrayList<>();
        private final List<String> securityOpts = new ArrayList<>();
        private final List<String> devices = new ArrayList<>();
        private final List<HostSpec.GpuRequest> gpus = new ArrayList<>();
        private String network;
        private final List<HostSpec.PortBinding> portBindings = new ArrayList<>();
        private boolean publishAll;
        private final List<String> dns = new ArrayList<>();
        private final List<String> dnsSearch = new ArrayList<>();
        private final List<String> extraHosts = new ArrayList<>();
        private final List<String> links = new ArrayList<>();
        private Long shmSize;
        private Long memory;
        private Long memorySwap;
        private Long nanoCpus;
        private Integer cpuShares;
        private String cpusetCpus;
        private Long pidsLimit;
        private final Map<String, HostSpec.Ulimit> ulimits = new LinkedHashMap<>();
        private boolean oomKillDisable;
        private Boolean init;
        private String ipc;
        private String pid;
        private String uts;
        private String userns;
        private String cgroupns;
        private final List<String> groupAdd = new ArrayList<>();
        private final Map<String, String> sysctls = new LinkedHashMap<>();
        private String runtime;
        private String logDriver;
        private final Map<String, String> logOptions = new LinkedHashMap<>();

        private Builder() {
        }

        /** Sets the image to run. */
        public Builder image(String value) { image = value; return this; }
        /** Sets the entrypoint; null keeps the image's. */
        public Builder entrypoint(List<String> value) { entrypoint = value; return this; }
        /** Sets the command after the image. */
        public Builder cmd(List<String> value) { cmd = value; return this; }
        /** Adds a {@code KEY=value} entry. */
        public Builder env(String entry) { env.add(entry); return this; }
        /** Sets whether to allocate a TTY. */
        public Builder tty(boolean value) { tty = value; return this; }
        /** Sets whether to keep standard input open. */
        public Builder openStdin(boolean value) { openStdin = value; return this; }
        /** Sets the user. */
        public Builder user(String value) { user = value; return this; }
        /** Sets the working directory. */
        public Builder workingDir(String value) { workingDir = value; return this; }
        /** Sets the container's name. */
        public Builder name(String value) { name = value; return this; }
        /** Adds a label. */
        public Builder label(String key, String value) { labels.put(key, value); return this; }
        /** Sets the platform. */
        public Builder platform(String value) { platform = value; return this; }
        /** Sets the host name. */
        public Builder hostname(String value) { hostname = value; return this; }
        /** Sets the MAC address. */
        public Builder macAddress(String value) { macAddress = value; return this; }
        /** Sets the stop signal. */
        public Builder stopSignal(String value) { stopSignal = value; return this; }
        /** Adds a port to expose, e.g. {@code 80/tcp}. */
        public Builder exposedPort(String port) { exposedPorts.add(port); return this; }

        /** Adds a bind mount. */
        public Builder bind(String bind) { binds.add(bind); return this; }
        /** Adds a mount. */
        public Builder mount(HostSpec.Mount mount) { mounts.add(mount); return this; }
        /** Adds a tmpfs mount: its path and its options, which may be empty. */
        public Builder tmpfs(String path, String options) { tmpfs.put(path, options); return this; }
        /** Adds a container to take volumes from. */
        public Builder volumesFrom(String container) { volumesFrom.add(container); return this; }
        /** Sets {@code --privileged}. */
        public Builder privileged(boolean value) { privileged = value; return this; }
        /** Sets whether the root filesystem is read-only. */
        public Builder readOnly(boolean value) { readOnly = value; return this; }
        /** Adds a capability to grant. */
        public Builder capAdd(String capability) { capAdd.add(capability); return this; }
        /** Adds a capability to drop. */
        public Builder capDrop(String capability) { capDrop.add(capability); return this; }
        /** Adds a security option. */
        public Builder securityOpt(String option) { securityOpts.add(option); return this; }
        /** Adds a device. */
        public Builder device(String device) { devices.add(device); return this; }
        /** Adds a GPU request. */
        public Builder gpu(HostSpec.GpuRequest request) { gpus.add(request); return this; }
        /** Sets the network mode. */
        public Builder network(String value) { network = value; return this; }
        /** Adds a published port. */
        public Builder portBinding(HostSpec.PortBinding binding) { portBindings.add(binding); return this; }
        /** Sets whether to publish every exposed port. */
        public Builder publishAll(boolean value) { publishAll = value; return this; }
        /** Adds a DNS server. */
        public Builder dns(String server) { dns.add(server); return this; }
        /** Adds a DNS search domain. */
        public Builder dnsSearch(String domain) { dnsSearch.add(domain); return this; }
        /** Adds a {@code host:ip} entry for {@code /etc/hosts}. */
        public Builder extraHost(String entry) { extraHosts.add(entry); return this; }
        /** Adds a {@code name[:alias]} link. */
        public Builder link(String link) { links.add(link); return this; }
        /** Sets the size of {@code /dev/shm} in bytes. */
        public Builder shmSize(Long bytes) { shmSize = bytes; return this; }
        /** Sets the memory limit in bytes. */
        public Builder memory(Long bytes) { memory = bytes; return this; }
        /** Sets memory plus swap in bytes, {@code -1} for unlimited. */
        public Builder memorySwap(Long bytes) { memorySwap = bytes; return this; }
        /** Sets the CPU limit in billionths of a CPU. */
        public Builder nanoCpus(Long value) { nanoCpus = value; return this; }
        /** Sets the relative CPU weight. */
        public Builder cpuShares(Integer value) { cpuShares = value; return this; }
        /** Sets the CPUs the container may use. */
        public Builder cpusetCpus(String value) { cpusetCpus = value; return this; }
        /** Sets the most processes, {@code -1} for unlimited. */
        public Builder pidsLimit(Long value) { pidsLimit = value; return this; }
        /** Sets a resource limit, replacing one of the same name. */
        public Builder ulimit(HostSpec.Ulimit limit) { ulimits.put(limit.name(), limit); return this; }
        /** Sets whether the OOM killer spares the container. */
        public Builder oomKillDisable(boolean value) { oomKillDisable = value; return this; }
        /** Sets whether to run an init; null keeps the engine's default. */
        public Builder init(Boolean value) { init = value; return this; }
        /** Sets the IPC mode. */
        public Builder ipc(String value) { ipc = value; return this; }
        /** Sets the PID namespace. */
        public Builder pid(String value) { pid = value; return this; }
        /** Sets the UTS namespace. */
        public Builder uts(String value) { uts = value; return this; }
        /** Sets the user namespace. */
        public Builder userns(String value) { userns = value; return this; }
        /** Sets the cgroup namespace mode. */
        public Builder cgroupns(String value) { cgroupns = value; return this; }
        /** Adds a group for the container's user. */
        public Builder groupAdd(String group) { groupAdd.add(group); return this; }
        /** Sets a kernel parameter. */
        public Builder sysctl(String key, String value) { sysctls.put(key, value); return this; }
        /** Sets the OCI runtime. */
        public Builder runtime(String value) { runtime = value; return this; }
        /** Sets the logging driver. */
        public Builder logDriver(String value) { logDriver = value; return this; }
        /** Sets a logging option. */
        public Builder logOption(String key, String value) { logOptions.put(key, value); return this; }

        /** @return the spec */
        public ContainerSpec build() {
            HostSpec host = new HostSpec(binds, mounts, tmpfs, volumesFrom, privileged, readOnly, capAdd, capDrop,
                    securityOpts, devices, gpus, network, portBindings, publishAll, dns, dnsSearch, extraHosts, links,
                    shmSize, memory, memorySwap, nanoCpus, cpuShares, cpusetCpus, pidsLimit,
                    new ArrayList<>(ulimits.values()), oomKillDisable, init, ipc, pid, uts, userns, cgroupns,
                    groupAdd, sysctls, runtime, logDriver, logOptions);
            return new ContainerSpec(image, entrypoint, cmd, env, tty, openStdin, user, workingDir, name, labels,
                    platform, hostname, macAddress, stopSignal, new ArrayList<>(exposedPorts), host);
        }
    }
}
