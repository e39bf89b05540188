package dev.kiln.plugin.file;

import java.util.ArrayList;
import java.util.List;

/**
 * Configures the {@code file} provisioner, which copies files and directories to the machine being built, or from
 * it. Its Javadoc is the option reference; keys are Packer's snake_case names.
 *
 * <p>Exactly one of {@code content} and {@code source}/{@code sources} must be given, and {@code destination}
 * always. For a directory the trailing slash of the source matters, as in Packer: {@code "dir"} copies the
 * directory itself into {@code destination} (giving {@code <destination>/dir}), {@code "dir/"} copies only its
 * contents into {@code destination}.
 *
 * @param source a path to copy: with {@code direction} {@code upload} a local file or directory, relative paths
 *     resolved against the working directory; with {@code download} a path on the machine. A file uploaded to a
 *     {@code destination} ending in {@code /} keeps its name there.
 * @param sources several paths to copy, in order, each as {@code source}; {@code source}, when also given, comes
 *     last (as in Packer). With more than one, {@code destination} must end in {@code /}. A single string is
 *     accepted.
 * @param content text to write, UTF-8 encoded, to the file {@code destination} (mode 0644) instead of copying a
 *     file; a {@code destination} ending in {@code /} gets a file named {@code pkr-file-content}, as in Packer.
 *     Cannot be combined with {@code source} or {@code sources}, and only uploads.
 * @param destination where the copy goes: with {@code upload} an absolute path on the machine, with
 *     {@code download} a local path. Missing parent directories are created. Required.
 * @param direction {@code upload} (the default: from here to the machine) or {@code download} (from the machine to
 *     here). A download of {@code "/path/dir/"} writes the directory's contents into {@code destination}; a download
 *     of a file or of {@code "/path/dir"} writes it at {@code destination}, or inside it when {@code destination}
 *     ends in {@code /}.
 * @param generated whether the local sources of an upload may be missing when the template is validated, because
 *     an earlier step of the build creates them; default false, which reports a missing source at validation.
 * @since 0.1
 */
public record FileProvisionerConfig(
        String source,
        List<String> sources,
        String content,
        String destination,
        String direction,
        boolean generated) {

    /** The {@code direction} that copies to the machine, the default. */
    public static final String UPLOAD = "upload";
    /** The {@code direction} that copies from the machine. */
    public static final String DOWNLOAD = "download";

    /** Fills in Packer's defaults; empty strings count as absent, as in Packer. */
    public FileProvisionerConfig {
        source = empty(source) ? null : source;
        List<String> copy = new ArrayList<>();
        if (sources != null) {
            for (String s : sources) {
                copy.add(s == null ? "" : s);
            }
        }
        sources = List.copyOf(copy);
        content = empty(content) ? null : content;
        destination = empty(destination) ? null : destination;
        direction = empty(direction) ? UPLOAD : direction;
    }

    /**
     * A config that uploads {@code source} to {@code destination}; handy in tests and examples.
     *
     * @param source the local path
     * @param destination the path on the machine
     * @return the config
     */
    public static FileProvisionerConfig upload(String source, String destination) {
        return new FileProvisionerConfig(source, null, null, destination, UPLOAD, false);
    }

    /**
     * A config that downloads {@code source} to {@code destination}; handy in tests and examples.
     *
     * @param source the path on the machine
     * @param destination the local path
     * @return the config
     */
    public static FileProvisionerConfig download(String source, String destination) {
        return new FileProvisionerConfig(source, null, null, destination, DOWNLOAD, false);
    }

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }
}
