package com.example.kiln.artifactlog;

/**
 * Configures the {@code example-artifact-log} post-processor.
 *
 * <pre>{@code
 * { "type": "example-artifact-log", "output": "logs/artifacts.log" }
 * }</pre>
 *
 * @param output the text file each artifact is appended to, relative to the working directory; default
 *     {@value #DEFAULT_OUTPUT}. Missing parent folders are created.
 */
public record ArtifactLogConfig(String output) {

    /** The default log file. */
    public static final String DEFAULT_OUTPUT = "kiln-artifacts.log";

    /** Applies the default; nothing else. */
    public ArtifactLogConfig {
        output = output == null ? DEFAULT_OUTPUT : output;
    }
}
