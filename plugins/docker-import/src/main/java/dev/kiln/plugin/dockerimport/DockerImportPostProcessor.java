package dev.kiln.plugin.dockerimport;

import dev.kiln.api.Artifact;
import dev.kiln.api.ComponentContext;
import dev.kiln.api.ConfigProblem;
import dev.kiln.api.KilnException;
import dev.kiln.api.PostProcessContext;
import dev.kiln.api.PostProcessResult;
import dev.kiln.api.PostProcessor;
import dev.kiln.api.Ui;
import dev.kiln.docker.engine.DockerCliOptions;
import dev.kiln.docker.engine.DockerDriver;
import dev.kiln.docker.engine.DockerImageArtifact;
import dev.kiln.docker.engine.DockerEngines;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * The {@code docker-import} post-processor: imports the tar of a docker build's {@code export_path} as an image, with
 * {@code changes} applied, as {@code docker import} does. Options: {@link DockerImportPostProcessorConfig}.
 *
 * <p>It takes an artifact whose kind is {@value DockerImageArtifact#KIND_EXPORT} and
 * that has one file; the file streams to the engine, so memory does not grow with it. The result is an image
 * artifact of type {@code docker-import} ({@value DockerImageArtifact#KIND_IMAGE}), id {@code repository:tag} (the
 * image ID without a repository), which {@code docker-tag}, {@code docker-save} and {@code docker-push} take. As in
 * Packer, the input is not kept by default: the tar is deleted unless {@code keep_input_artifact} is true.
 */
public final class DockerImportPostProcessor implements PostProcessor<DockerImportPostProcessorConfig> {

    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern REPOSITORY = Pattern.compile(
            "(?:[a-zA-Z0-9.-]+(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
    /** The instructions {@code docker import --change} accepts. */
    private static final Set<String> CHANGES = Set.of("CMD", "ENTRYPOINT", "ENV", "EXPOSE", "LABEL", "ONBUILD",
            "USER", "VOLUME", "WORKDIR");
    private static final int BUFFER = 1 << 16;

    private final BiFunction<ComponentContext, String, DockerDriver> connector;

    /** Creates the post-processor; it connects to the engine only when it runs. */
    public DockerImportPostProcessor() {
        // a lambda, not a method reference: docker-java loads on first use, not when plugins are listed
        this((context, host) -> DockerEngines.forBuild(context, host));
    }

    DockerImportPostProcessor(BiFunction<ComponentContext, String, DockerDriver> connector) {
        this.connector = connector;
    }

    @Override
    public String type() {
        return "docker-import";
    }

    @Override
    public Class<DockerImportPostProcessorConfig> configType() {
        return DockerImportPostProcessorConfig.class;
    }

    @Override
    public List<ConfigProblem> check(DockerImportPostProcessorConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        String repository = config.repository();
        if (repository != null && !repository.isBlank() && !repository.contains("{{")
                && !REPOSITORY.matcher(repository.trim()).matches()) {
            String name = repository.trim();
            problems.add(ConfigProblem.error("repository", "'" + repository + "' is not a valid repository name: "
                    + (name.contains(":") && name.lastIndexOf(':') > name.lastIndexOf('/')
                            ? "put the tag in tag instead"
                            : name.equals(name.toLowerCase(Locale.ROOT))
                                    ? "use lower-case letters, digits and separators ('.', '_', '-', '/')"
                                    : "it must be lower-case") + ", e.g. 'acme/app'"));
        }
        String tag = config.tag();
        if (tag != null && !tag.isBlank() && !tag.contains("{{") && !TAG.matcher(tag.trim()).matches()) {
            problems.add(ConfigProblem.error("tag", "'" + tag + "' is not a valid tag; use letters, digits, '_', "
                    + "'.' and '-' (at most 128, not starting with '.' or '-'), e.g. '1.0'"));
        }
        if (tag != null && !tag.isBlank() && (repository == null || repository.isBlank())) {
            problems.add(ConfigProblem.error("tag", "needs a repository to tag; set repository, e.g. 'acme/app'"));
        }
        for (int i = 0; i < config.changes().size(); i++) {
            String change = config.changes().get(i) == null ? "" : config.changes().get(i).trim();
            String instruction = change.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
            if (!change.contains("{{") && !CHANGES.contains(instruction)) {
                problems.add(ConfigProblem.error("changes[" + i + "]", "'" + change + "' is not an instruction "
                        + "docker import applies; use one of " + String.join(", ", CHANGES.stream().sorted()
                        .toList()) + ", e.g. 'CMD [\"/bin/sh\"]'"));
            }
        }
        DockerCliOptions.dockerPath(config.dockerPath()).ifPresent(problems::add);
        return problems;
    }

    @Override
    public PostProcessResult process(PostProcessContext context, Artifact artifact,
                                     DockerImportPostProcessorConfig config) throws InterruptedException {
        Path tar = acceptedFile(context, artifact);
        Ui ui = context.ui();
        String repository = blankToNull(config.repository());
        String tag = repository == null ? null : blankToNull(config.tag());
        // as in Packer, the id is repository[:tag]; the engine names the image repository:latest without a tag
        String name = repository == null ? null : repository + (tag == null ? "" : ":" + tag);
        String host = artifact.metadata().get(DockerImageArtifact.DOCKER_HOST);
        ui.detail("Importing image: " + tar);
        if (name != null) {
            ui.detail("Repository: " + name);
        }
        String imageId;
        try (DockerDriver driver = connector.apply(context, host)) {
            imageId = driver.importImage(out -> copy(tar, out), repository, tag, config.changes(),
                    blankToNull(config.platform()));
        }
        ui.detail("Imported ID: " + imageId);
        DockerImageArtifact imported = new DockerImageArtifact(type(), name == null ? imageId : name, imageId,
                name == null ? List.of() : List.of(name), host, h -> connector.apply(context, h));
        return new PostProcessResult(imported, false, false);
    }

    private static void copy(Path file, OutputStream out) throws java.io.IOException, InterruptedException {
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("Importing '" + file + "' was interrupted");
                }
                out.write(buffer, 0, n);
            }
        }
    }

    /** The tar to import, or a failure saying which artifact this is, from which build, and what is accepted. */
    private static Path acceptedFile(PostProcessContext context, Artifact artifact) {
        String kind = artifact.kind();
        String which = "Unknown artifact type: " + artifact.builderType() + " ('" + artifact.describe()
                + "', from build '" + context.buildName() + "')\n";
        String accepts = "Can only import the file a docker build exports (export_path)";
        if (DockerImageArtifact.KIND_IMAGE.equals(kind)) {
            throw new KilnException(which + accepts + ". This is an image already in the engine (commit: true, "
                    + "docker-tag or docker-import), so there is nothing to import; use docker-tag to name it, or "
                    + "set export_path instead of commit in the docker builder.");
        }
        if (DockerImageArtifact.KIND_DISCARDED.equals(kind)) {
            throw new KilnException(which + accepts + ". This build discarded its container (discard: true), so "
                    + "there is no file to import; set export_path instead.");
        }
        if (!DockerImageArtifact.KIND_EXPORT.equals(kind) || artifact.files().isEmpty()) {
            throw new KilnException(which + accepts + " (kind " + DockerImageArtifact.KIND_EXPORT + "); this "
                    + "artifact's kind is '" + kind + "'.");
        }
        if (artifact.files().size() > 1) {
            throw new KilnException(which + accepts + "; this artifact has " + artifact.files().size() + " files ("
                    + String.join(", ", artifact.files()) + ") and docker-import takes one.");
        }
        Path file = Path.of(artifact.files().get(0));
        if (!Files.isRegularFile(file)) {
            throw new KilnException("Importing '" + file + "' (from build '" + context.buildName() + "') failed: "
                    + "the file does not exist any more; keep it with keep_input_artifact on an earlier "
                    + "post-processor, or do not delete it while the build runs.");
        }
        return file;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
