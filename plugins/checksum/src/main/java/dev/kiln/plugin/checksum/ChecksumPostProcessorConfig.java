package dev.kiln.plugin.checksum;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Configures the {@code checksum} post-processor, with Packer's options.
 *
 * <pre>{@code
 * { "type": "checksum", "checksum_types": ["sha1", "sha256"], "output": "out/{{.BuildName}}_{{.ChecksumType}}.checksum" }
 * }</pre>
 *
 * @param checksumTypes the checksums to compute, from {@code md5}, {@code sha1}, {@code sha224}, {@code sha256},
 *     {@code sha384} and {@code sha512}; default {@code ["md5"]}. A single string is accepted for a list of one.
 * @param output the file the checksums are appended to, relative to the working directory; default
 *     {@value #DEFAULT_OUTPUT}. Besides user variables and template functions it may use the dot-fields
 *     {@code {{.BuildName}}}, {@code {{.BuilderType}}} and {@code {{.ChecksumType}}}, rendered once per checksum
 *     type when the post-processor runs. Missing parent folders are created.
 */
public record ChecksumPostProcessorConfig(List<String> checksumTypes, String output) {

    /** Packer's default {@code output}. */
    public static final String DEFAULT_OUTPUT = "packer_{{.BuildName}}_{{.BuilderType}}_{{.ChecksumType}}.checksum";

    /** Applies Packer's defaults and makes a defensive copy (null entries are kept for validation to report). */
    public ChecksumPostProcessorConfig {
        checksumTypes = checksumTypes == null || checksumTypes.isEmpty() ? List.of("md5")
                : Collections.unmodifiableList(new ArrayList<>(checksumTypes));
        output = output == null || output.isEmpty() ? DEFAULT_OUTPUT : output;
    }
}
