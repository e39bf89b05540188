package dev.kiln.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Facts about this Kiln; the runtime's front door is {@link dev.kiln.runtime.session.KilnSession}. */
public final class Kiln {

    private Kiln() {
    }

    /** Kiln's version, e.g. {@code 0.1.0}; read once from the jar. */
    public static String version() {
        return Version.VALUE;
    }

    /** Reads the version on first use only (the holder idiom), not on every call. */
    private static final class Version {
        static final String VALUE = read();

        private static String read() {
            try (InputStream in = Kiln.class.getResourceAsStream("version.properties")) {
                Properties properties = new Properties();
                properties.load(in);
                return properties.getProperty("version");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
