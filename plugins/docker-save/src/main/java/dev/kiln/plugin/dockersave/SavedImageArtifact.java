package dev.kiln.plugin.dockersave;

import dev.kiln.api.Artifact;
import dev.kiln.api.KilnException;
import dev.kiln.docker.engine.DockerImageArtifact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code docker-save} returns: the saved image, described as its input was (same id, and the input's metadata,
 * and its kind, {@value DockerImageArtifact#KIND_IMAGE}, so image post-processors
 * such as {@code docker-push} can follow), plus the tar file in {@link #files()}, so {@code checksum} can follow too.
 * {@link #destroy()} deletes the file only; the image belongs to the input artifact.
 */
final class SavedImageArtifact implements Artifact {

    /** Metadata key: the saved file; the same path as {@link #files()}. */
    static final String SAVED_PATH = "docker.saved-path";

    private final Artifact image;
    private final Path file;

    SavedImageArtifact(Artifact image, Path file) {
        this.image = image;
        this.file = file;
    }

    @Override
    public String builderType() {
        return "docker-save";
    }

    @Override
    public String kind() {
        return image.kind();
    }

    @Override
    public String id() {
        return image.id();
    }

    @Override
    public List<String> files() {
        return List.of(file.toString());
    }

    @Override
    public Map<String, String> metadata() {
        Map<String, String> metadata = new LinkedHashMap<>(image.metadata());
        metadata.put(SAVED_PATH, file.toString());
        return Collections.unmodifiableMap(metadata);
    }

    @Override
    public String describe() {
        return "Saved Docker image " + image.id() + " to: " + file;
    }

    @Override
    public void destroy() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new KilnException("Deleting the saved image '" + file + "' failed: " + e.getMessage()
                    + "; delete it yourself.", e);
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
