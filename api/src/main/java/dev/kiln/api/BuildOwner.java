package dev.kiln.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * Which Kiln process, on which machine, made something for which of its builds: what {@code kiln cleanup} reads to
 * tell the leftovers of a process that is gone (killed, crashed) from the things of a build that still runs.
 *
 * <p>A component that creates something outside Kiln's temporary folders, where a {@code kill -9} of Kiln would leave
 * it, puts {@link #tag()} into its name (the docker builder names its container {@code kiln-<tag>}), and a
 * {@link LeftoverSweeper} reads the tag back with {@link #parse}. The process is identified by its id and its start
 * time, so a later process that was given the same id is not taken for it.
 *
 * @param host this machine's name as {@link #hostName()} writes it: lower case letters, digits, dots and dashes
 * @param pid the process id
 * @param started when the process started, in whole milliseconds; {@link Instant#EPOCH} when the system did not say
 * @param build the build's id within the process: 1 to 16 lower-case hexadecimal digits
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record BuildOwner(String host, long pid, Instant started, String build) {

    private static final Pattern HOST = Pattern.compile("[a-z0-9][a-z0-9.-]*");
    private static final Pattern BUILD = Pattern.compile("[0-9a-f]{1,16}");
    private static final Pattern TAG = Pattern.compile("([1-9][0-9]{0,18})-([0-9]{1,19})-([0-9a-f]{1,16})-("
            + HOST.pattern() + ")");

    /** Checks the values, so that every owner has a tag that {@link #parse} reads back. */
    public BuildOwner {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(build, "build");
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("host '" + host + "' is not a name as hostName() writes it");
        }
        if (pid <= 0) {
            throw new IllegalArgumentException("pid " + pid + " is not a process id");
        }
        if (started.isBefore(Instant.EPOCH)) {
            throw new IllegalArgumentException("started " + started + " is before 1970");
        }
        if (!BUILD.matcher(build).matches()) {
            throw new IllegalArgumentException("build '" + build + "' is not 1 to 16 lower-case hexadecimal digits");
        }
        started = Instant.ofEpochMilli(started.toEpochMilli());
    }

    /**
     * The owner in one word that container and file names may hold: {@code <pid>-<start in epoch
     * milliseconds>-<build>-<host>}, e.g. {@code 4242-1764598567123-3f9a0c1d-ci-runner-7}.
     *
     * @return the tag, never null
     */
    public String tag() {
        return pid + "-" + started.toEpochMilli() + "-" + build + "-" + host;
    }

    /**
     * Reads a {@link #tag()}.
     *
     * @param tag the text, e.g. a container name without its prefix; may be null
     * @return the owner, or empty when {@code tag} is not exactly a tag
     */
    public static Optional<BuildOwner> parse(String tag) {
        if (tag == null) {
            return Optional.empty();
        }
        Matcher m = TAG.matcher(tag);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BuildOwner(m.group(4), Long.parseLong(m.group(1)),
                    Instant.ofEpochMilli(Long.parseLong(m.group(2))), m.group(3)));
        } catch (NumberFormatException e) {
            return Optional.empty(); // more digits than a long holds
        }
    }

    /**
     * A new build of this process: this machine, this process's id and start, and a random build id.
     *
     * @return the owner, never null
     */
    public static BuildOwner newBuild() {
        return new BuildOwner(hostName(), ThisProcess.PID, ThisProcess.STARTED,
                String.format(Locale.ROOT, "%08x", ThreadLocalRandom.current().nextInt()));
    }

    /**
     * This machine's name, read once: the kernel's ({@code /proc/sys/kernel/hostname}), else {@code HOSTNAME} or
     * {@code COMPUTERNAME}, else Java's, written in lower case with each character other than a letter, digit, dot or
     * dash replaced by a dash; {@code localhost} when nothing says.
     *
     * @return the name, never null
     */
    public static String hostName() {
        return ThisProcess.HOST;
    }

    /**
     * {@code name} as {@link #hostName()} writes a host name.
     *
     * @param name a host name, may be null
     * @return the written name; {@code localhost} for a null or empty one
     */
    public static String hostName(String name) {
        String lower = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        StringBuilder written = new StringBuilder(lower.length());
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            boolean plain = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-';
            written.append(plain ? c : '-');
        }
        while (written.length() > 0 && (written.charAt(0) == '.' || written.charAt(0) == '-')) {
            written.deleteCharAt(0);
        }
        return written.length() == 0 ? "localhost" : written.toString();
    }

    /** This process, looked at once (the holder idiom): reading the host name may take a moment. */
    private static final class ThisProcess {
        static final long PID = ProcessHandle.current().pid();
        static final Instant STARTED = ProcessHandle.current().info().startInstant().orElse(Instant.EPOCH);
        static final String HOST = hostName(readHostName());

        private static String readHostName() {
            try {
                String kernel = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).trim();
                if (!kernel.isEmpty()) {
                    return kernel;
                }
            } catch (IOException | RuntimeException e) {
                // not Linux: ask the environment, then Java
            }
            for (String variable : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
                String value = System.getenv(variable);
                if (value != null && !value.isBlank()) {
                    return value;
                }
            }
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException | RuntimeException e) {
                return "localhost";
            }
        }
    }
}
