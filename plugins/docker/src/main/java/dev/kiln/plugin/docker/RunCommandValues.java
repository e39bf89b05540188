package dev.kiln.plugin.docker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.docker.engine.HostSpec;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value syntax of {@code docker run} flags, as the docker CLI (20.10) parses it: ports, ulimits, mounts, GPU
 * requests, env files, security options, namespaces and sizes.
 *
 * <p>Every parser throws {@link IllegalArgumentException} whose message continues the sentence
 * "flag '--x' value 'v' ..." with why the value is wrong and what to write instead, e.g. {@code is not a size; use
 * one such as '512m' or '2g'}.
 */
final class RunCommandValues {

    private static final Pattern SIZE = Pattern.compile("^(\\d+(?:\\.\\d+)?) ?([kmgtp])?i?b?$");
    private static final Pattern PORT_RANGE = Pattern.compile("^(\\d{1,5})(?:-(\\d{1,5}))?$");
    private static final Pattern IPV4 = Pattern.compile("^(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}"
            + "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$");
    private static final Pattern IPV6 = Pattern.compile("^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*$");
    private static final Pattern DOMAIN = Pattern.compile("^(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])\\.)*"
            + "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$");
    private static final Pattern MAC = Pattern.compile("^[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\\1[0-9A-Fa-f]{2}){4}$"
            + "|^[0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4}$");
    private static final Pattern CPU_SET = Pattern.compile("^\\d+(?:-\\d+)?(?:,\\d+(?:-\\d+)?)*$");
    private static final Pattern SIGNAL = Pattern.compile("^(?:\\d+|[A-Za-z][A-Za-z0-9]*(?:[+-]\\d+)?)$");

    /** The resource limits {@code --ulimit} knows (go-units). */
    static final List<String> ULIMITS = List.of("as", "core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue",
            "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack");
    private static final Set<String> SYSCTLS = Set.of("kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
            "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced");
    private static final Set<String> PROPAGATIONS = Set.of("private", "rprivate", "shared", "rshared", "slave",
            "rslave");

    private static final String PORT_HELP = "use [ip:][host-port:]container-port[/protocol], e.g. '8080:80', "
            + "'127.0.0.1:8080:80/tcp', '80' or '8000-8010:8000-8010'";

    private RunCommandValues() {
    }

    /** Parses a size such as {@code 64m}, {@code 1g}, {@code 512k} or {@code 1048576} into bytes (binary units). */
    static long size(String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("is not a size such as '512m' or '2g'");
        }
        BigDecimal number = new BigDecimal(m.group(1));
        int power = m.group(2) == null ? 0 : "kmgtp".indexOf(m.group(2)) + 1;
        return number.multiply(BigDecimal.valueOf(1024).pow(power)).longValue();
    }

    /** Parses {@code --memory-swap}: a size, or {@code -1} for unlimited swap. */
    static long memorySwap(String text) {
        if (text.trim().equals("-1")) {
            return -1;
        }
        try {
            return size(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not a size such as '2g', or '-1' for unlimited swap", e);
        }
    }

    /** Parses a CPU count such as {@code 1.5} into billionths of a CPU. */
    static long cpus(String text) {
        BigDecimal cpus;
        try {
            cpus = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is not a number of CPUs such as '1.5'", e);
        }
        if (cpus.signum() <= 0) {
            throw new IllegalArgumentException("is not more than 0; give a number of CPUs such as '0.5' or '2'");
        }
        return cpus.movePointRight(9).longValue();
    }

    /** Parses a whole number, e.g. {@code --pids-limit}. */
    static long integer(String text, String example) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is not a whole number such as '" + example + "'", e);
        }
    }

    /** Parses {@code --cpu-shares}, a relative weight such as {@code 512}. */
    static int cpuShares(String text) {
        long shares = integer(text, "512");
        if (shares < 0 || shares > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("is out of range; give a relative weight such as '512' (default 1024)");
        }
        return (int) shares;
    }

    /** A boolean as Go's {@code strconv.ParseBool} reads it: 1, t, true, 0, f, false in any usual case. */
    static boolean bool(String text) {
        switch (text) {
            case "1": case "t": case "T": case "true": case "TRUE": case "True":
                return true;
            case "0": case "f": case "F": case "false": case "FALSE": case "False":
                return false;
            default:
                throw new IllegalArgumentException("is not true or false");
        }
    }

    /** Splits {@code key=value}; a value without {@code =} is a key with an empty value. */
    static String[] keyValue(String text) {
        int eq = text.indexOf('=');
        return eq < 0 ? new String[] {text, ""} : new String[] {text.substring(0, eq), text.substring(eq + 1)};
    }

    // ---- ports

    /**
     * Parses {@code -p}: {@code [ip:][host-port:]container-port[/protocol]} with ranges, or the long form
     * {@code target=80,published=8080,protocol=tcp}; one binding per container port.
     */
    static List<HostSpec.PortBinding> publish(String text) {
        String spec = text.contains("=") ? publishLongSyntax(text) : text;
        String[] parts = spec.split(":", -1);
        int n = parts.length;
        String ip = n > 2 ? String.join(":", Arrays.copyOfRange(parts, 0, n - 2)) : "";
        String hostPort = n > 1 ? parts[n - 2] : "";
        String[] protoPort = protoPort(parts[n - 1]);
        String proto = protoPort[0];
        String containerPort = protoPort[1];
        if (ip.startsWith("[") && ip.endsWith("]")) {
            ip = ip.substring(1, ip.length() - 1);
        }
        if (!ip.isEmpty() && !isIp(ip)) {
            throw new IllegalArgumentException("has '" + ip + "', which is not an IP address; " + PORT_HELP);
        }
        if (containerPort.isEmpty()) {
            throw new IllegalArgumentException("has no container port; " + PORT_HELP);
        }
        int[] container = portRange(containerPort, "container port", PORT_HELP);
        int[] host = hostPort.isEmpty() ? new int[] {0, 0} : portRange(hostPort, "host port", PORT_HELP);
        boolean containerRange = container[1] != container[0];
        if (!hostPort.isEmpty() && containerRange && host[1] - host[0] != container[1] - container[0]) {
            throw new IllegalArgumentException("maps container ports " + containerPort + " to host ports " + hostPort
                    + " of another length; give ranges of the same length, or one container port");
        }
        checkProtocol(proto, PORT_HELP);
        List<HostSpec.PortBinding> bindings = new ArrayList<>();
        for (int i = 0; i <= container[1] - container[0]; i++) {
            String bound;
            if (hostPort.isEmpty()) {
                bound = "";
            } else if (!containerRange && host[1] != host[0]) {
                bound = host[0] + "-" + host[1]; // the engine picks a free port in the range
            } else {
                bound = Integer.toString(host[0] + i);
            }
            bindings.add(new HostSpec.PortBinding((container[0] + i) + "/" + proto, ip, bound));
        }
        return bindings;
    }

    private static String publishLongSyntax(String text) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("protocol", "tcp");
        params.put("published", "");
        params.put("target", "");
        for (String param : text.split(",", -1)) {
            String[] kv = param.split("=", -1);
            if (kv.length < 2) {
                throw new IllegalArgumentException("has '" + param + "', which is not name=value; use e.g. "
                        + "'target=80,published=8080,protocol=tcp'");
            }
            params.put(kv[0], kv[1]);
        }
        return params.get("published") + ":" + params.get("target") + "/" + params.get("protocol");
    }

    /** Parses {@code --expose}: a port or range with an optional protocol, e.g. {@code 7000-7002/udp}. */
    static List<String> expose(String text) {
        String help = "use port[-port][/protocol], e.g. '80' or '7000-7010/udp'";
        if (text.contains(":")) {
            throw new IllegalArgumentException("has a ':', but --expose takes container ports only; " + help
                    + ", or publish with -p");
        }
        String[] protoPort = protoPort(text);
        if (protoPort[1].isEmpty()) {
            throw new IllegalArgumentException("has no port; " + help);
        }
        int[] range = portRange(protoPort[1], "port", help);
        checkProtocol(protoPort[0], help);
        List<String> ports = new ArrayList<>();
        for (int port = range[0]; port <= range[1]; port++) {
            ports.add(port + "/" + protoPort[0]);
        }
        return ports;
    }

    /** {@code 80/udp} to {@code [udp, 80]}; no protocol is tcp. */
    private static String[] protoPort(String text) {
        String[] parts = text.split("/", -1);
        if (text.isEmpty() || parts[0].isEmpty()) {
            return new String[] {"", ""};
        }
        if (parts.length == 1 || parts[1].isEmpty()) {
            return new String[] {"tcp", parts[0]};
        }
        return new String[] {parts[1].toLowerCase(Locale.ROOT), parts[0]};
    }

    private static int[] portRange(String text, String what, String help) {
        Matcher m = PORT_RANGE.matcher(text);
        int start = m.matches() ? Integer.parseInt(m.group(1)) : -1;
        int end = m.matches() && m.group(2) != null ? Integer.parseInt(m.group(2)) : start;
        if (start < 0 || start > 65535 || end > 65535) {
            throw new IllegalArgumentException("has " + what + " '" + text + "', which is not a port (0-65535) or a "
                    + "range such as '8000-8010'; " + help);
        }
        if (end < start) {
            throw new IllegalArgumentException("has " + what + " range '" + text + "', which ends before it starts; "
                    + help);
        }
        return new int[] {start, end};
    }

    private static void checkProtocol(String proto, String help) {
        if (!Set.of("tcp", "udp", "sctp").contains(proto)) {
            throw new IllegalArgumentException("has protocol '" + proto + "'; use tcp, udp or sctp; " + help);
        }
    }

    private static boolean isIp(String text) {
        return IPV4.matcher(text).matches() || (IPV6.matcher(text).matches() && ipv6Literal(text));
    }

    private static boolean ipv6Literal(String text) {
        try {
            InetAddress.getByName("[" + text + "]"); // in brackets a literal is parsed, never looked up
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Parses {@code --dns}: an IP address. */
    static String ipAddress(String text) {
        String ip = text.trim();
        if (!isIp(ip)) {
            throw new IllegalArgumentException("is not an IP address; use e.g. '10.0.0.2' or '2001:db8::53'");
        }
        return ip;
    }

    /** Parses {@code --dns-search}: a domain name, or {@code .} for none. */
    static String dnsSearch(String text) {
        String domain = text.trim();
        if (domain.equals(".")) {
            return domain;
        }
        String bare = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
        if (bare.length() > 255 || !DOMAIN.matcher(bare).matches()) {
            throw new IllegalArgumentException("is not a domain name; use e.g. 'example.com', or '.' for none");
        }
        return domain;
    }

    /** Parses {@code --mac-address}, e.g. {@code 02:42:ac:11:00:02}. */
    static String macAddress(String text) {
        if (!MAC.matcher(text).matches()) {
            throw new IllegalArgumentException("is not a MAC address; use e.g. '02:42:ac:11:00:02'");
        }
        return text;
    }

    /** Parses {@code --cpuset-cpus}, e.g. {@code 0-3} or {@code 0,2}. */
    static String cpuSet(String text) {
        if (!CPU_SET.matcher(text).matches()) {
            throw new IllegalArgumentException("is not a list of CPUs; use e.g. '0-3' or '0,2'");
        }
        return text;
    }

    /** Parses {@code --stop-signal}: a signal name or number. */
    static String signal(String text) {
        if (!SIGNAL.matcher(text).matches()) {
            throw new IllegalArgumentException("is not a signal; use a name or number such as 'SIGINT' or '2'");
        }
        return text;
    }

    // ---- limits and kernel parameters

    /** Parses {@code --ulimit}: {@code name=soft[:hard]}; no hard limit means the soft one. */
    static HostSpec.Ulimit ulimit(String text) {
        String help = "use name=soft[:hard], e.g. 'nofile=1024:2048'";
        int eq = text.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("is not name=soft[:hard]; " + help);
        }
        String name = text.substring(0, eq);
        if (!ULIMITS.contains(name)) {
            throw new IllegalArgumentException("names no known limit '" + name + "'; use one of "
                    + String.join(", ", ULIMITS));
        }
        String[] limits = text.substring(eq + 1).split(":", -1);
        if (limits.length > 2) {
            throw new IllegalArgumentException("has more than soft and hard limits; " + help);
        }
        long soft;
        long hard;
        try {
            soft = Long.parseLong(limits[0]);
            hard = limits.length == 2 ? Long.parseLong(limits[1]) : soft;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("has a limit that is not a whole number; " + help, e);
        }
        if (hard != -1 && soft > hard) {
            throw new IllegalArgumentException("has a soft limit above the hard limit (" + soft + " > " + hard + "); "
                    + help);
        }
        return new HostSpec.Ulimit(name, soft, hard);
    }

    /** Parses {@code --sysctl}: {@code key=value} for a namespaced kernel parameter, as docker allows. */
    static String[] sysctl(String text) {
        String[] kv = text.split("=", 2);
        boolean allowed = kv.length == 2 && (SYSCTLS.contains(kv[0]) || kv[0].startsWith("net.")
                || kv[0].startsWith("fs.mqueue."));
        if (!allowed) {
            throw new IllegalArgumentException("is not key=value for a kernel parameter docker allows in a "
                    + "container; use 'net.*', 'fs.mqueue.*' or one of " + String.join(", ", SYSCTLS.stream()
                    .sorted().toList()) + ", e.g. 'net.ipv4.ip_forward=1'");
        }
        return kv;
    }

    // ---- namespaces

    /** Checks {@code --ipc}: none, private, shareable, host or container:NAME. */
    static String ipc(String text) {
        return mode(text, Set.of("none", "private", "shareable", "host"), true,
                "'private', 'shareable', 'host', 'none' or 'container:NAME'");
    }

    /** Checks {@code --pid}: host or container:NAME. */
    static String pid(String text) {
        return mode(text, Set.of("host"), true, "'host' or 'container:NAME'");
    }

    /** Checks {@code --uts} and {@code --userns}: host. */
    static String hostOnly(String text) {
        return mode(text, Set.of("host"), false, "'host'");
    }

    /** Checks {@code --cgroupns}: host or private. */
    static String cgroupns(String text) {
        return mode(text, Set.of("host", "private"), false, "'host' or 'private'");
    }

    private static String mode(String text, Set<String> names, boolean container, String help) {
        boolean valid = text.isEmpty() || names.contains(text)
                || (container && text.startsWith("container:") && text.length() > "container:".length()
                && text.indexOf(':', "container:".length()) < 0);
        if (!valid) {
            throw new IllegalArgumentException("is not a mode docker knows; use " + help);
        }
        return text;
    }

    /** Checks {@code --restart}: no, always, unless-stopped or on-failure[:max-retries]. */
    static String restart(String text) {
        String[] parts = text.split(":", -1);
        String help = "use 'no', 'always', 'unless-stopped' or 'on-failure[:max-retries]'";
        if (parts.length > 2 || !Set.of("", "no", "always", "unless-stopped", "on-failure").contains(parts[0])) {
            throw new IllegalArgumentException("is not a restart policy; " + help);
        }
        if (parts.length == 2) {
            if (!parts[0].equals("on-failure")) {
                throw new IllegalArgumentException("has a retry count, which only 'on-failure' takes; " + help);
            }
            long retries = integer(parts[1], "on-failure:3");
            if (retries < 0) {
                throw new IllegalArgumentException("has a negative retry count; " + help);
            }
        }
        return parts[0];
    }

    // ---- links and volumes

    /** Checks {@code --link}: {@code name[:alias]}. */
    static String link(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length > 2 || parts[0].isEmpty() || (parts.length == 2 && parts[1].isEmpty())) {
            throw new IllegalArgumentException("is not name[:alias]; use e.g. 'db' or 'db:database'");
        }
        return text;
    }

    /** Checks {@code --volumes-from}: {@code container[:ro|rw]}. */
    static String volumesFrom(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length > 2 || parts[0].isEmpty() || (parts.length == 2 && !Set.of("ro", "rw").contains(parts[1]))) {
            throw new IllegalArgumentException("is not container[:ro|rw]; use e.g. 'data' or 'data:ro'");
        }
        return text;
    }

    /**
     * Parses {@code --mount}: comma-separated {@code key=value} fields (CSV, so a value may be quoted), type
     * {@code volume} unless given. {@code consistency} is accepted and dropped, as Linux engines ignore it.
     */
    static HostSpec.Mount mount(String text) {
        String help = "use e.g. 'type=bind,source=/src,target=/dst,readonly', 'type=volume,source=cache,"
                + "target=/cache' or 'type=tmpfs,target=/run,tmpfs-size=64m'";
        String type = "volume";
        String source = null;
        String target = null;
        boolean readOnly = false;
        String propagation = null;
        boolean noCopy = false;
        Map<String, String> labels = new LinkedHashMap<>();
        String driver = null;
        Map<String, String> driverOptions = new LinkedHashMap<>();
        Long tmpfsSize = null;
        Integer tmpfsMode = null;
        Set<String> kinds = new HashSet<>();
        for (String field : csv(text, help)) {
            int eq = field.indexOf('=');
            String key = (eq < 0 ? field : field.substring(0, eq)).toLowerCase(Locale.ROOT);
            String value = eq < 0 ? null : field.substring(eq + 1);
            if (key.startsWith("volume-") || key.startsWith("bind-") || key.startsWith("tmpfs-")) {
                kinds.add(key.substring(0, key.indexOf('-')));
            }
            if (value == null) {
                switch (key) {
                    case "readonly": case "ro": readOnly = true; continue;
                    case "volume-nocopy": noCopy = true; continue;
                    case "bind-nonrecursive": throw bindNonRecursive();
                    default: throw new IllegalArgumentException("has '" + field + "', which is not key=value; "
                            + help);
                }
            }
            switch (key) {
                case "type": type = value.toLowerCase(Locale.ROOT); break;
                case "source": case "src": source = value; break;
                case "target": case "dst": case "destination": target = value; break;
                case "readonly": case "ro": readOnly = boolField(key, value, help); break;
                case "consistency": break; // macOS only; Linux engines ignore it
                case "bind-propagation":
                    propagation = value.toLowerCase(Locale.ROOT);
                    if (!PROPAGATIONS.contains(propagation)) {
                        throw new IllegalArgumentException("has bind-propagation '" + value + "'; use one of "
                                + "rprivate, private, rshared, shared, rslave, slave");
                    }
                    break;
                case "volume-nocopy": noCopy = boolField(key, value, help); break;
                case "volume-label": { String[] kv = keyValue(value); labels.put(kv[0], kv[1]); break; }
                case "volume-driver": driver = value; break;
                case "volume-opt": { String[] kv = keyValue(value); driverOptions.put(kv[0], kv[1]); break; }
                case "tmpfs-size":
                    try {
                        tmpfsSize = size(value);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("has tmpfs-size '" + value + "', which is not a size "
                                + "such as '64m'", e);
                    }
                    break;
                case "tmpfs-mode":
                    if (!value.matches("[0-7]{1,11}") || Long.parseLong(value, 8) > 0xFFFFFFFFL) {
                        throw new IllegalArgumentException("has tmpfs-mode '" + value + "', which is not octal "
                                + "permission bits such as '1777'");
                    }
                    tmpfsMode = (int) Long.parseLong(value, 8);
                    break;
                case "bind-nonrecursive": throw bindNonRecursive();
                default:
                    throw new IllegalArgumentException("has unknown key '" + key + "'; " + help);
            }
        }
        if (!Set.of("bind", "volume", "tmpfs").contains(type)) {
            throw new IllegalArgumentException("has type '" + type + "'; use bind, volume or tmpfs");
        }
        if (target == null || target.isEmpty()) {
            throw new IllegalArgumentException("has no target; " + help);
        }
        if (type.equals("bind") && (source == null || source.isEmpty())) {
            throw new IllegalArgumentException("is a bind mount without a source; " + help);
        }
        for (String kind : kinds) {
            if (!kind.equals(type)) {
                throw new IllegalArgumentException("mixes '" + kind + "-*' options with type '" + type + "'; "
                        + "use them with type=" + kind + " only");
            }
        }
        return new HostSpec.Mount(type, source, target, readOnly, propagation, noCopy, labels, driver, driverOptions,
                tmpfsSize, tmpfsMode);
    }

    private static IllegalArgumentException bindNonRecursive() {
        return new IllegalArgumentException("has bind-nonrecursive, which Kiln's engine client cannot send; drop it "
                + "or bind with -v");
    }

    private static boolean boolField(String key, String value, String help) {
        try {
            return bool(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("has " + key + "='" + value + "', which is not true or false; "
                    + help, e);
        }
    }

    // ---- GPUs

    /**
     * Parses {@code --gpus}: {@code all}, a count, or CSV fields {@code count=N}, {@code device=ID[,ID]} (quote it
     * to hold commas), {@code driver=NAME}, {@code capabilities=CAP[,CAP]}, {@code options=K=V[,K=V]}.
     */
    static HostSpec.GpuRequest gpus(String text) {
        String help = "use 'all', a count such as '2', or e.g. '\"device=0,1\"' or 'count=1,capabilities=utility'";
        String driver = null;
        Integer count = null;
        List<String> devices = null;
        List<String> capabilities = null;
        Map<String, String> options = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (String field : csv(text, help)) {
            int eq = field.indexOf('=');
            String key = eq < 0 ? field : field.substring(0, eq);
            if (!seen.add(key)) {
                throw new IllegalArgumentException("gives '" + key + "' twice; give each key once");
            }
            if (eq < 0) {
                seen.add("count");
                count = gpuCount(key, help);
                continue;
            }
            String value = field.substring(eq + 1);
            switch (key) {
                case "driver": driver = value; break;
                case "count": count = gpuCount(value, help); break;
                case "device": devices = List.of(value.split(",", -1)); break;
                case "capabilities":
                    capabilities = new ArrayList<>(List.of(value.split(",", -1)));
                    capabilities.add("gpu");
                    break;
                case "options":
                    for (String option : csv(value, help)) {
                        String[] kv = keyValue(option);
                        options.put(kv[0], kv[1]);
                    }
                    break;
                default:
                    throw new IllegalArgumentException("has unknown key '" + key + "'; " + help);
            }
        }
        int n = count != null ? count : devices == null ? 1 : 0;
        return new HostSpec.GpuRequest(driver, n, devices, capabilities == null ? List.of("gpu") : capabilities,
                options);
    }

    private static int gpuCount(String text, String help) {
        if (text.equals("all")) {
            return -1;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("has count '" + text + "', which is neither 'all' nor a whole number; "
                    + help, e);
        }
    }

    /** One CSV record, as Go's {@code encoding/csv} reads it: fields may be quoted, {@code ""} is a quote. */
    static List<String> csv(String text, String help) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        while (true) {
            if (i < text.length() && text.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= text.length()) {
                        throw new IllegalArgumentException("has a quote that is never closed; " + help);
                    }
                    char c = text.charAt(i++);
                    if (c == '"') {
                        if (i < text.length() && text.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(c);
                    }
                }
                if (i < text.length() && text.charAt(i) != ',') {
                    throw new IllegalArgumentException("has text after a closing quote; " + help);
                }
            } else {
                while (i < text.length() && text.charAt(i) != ',') {
                    char c = text.charAt(i++);
                    if (c == '"') {
                        throw new IllegalArgumentException("has a quote inside an unquoted field; quote the whole "
                                + "field; " + help);
                    }
                    field.append(c);
                }
            }
            fields.add(field.toString());
            field.setLength(0);
            if (i >= text.length()) {
                return fields;
            }
            i++; // the comma
        }
    }

    // ---- files read at translate time

    /**
     * Reads an {@code --env-file} as the docker CLI does: {@code KEY=value} lines (the value verbatim), {@code KEY}
     * alone taken from the host environment (dropped when unset, as Kiln does for {@code -e KEY}), {@code #}
     * comments and blank lines skipped, a UTF-8 BOM ignored.
     *
     * @param file the path, relative to this process's working directory
     * @param hostEnv the host environment
     * @return {@code KEY=value} entries in file order
     */
    static List<String> envFile(String file, Function<String, String> hostEnv) {
        String[] lines = read(file, "an env file").split("\n", -1);
        List<String> env = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            line = line.stripLeading();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String key = eq < 0 ? line : line.substring(0, eq);
            if (key.isEmpty()) {
                throw new IllegalArgumentException("has no variable name on line " + (i + 1) + "; write KEY=value");
            }
            if (key.contains(" ") || key.contains("\t")) {
                throw new IllegalArgumentException("has variable '" + key + "' with whitespace on line " + (i + 1)
                        + "; write KEY=value with no space in or after the name");
            }
            if (eq >= 0) {
                env.add(key + "=" + line.substring(eq + 1)); // the value verbatim, as docker passes it
            } else {
                String fromHost = hostEnv.apply(key.strip());
                if (fromHost != null) {
                    env.add(key.strip() + "=" + fromHost);
                }
            }
        }
        return env;
    }

    /**
     * Checks a {@code --security-opt} as the docker CLI does and inlines a seccomp profile file's JSON.
     *
     * @param text {@code key=value} or {@code key:value}, or {@code no-new-privileges}
     * @return what the engine gets
     */
    static String securityOpt(String text) {
        String help = "use e.g. 'no-new-privileges', 'seccomp=unconfined', 'seccomp=profile.json', "
                + "'apparmor=PROFILE' or 'label=disable'";
        int sep = text.indexOf('=');
        if (sep < 0) {
            sep = text.indexOf(':');
        }
        String key = sep < 0 ? text : text.substring(0, sep);
        String value = sep < 0 ? "" : text.substring(sep + 1);
        if (key.equals("no-new-privileges")) {
            return text;
        }
        if (sep < 0 || value.isEmpty()) {
            throw new IllegalArgumentException("is not key=value; " + help);
        }
        if (key.equals("systempaths")) {
            throw new IllegalArgumentException("is applied by the docker CLI itself, which Kiln's engine client "
                    + "cannot do; drop it or use --privileged");
        }
        if (!key.equals("seccomp") || value.equals("unconfined") || value.equals("builtin")) {
            return text;
        }
        String json = read(value, "a seccomp profile");
        JsonNode profile;
        try {
            profile = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("names a seccomp profile that is not JSON ("
                    + e.getOriginalMessage() + "); correct the file", e);
        }
        if (profile == null || profile.isMissingNode()) {
            throw new IllegalArgumentException("names a seccomp profile that is empty; give a JSON profile");
        }
        return "seccomp=" + profile;
    }

    private static String read(String file, String what) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("is not a valid path: " + e.getReason(), e);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("names " + what + " that is not UTF-8 text; save it as UTF-8", e);
        } catch (IOException e) {
            String detail = e.getMessage() == null || e.getMessage().equals(file) ? "" : ": " + e.getMessage();
            throw new IllegalArgumentException("names " + what + " Kiln cannot read (" + e.getClass().getSimpleName()
                    + detail + "); check the path, which is relative to the working directory '"
                    + Path.of("").toAbsolutePath() + "'", e);
        }
    }
}
