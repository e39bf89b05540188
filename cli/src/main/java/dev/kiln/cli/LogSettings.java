package dev.kiln.cli;

import dev.kiln.runtime.log.LogMasking;
import java.nio.charset.Charset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What {@code KILN_LOG} asks of the diagnostic log, as the system properties of SLF4J's simple logger.
 *
 * <p>{@code KILN_LOG} is a level ({@code trace}, {@code debug}, {@code info}, {@code warn}, {@code error}, {@code off})
 * and, comma-separated, {@code wire}. Unset or blank, the log is off. Any other value turns it on at {@code debug},
 * as {@code PACKER_LOG=1} does Packer's. docker-java's loggers (its command dumps and its HTTP client's
 * {@code headers} and {@code wire} logs) and those of Kiln's own client for local engines
 * ({@value #KILN_WIRE_LOGGERS}{@code .headers}, {@code .wire}) stay at {@code info} unless {@code wire} is given: they
 * carry every request
 * and response, and are named only when wanted. Either way every line is masked (see
 * {@link dev.kiln.runtime.log.LogMasking}).
 */
public final class LogSettings {

    private static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error", "off");
    /** docker-java and the HTTP client it shades into {@code com.github.dockerjava.zerodep.shaded}. */
    static final String WIRE_LOGGERS = "com.github.dockerjava";
    /** Kiln's own client for local engines ({@code dev.kiln.docker.engine.UnixSocketHttpClient}). */
    static final String KILN_WIRE_LOGGERS = "dev.kiln.docker.engine.http";

    private LogSettings() {
    }

    /**
     * Sets up the diagnostic log of this process, before any logger exists: SLF4J is Kiln's diagnostic log, never
     * its output, silent unless {@code kilnLog} asks (then on stderr with stack traces, docker-java's wire log only
     * with {@code debug,wire}); and everything on stderr, the log first of all, is masked with the sensitive values
     * of the templates loaded.
     *
     * @param kilnLog the value of {@code KILN_LOG}, or null
     */
    public static void setUp(String kilnLog) {
        properties(kilnLog).forEach(System::setProperty);
        System.setErr(LogMasking.masking(System.err, stderrCharset()));
    }

    /**
     * The simple logger's properties for a {@code KILN_LOG} value.
     *
     * @param kilnLog the value, or null
     * @return property names and values, to set before any logger exists
     */
    static Map<String, String> properties(String kilnLog) {
        String level = "off";
        boolean wire = false;
        if (kilnLog != null && !kilnLog.isBlank()) {
            level = null;
            for (String token : kilnLog.toLowerCase(Locale.ROOT).split("[,\\s]+")) {
                if (token.equals("wire")) {
                    wire = true;
                } else if (LEVELS.contains(token)) {
                    level = token;
                }
            }
            level = level == null ? "debug" : level;
        }
        boolean belowInfo = level.equals("debug") || level.equals("trace");
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("org.slf4j.simpleLogger.defaultLogLevel", level);
        properties.put("org.slf4j.simpleLogger.log." + WIRE_LOGGERS, belowInfo && !wire ? "info" : level);
        properties.put("org.slf4j.simpleLogger.log." + KILN_WIRE_LOGGERS, belowInfo && !wire ? "info" : level);
        properties.put("org.slf4j.simpleLogger.logFile", "System.err");
        // named, so that SLF4J does not look through every jar on the class path for one; with the log off, the
        // one that does nothing, which spares the simple logger's set-up too (12 ms of a cold start's CPU). SLF4J
        // says which it took on stderr at its "info" verbosity.
        properties.put("slf4j.provider", level.equals("off") ? "org.slf4j.helpers.NOP_FallbackServiceProvider"
                : "org.slf4j.simple.SimpleServiceProvider");
        properties.put("slf4j.internal.verbosity", "WARN");
        return properties;
    }

    /** The charset {@code System.err} prints in, as the JDK chose it at start-up. */
    static Charset stderrCharset() {
        for (String property : new String[] {"stderr.encoding", "sun.stderr.encoding"}) {
            String name = System.getProperty(property);
            if (name != null && Charset.isSupported(name)) {
                return Charset.forName(name);
            }
        }
        return Charset.defaultCharset();
    }
}
