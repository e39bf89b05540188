package dev.kiln.runtime.frontend;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Debian's {@code packer} 1.6.6, the differential tests' oracle: the first {@code packer} on the PATH, if 1.6.6. */
public final class PackerOracle {

    private static String command;
    private static boolean looked;

    private PackerOracle() {
    }

    /**
     * The path of Packer 1.6.6. It must be there in CI ({@code .ci/run} installs it), so a missing one fails there;
     * elsewhere the calling test is skipped, saying why.
     */
    public static synchronized String require() {
        if (!looked) {
            looked = true;
            command = find();
        }
        if (command == null && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("packer 1.6.6 is not on the PATH; CI installs it (apt-get install packer)");
        }
        assumeTrue(command != null, "packer 1.6.6 is not on the PATH (apt-get install packer)");
        return command;
    }

    private static String find() {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(folder, "packer");
            if (Files.isExecutable(candidate)) {
                try {
                    Process version = new ProcessBuilder(candidate.toString(), "version").redirectErrorStream(true)
                            .start();
                    String out = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    return version.waitFor(30, TimeUnit.SECONDS) && out.startsWith("Packer v1.6.6")
                            ? candidate.toString() : null;
                } catch (IOException e) {
                    return null;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        }
        return null;
    }
}
