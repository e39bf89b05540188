package dev.kiln.docker.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The host side of a container's create request (the engine's {@code HostConfig}): mounts, privileges, networking,
 * resources and namespaces, as plain values. Built through {@link ContainerSpec.Builder}.
 *
 * <p>Lists and maps are never null (empty means "not given"); strings, numbers and boxed booleans are null when not
 * given, so the engine's default applies.
 *
 * @param binds bind mounts, {@code host:container[:options]} ({@code -v})
 * @param mounts mounts ({@code --mount})
 * @param tmpfs tmpfs mounts: path to options, options may be empty ({@code --tmpfs})
 * @param volumesFrom containers to take volumes from, {@code container[:ro|rw]} ({@code --volumes-from})
 * @param privileged {@code --privileged}
 * @param readOnly whether the root filesystem is read-only ({@code --read-only})
 * @param capAdd capabilities to add ({@code --cap-add})
 * @param capDrop capabilities to drop ({@code --cap-drop})
 * @param securityOpts security options such as {@code no-new-privileges}, with a seccomp profile's JSON inlined
 *     ({@code --security-opt})
 * @param devices devices, {@code host[:container[:permissions]]} ({@code --device})
 * @param gpus GPU requests ({@code --gpus})
 * @param network the network mode ({@code --network})
 * @param portBindings published ports ({@code -p}); their container ports are also in
 *     {@link ContainerSpec#exposedPorts()}
 * @param publishAll whether to publish every exposed port on a random host port ({@code -P})
 * @param dns DNS servers ({@code --dns})
 * @param dnsSearch DNS search domains ({@code --dns-search})
 * @param extraHosts {@code host:ip} entries for {@code /etc/hosts} ({@code --add-host})
 * @param links links to other containers, {@code name:alias} ({@code --link})
 * @param shmSize the size of {@code /dev/shm} in bytes ({@code --shm-size})
 * @param memory the memory limit in bytes ({@code -m})
 * @param memorySwap memory plus swap in bytes, {@code -1} for unlimited swap ({@code --memory-swap})
 * @param nanoCpus the CPU limit in billionths of a CPU ({@code --cpus})
 * @param cpuShares the relative CPU weight ({@code -c})
 * @param cpusetCpus the CPUs the container may use, e.g. {@code 0-2,4} ({@code --cpuset-cpus})
 * @param pidsLimit the most processes, {@code -1} for unlimited ({@code --pids-limit})
 * @param ulimits resource limits, at most one per name ({@code --ulimit})
 * @param oomKillDisable whether the OOM killer spares the container ({@code --oom-kill-disable})
 * @param init whether to run an init as PID 1; null keeps the engine's default ({@code --init})
 * @param ipc the IPC mode ({@code --ipc})
 * @param pid the PID namespace ({@code --pid})
 * @param uts the UTS namespace ({@code --uts})
 * @param userns the user namespace ({@code --userns})
 * @param cgroupns the cgroup namespace mode ({@code --cgroupns})
 * @param groupAdd more groups for the container's user ({@code --group-add})
 * @param sysctls kernel parameters ({@code --sysctl})
 * @param runtime the OCI runtime ({@code --runtime})
 * @param logDriver the logging driver ({@code --log-driver})
 * @param logOptions the logging driver's options ({@code --log-opt})
 */
public record HostSpec(List<String> binds, List<Mount> mounts, Map<String, String> tmpfs, List<String> volumesFrom,
                       boolean privileged, boolean readOnly, List<String> capAdd, List<String> capDrop,
                       List<String> securityOpts, List<String> devices, List<GpuRequest> gpus, String network,
                       List<PortBinding> portBindings, boolean publishAll, List<String> dns, List<String> dnsSearch,
                       List<String> extraHosts, List<String> links, Long shmSize, Long memory, Long memorySwap,
                       Long nanoCpus, Integer cpuShares, String cpusetCpus, Long pidsLimit, List<Ulimit> ulimits,
                       boolean oomKillDisable, Boolean init, String ipc, String pid, String uts, String userns,
                       String cgroupns, List<String> groupAdd, Map<String, String> sysctls, String runtime,
                       String logDriver, Map<String, String> logOptions) {

    /** Makes defensive copies and replaces absent collections with empty ones. */
    public HostSpec {
        binds = list(binds);
        mounts = list(mounts);
        tmpfs = map(tmpfs);
        volumesFrom = list(volumesFrom);
        capAdd = list(capAdd);
        capDrop = list(capDrop);
        securityOpts = list(securityOpts);
        devices = list(devices);
        gpus = list(gpus);
        portBindings = list(portBindings);
        dns = list(dns);
        dnsSearch = list(dnsSearch);
        extraHosts = list(extraHosts);
        links = list(links);
        ulimits = list(ulimits);
        groupAdd = list(groupAdd);
        sysctls = map(sysctls);
        logOptions = map(logOptions);
    }

    /** @return a host side with nothing given: the engine's defaults */
    public static HostSpec defaults() {
        return ContainerSpec.builder().build().host();
    }

    /**
     * One published port ({@code -p}).
     *
     * @param containerPort the port and protocol in the container, e.g. {@code 80/tcp}
     * @param hostIp the host address to listen on; empty for all
     * @param hostPort the host port or range, e.g. {@code 8080} or {@code 8080-8090}; empty for a random one
     */
    public record PortBinding(String containerPort, String hostIp, String hostPort) {
        /** Replaces absent host parts with empty ones. */
        public PortBinding {
            hostIp = hostIp == null ? "" : hostIp;
            hostPort = hostPort == null ? "" : hostPort;
        }
    }

    /**
     * One resource limit ({@code --ulimit}).
     *
     * @param name the limit's name, e.g. {@code nofile}
     * @param soft the soft limit
     * @param hard the hard limit; {@code -1} for unlimited
     */
    public record Ulimit(String name, long soft, long hard) {
    }

    /**
     * One {@code --mount}.
     *
     * @param type {@code bind}, {@code volume} or {@code tmpfs}
     * @param source the host path (bind) or volume name (volume); null for an anonymous volume or a tmpfs
     * @param target the path in the container
     * @param readOnly whether the mount is read-only
     * @param bindPropagation a bind mount's propagation, e.g. {@code rprivate}, or null
     * @param volumeNoCopy whether a new volume stays empty instead of taking the image's files at the target
     * @param volumeLabels labels for a new volume
     * @param volumeDriver the volume driver, or null for the engine's default
     * @param volumeDriverOptions the volume driver's options
     * @param tmpfsSize a tmpfs's size in bytes, or null
     * @param tmpfsMode a tmpfs's permission bits, e.g. {@code 01777}, or null
     */
    public record Mount(String type, String source, String target, boolean readOnly, String bindPropagation,
                        boolean volumeNoCopy, Map<String, String> volumeLabels, String volumeDriver,
                        Map<String, String> volumeDriverOptions, Long tmpfsSize, Integer tmpfsMode) {
        /** Makes defensive copies. */
        public Mount {
            volumeLabels = map(volumeLabels);
            volumeDriverOptions = map(volumeDriverOptions);
        }
    }

    /**
     * One GPU request ({@code --gpus}), the engine's {@code DeviceRequest}.
     *
     * @param driver the device driver, or null for any
     * @param count how many GPUs, {@code -1} for all; 0 when {@code deviceIds} names them
     * @param deviceIds the GPUs by ID or index; empty when {@code count} is given
     * @param capabilities the capabilities the devices must have; always contains {@code gpu}
     * @param options the driver's options
     */
    public record GpuRequest(String driver, int count, List<String> deviceIds, List<String> capabilities,
                             Map<String, String> options) {
        /** Makes defensive copies. */
        public GpuRequest {
            deviceIds = list(deviceIds);
            capabilities = list(capabilities);
            options = map(options);
        }
    }

    static <T> List<T> list(List<T> values) {
        return values == null ? List.of() : List.copyOf(values);
    }

    static Map<String, String> map(Map<String, String> values) {
        return values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
