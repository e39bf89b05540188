package dev.kiln.plugin.dockersave;

import dev.kiln.api.Artifact;
import dev.kiln.api.ComponentContext;
import dev.kiln.api.ConfigProblem;
import dev.kiln.api.KilnException;
import dev.kiln.api.PartialFile;
import dev.kiln.api.PostProcessContext;
import dev.kiln.api.PostProcessResult;
import dev.kiln.api.PostProcessor;
import dev.kiln.api.Ui;
import dev.kiln.docker.engine.DockerCliOptions;
import dev.kiln.docker.engine.DockerDriver;
import dev.kiln.docker.engine.DockerImageArtifact;
import dev.kiln.docker.engine.DockerEngines;
import dev.kiln.docker.engine.ProgressOutputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BiFunction;
import java.util.Map;

/**
 * The {@code docker-save} post-processor: writes an image to a tar file, as {@code docker save} does, so that
 * {@code docker load} reads it back. Options: {@link DockerSavePostProcessorConfig}.
 *
 * <p>It takes an artifact whose kind is {@value DockerImageArtifact#KIND_IMAGE} (a
 * {@code commit: true} build, {@code docker-tag}, {@code docker-import}) and saves its id, as Packer does: after
 * {@code docker-tag} that is the last {@code repository:tag}, so the archive carries the name. The archive streams
 * from the engine to disk through a small buffer, so memory does not grow with the image. It is written to
 * {@code .<name>.<random>.kiln-part} in the target folder (a {@link PartialFile}) and renamed into place only when
 * complete: a failed or cancelled save deletes the partial (and the folders it created) and leaves an earlier file
 * at {@code path} as it was; one Kiln is killed during is in the build folder's list, for {@code kiln cleanup}.
 *
 * <p>The result ({@link SavedImageArtifact}) is the input image plus the file: same id and metadata, the tar in
 * {@code files()} so {@code checksum} can follow. The input is kept by default, as in Packer.
 */
public final class DockerSavePostProcessor implements PostProcessor<DockerSavePostProcessorConfig> {

    private static final int BUFFER = 1 << 16;

    private final BiFunction<ComponentContext, String, DockerDriver> connector;

    /** Creates the post-processor; it connects to the engine only when it runs. */
    public DockerSavePostProcessor() {
        // a lambda, not a method reference: docker-java loads on first use, not when plugins are listed
        this((context, host) -> DockerEngines.forBuild(context, host));
    }

    DockerSavePostProcessor(BiFunction<ComponentContext, String, DockerDriver> connector) {
        this.connector = connector;
    }

    @Override
    public String type() {
        return "docker-save";
    }

    @Override
    public Class<DockerSavePostProcessorConfig> configType() {
        return DockerSavePostProcessorConfig.class;
    }

    /** The saved image, which must not overwrite an input of the build, even with {@code force}. */
    @Override
    public Map<String, String> localOutputs(DockerSavePostProcessorConfig config) {
        return config.path() == null || config.path().isBlank() ? Map.of() : Map.of("path", config.path());
    }

    @Override
    public List<ConfigProblem> check(DockerSavePostProcessorConfig config) {
        List<ConfigProblem> problems = new ArrayList<>(pathProblems(config.path()));
        DockerCliOptions.dockerPath(config.dockerPath()).ifPresent(problems::add);
        return problems;
    }

    private static List<ConfigProblem> pathProblems(String path) {
        if (path == null || path.isBlank()) {
            return List.of(ConfigProblem.error("path", "name the file to save the image to, e.g. 'out/app.tar'"));
        }
        if (path.endsWith("/") || path.endsWith("\\")) {
            return List.of(ConfigProblem.error("path", "'" + path + "' names a folder; name the file to save the "
                    + "image to, e.g. '" + path + "app.tar'"));
        }
        if (!path.contains("{{")) {
            try {
                Path.of(path);
            } catch (InvalidPathException e) {
                return List.of(ConfigProblem.error("path", "'" + path + "' is not a valid path: " + e.getReason()));
            }
        }
        return List.of();
    }

    @Override
    public PostProcessResult process(PostProcessContext context, Artifact artifact,
                                     DockerSavePostProcessorConfig config) throws InterruptedException {
        DockerImageArtifact input = DockerImageArtifact.require(context, artifact, type(), "save");
        Ui ui = context.ui();
        Path target = Path.of(config.path());
        String image = input.id();
        ui.detail("Saving image: " + image);
        try (DockerDriver driver = connector.apply(context, input.dockerHost())) {
            save(context, driver, image, target, Boolean.TRUE.equals(config.force()), ui);
        }
        ui.detail("Saved to: " + target);
        return new PostProcessResult(new SavedImageArtifact(artifact, target), true, false);
    }

    /**
     * Streams {@code image} into a {@link PartialFile} beside {@code target}, then renames it into place; a kill
     * meanwhile leaves the partial in the build folder's list, for {@code kiln cleanup}.
     */
    private static void save(ComponentContext context, DockerDriver driver, String image, Path target, boolean force,
                             Ui ui) throws InterruptedException {
        if (Files.isDirectory(target)) {
            throw new KilnException("Saving image '" + image + "' to '" + target + "' failed: that is a folder; "
                    + "set path to a file name, e.g. '" + target.resolve("image.tar") + "'.");
        }
        if (!force && Files.exists(target)) {
            throw new KilnException("Saving image '" + image + "' to '" + target + "' failed: the file exists and "
                    + "force is false; delete it, choose another path, or set \"force\": true to replace it.");
        }
        Path folder = target.toAbsolutePath().getParent();
        Deque<Path> created = createFolders(image, target, folder);
        PartialFile temporary = null;
        boolean done = false;
        try {
            try {
                temporary = context.partialFile(target);
            } catch (IOException e) {
                throw failure(image, target, e);
            }
            try (FileChannel channel = FileChannel.open(temporary.path(), StandardOpenOption.WRITE)) {
                // the archive is a little larger than the image (tar headers): the bar may end a bit past its total
                ProgressOutputStream out = new ProgressOutputStream(
                        new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER), ui, "Saving " + image,
                        driver.imageSize(image));
                driver.saveImage(image, out);
                out.flush();
                out.finish();
                channel.force(true);
            } catch (IOException e) {
                throw failure(image, target, e);
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("Saving image '" + image + "' was interrupted");
            }
            try {
                temporary.complete(force);
            } catch (FileAlreadyExistsException e) {
                throw new KilnException("Saving image '" + image + "' to '" + target + "' failed: the file appeared "
                        + "while saving and force is false; it was left alone.", e);
            } catch (IOException e) {
                throw failure(image, target, e);
            }
            done = true;
        } finally {
            if (temporary != null) {
                temporary.close(); // deletes it unless it became the target
            }
            if (!done) {
                while (!created.isEmpty()) {
                    deleteQuietly(created.pop()); // deepest first; a folder someone else filled stays
                }
            }
        }
    }

    /** Creates the missing folders up to {@code folder}; returns those it created, the deepest on top. */
    private static Deque<Path> createFolders(String image, Path target, Path folder) {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = folder; p != null && !Files.exists(p); p = p.getParent()) {
            missing.push(p);
        }
        Deque<Path> created = new ArrayDeque<>();
        try {
            while (!missing.isEmpty()) {
                Path next = missing.pop();
                try {
                    Files.createDirectory(next);
                    created.push(next);
                } catch (FileAlreadyExistsException e) {
                    if (!Files.isDirectory(next)) {
                        throw e;
                    } // else made meanwhile by someone else, e.g. a parallel build
                }
            }
            return created;
        } catch (IOException e) {
            created.forEach(DockerSavePostProcessor::deleteQuietly);
            throw failure(image, target, e);
        }
    }

    private static KilnException failure(String image, Path target, IOException e) {
        String why;
        Path file = parentFile(target);
        if (file != null) {
            why = "'" + file + "' is a file, not a folder; choose another path";
        } else if (e instanceof AccessDeniedException denied) {
            why = "permission denied on '" + denied.getFile() + "'; choose a folder this user may write to";
        } else if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            why = fs.getReason() + (fs.getFile() == null ? "" : " ('" + fs.getFile() + "')")
                    + "; check the path, permissions and free disk space";
        } else {
            why = e.getMessage() + "; check the path, permissions and free disk space";
        }
        return new KilnException("Saving image '" + image + "' to '" + target + "' failed: " + why + ".", e);
    }

    /** The nearest parent of {@code target} that is a file rather than a folder, or null. */
    private static Path parentFile(Path target) {
        for (Path p = target.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                return Files.isDirectory(p) ? null : p;
            }
        }
        return null;
    }

    private static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // a folder that is not empty, or already gone: nothing more to undo
        }
    }
}
