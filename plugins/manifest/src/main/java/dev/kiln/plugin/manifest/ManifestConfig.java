package dev.kiln.plugin.manifest;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Configures the {@code manifest} post-processor, with Packer's options.
 *
 * <pre>{@code
 * { "type": "manifest", "output": "manifest.json", "strip_path": true, "custom_data": { "team": "web" } }
 * }</pre>
 *
 * @param output the manifest file, relative to the working directory; default {@value #DEFAULT_OUTPUT}. Missing
 *     parent folders are created. Each run adds its builds to what the file already holds.
 * @param stripPath write only each file's name, without its folders; default false.
 * @param stripTime leave out the {@code build_time} field; default false.
 * @param customData extra strings recorded with each build, written with sorted keys as Packer does. A value may use
 *     the artifact's metadata as dot-fields, e.g. {@code "{{ .ImageSha256 }}"}; user variables and template
 *     functions are rendered before the build starts.
 */
public record ManifestConfig(String output, boolean stripPath, boolean stripTime, Map<String, String> customData) {

    /** Packer's default manifest file. */
    public static final String DEFAULT_OUTPUT = "packer-manifest.json";

    /** Applies defaults and makes a defensive copy; nothing else (null values are kept for validation to report). */
    public ManifestConfig {
        output = output == null || output.isEmpty() ? DEFAULT_OUTPUT : output;
        customData = customData == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(customData));
    }
}
