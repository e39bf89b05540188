package dev.kiln.plugin.docker.driver;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to create a container from: the subset of {@code docker run} that Kiln supports, as plain values.
 *
 * <p>Lists and maps are never null (empty means "not given"); strings and numbers are null when not given.
 *
 * @param image the image to run
 * @param entrypoint the entrypoint ({@code --entrypoint}); null keeps the image's, {@code [""]} clears it
 * @param cmd the command after the image; empty keeps the image's
 * @param env {@code KEY=value} entries ({@code -e})
 * @param tty whether to allocate a TTY ({@code -t})
 * @param openStdin whether to keep standard input open ({@code -i})
 * @param user the user ({@code -u})
 * @param workingDir the working directory ({@code -w})
 * @param name the container's name ({@code --name})
 * @param labels labels ({@code -l})
 * @param binds bind mounts, {@code host:container[:options]} ({@code -v})
 * @param privileged {@code --privileged}
 * @param network the network mode ({@code --network})
 * @param capAdd capabilities to add
 * @param capDrop capabilities to drop
 * @param tmpfs tmpfs mounts: path to options (options may be empty)
 * @param devices devices, {@code host[:container[:permissions]]}
 * @param platform the platform, e.g. {@code linux/amd64}
 * @param shmSize the size of {@code /dev/shm} in bytes
 * @param memory the memory limit in bytes
 * @param nanoCpus the CPU limit in billionths of a CPU
 * @param extraHosts {@code host:ip} entries for {@code /etc/hosts}
 */
public record ContainerSpec(String image, List<String> entrypoint, List<String> cmd, List<String> env, boolean tty,
                            boolean openStdin, String user, String workingDir, String name, Map<String, String> labels,
                            List<String> binds, boolean privileged, String network, List<String> capAdd,
                            List<String> capDrop, Map<String, String> tmpfs, List<String> devices, String platform,
                            Long shmSize, Long memory, Long nanoCpus, List<String> extraHosts) {

    /** Makes defensive copies and replaces absent collections with empty ones. */
    public ContainerSpec {
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        cmd = cmd == null ? List.of() : List.copyOf(cmd);
        env = env == null ? List.of() : List.copyOf(env);
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        binds = binds == null ? List.of() : List.copyOf(binds);
        capAdd = capAdd == null ? List.of() : List.copyOf(capAdd);
        capDrop = capDrop == null ? List.of() : List.copyOf(capDrop);
        tmpfs = tmpfs == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tmpfs));
        devices = devices == null ? List.of() : List.copyOf(devices);
        extraHosts = extraHosts == null ? List.of() : List.copyOf(extraHosts);
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
        return new ContainerSpec(image, entrypoint, cmd, env, tty, openStdin, user, workingDir, name, more, binds,
                privileged, network, capAdd, capDrop, tmpfs, devices, platform, shmSize, memory, nanoCpus, extraHosts);
    }
}
