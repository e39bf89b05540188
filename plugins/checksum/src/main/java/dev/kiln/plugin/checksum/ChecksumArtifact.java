package dev.kiln.plugin.checksum;

import dev.kiln.api.Artifact;
import dev.kiln.api.KilnException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code checksum} passes on, as Packer's artifact (builder id {@code packer.post-processor.checksum}): the
 * input's files followed by the checksum files, no id, described as {@code Created artifact from files: …}.
 *
 * <p>{@link #destroy()} deletes only the checksum files: the input's files belong to the input artifact, which
 * {@code checksum} always keeps (Packer's would delete them too).
 */
final class ChecksumArtifact implements Artifact {

    private final List<String> files;
    private final List<Path> checksumFiles;

    ChecksumArtifact(List<String> inputFiles, List<Path> checksumFiles) {
        List<String> all = new ArrayList<>(inputFiles);
        checksumFiles.forEach(path -> all.add(path.toString()));
        this.files = List.copyOf(all);
        this.checksumFiles = List.copyOf(checksumFiles);
    }

    @Override
    public String builderType() {
        return "checksum";
    }

    @Override
    public String id() {
        return "";
    }

    @Override
    public List<String> files() {
        return files;
    }

    /** Only the checksum files, in the order they were first written. */
    List<Path> checksumFiles() {
        return checksumFiles;
    }

    @Override
    public Map<String, String> metadata() {
        return Map.of();
    }

    @Override
    public String describe() {
        return "Created artifact from files: " + String.join(", ", files);
    }

    @Override
    public void destroy() {
        for (Path file : checksumFiles) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new KilnException("Deleting the checksum file '" + file + "' failed (" + e.getMessage()
                        + "); delete it yourself.", e);
            }
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
