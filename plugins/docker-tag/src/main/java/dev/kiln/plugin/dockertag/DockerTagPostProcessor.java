package dev.kiln.plugin.dockertag;

import dev.kiln.api.Artifact;
import dev.kiln.api.ComponentContext;
import dev.kiln.api.ConfigProblem;
import dev.kiln.api.KilnException;
import dev.kiln.api.PostProcessContext;
import dev.kiln.api.PostProcessResult;
import dev.kiln.api.PostProcessor;
import dev.kiln.api.Ui;
import dev.kiln.docker.engine.DockerImageArtifact;
import dev.kiln.docker.engine.DockerCliOptions;
import dev.kiln.docker.engine.DockerDriver;
import dev.kiln.docker.engine.DockerEngines;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * The {@code docker-tag} post-processor: tags the image a {@code docker} build committed, or that an earlier
 * {@code docker-tag} or {@code docker-import} produced. Options: {@link DockerTagPostProcessorConfig}.
 *
 * <p>It reaches the same engine as the build through the docker plugin's driver, using the engine address the input
 * artifact carries ({@value DockerImageArtifact#DOCKER_HOST}). The result is an image artifact of type
 * {@code docker-tag} whose id is the last {@code repository:tag}; the input is always kept, because a tag is worthless
 * without its image.
 */
public final class DockerTagPostProcessor implements PostProcessor<DockerTagPostProcessorConfig> {

    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern REPOSITORY = Pattern.compile(
            "(?:[a-zA-Z0-9.-]+(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");

    private final BiFunction<ComponentContext, String, DockerDriver> connector;

    /** Creates the post-processor; it connects to the engine only when it runs. */
    public DockerTagPostProcessor() {
        // a lambda, not a method reference: docker-java loads on first use, not when plugins are listed
        this((context, host) -> DockerEngines.forBuild(context, host));
    }

    DockerTagPostProcessor(BiFunction<ComponentContext, String, DockerDriver> connector) {
        this.connector = connector;
    }

    @Override
    public String type() {
        return "docker-tag";
    }

    @Override
    public Class<DockerTagPostProcessorConfig> configType() {
        return DockerTagPostProcessorConfig.class;
    }

    @Override
    public List<ConfigProblem> check(DockerTagPostProcessorConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        String repository = config.repository();
        if (repository == null || repository.isBlank()) {
            problems.add(ConfigProblem.error("repository", "name the repository to tag, e.g. 'acme/app'"));
        } else if (!repository.contains("{{")) {
            String name = withoutTag(repository);
            if (!REPOSITORY.matcher(name).matches()) {
                problems.add(ConfigProblem.error("repository", "'" + repository + "' is not a valid repository "
                        + "name: " + (name.equals(name.toLowerCase(Locale.ROOT)) ? "use lower-case letters, digits "
                        + "and separators ('.', '_', '-', '/')" : "it must be lower-case") + ", e.g. 'acme/app'"));
            } else if (!name.equals(repository) && !allTags(config).isEmpty()) {
                problems.add(ConfigProblem.error("repository", "'" + repository + "' already names a tag; put the "
                        + "tag in tags instead, e.g. \"repository\": \"" + name + "\", \"tags\": [\""
                        + repository.substring(name.length() + 1) + "\"]"));
            }
        }
        boolean deprecatedTag = config.tag() != null && !config.tag().isBlank();
        if (deprecatedTag) {
            problems.add(ConfigProblem.warning("tag", "is deprecated; use \"tags\": [\"" + config.tag().trim()
                    + "\"] instead"));
        }
        List<String> tags = allTags(config);
        for (int i = 0; i < tags.size(); i++) {
            String tag = tags.get(i) == null ? "" : tags.get(i).trim();
            if (!tag.contains("{{") && !TAG.matcher(tag).matches()) {
                String key = deprecatedTag && i == tags.size() - 1 ? "tag" : "tags[" + i + "]";
                problems.add(ConfigProblem.error(key, "'" + tag + "' is not a valid tag; use letters, digits, '_', "
                        + "'.' and '-' (at most 128, not starting with '.' or '-'), e.g. '1.0'"));
            }
        }
        DockerCliOptions.dockerPath(config.dockerPath()).ifPresent(problems::add);
        return problems;
    }

    @Override
    public PostProcessResult process(PostProcessContext context, Artifact artifact,
                                     DockerTagPostProcessorConfig config) throws InterruptedException {
        DockerImageArtifact image = DockerImageArtifact.require(context, artifact, type(), "tag");
        Ui ui = context.ui();
        String repository = withoutTag(config.repository().trim());
        List<String> tags = allTags(config);
        if (tags.isEmpty() && !repository.equals(config.repository().trim())) {
            tags = List.of(config.repository().trim().substring(repository.length() + 1));
        }
        String host = image.dockerHost();
        // Tag by image ID when known: a name such as an earlier docker-tag's 'acme/app:latest' may meanwhile have
        // been moved to another image by a parallel build.
        String source = image.imageId() == null || image.imageId().isBlank() ? image.id() : image.imageId();
        List<String> names = new ArrayList<>();
        try (DockerDriver driver = connector.apply(context, host)) {
            if (tags.isEmpty()) {
                ui.detail("Tagging image: " + image.id());
                ui.detail("Repository: " + repository);
                driver.tag(source, repository, null, Boolean.TRUE.equals(config.force()));
                names.add(repository);
            }
            for (String tag : tags) {
                String name = repository + ":" + tag.trim();
                ui.detail("Tagging image: " + image.id());
                ui.detail("Repository: " + name);
                driver.tag(source, repository, tag.trim(), Boolean.TRUE.equals(config.force()));
                names.add(name);
            }
        }
        String last = names.get(names.size() - 1);
        return new PostProcessResult(image.retagged(type(), last, names), true, true);
    }

    /**
     * {@code tags} then the deprecated {@code tag}. An entry holding commas is split, as Packer splits a single
     * comma-separated string, in case the runtime passed {@code "1.0,latest"} through as one element.
     */
    private static List<String> allTags(DockerTagPostProcessorConfig config) {
        List<String> tags = new ArrayList<>();
        for (String tag : config.tags()) {
            if (tag != null && tag.contains(",") && !tag.contains("{{")) {
                for (String part : tag.split(",")) {
                    if (!part.isBlank()) {
                        tags.add(part.trim());
                    }
                }
            } else {
                tags.add(tag);
            }
        }
        if (config.tag() != null && !config.tag().isBlank()) {
            tags.add(config.tag());
        }
        return tags;
    }

    /** The repository without a trailing {@code :tag} (a {@code host:port/} prefix is kept). */
    private static String withoutTag(String repository) {
        int colon = repository.lastIndexOf(':');
        return colon > repository.lastIndexOf('/') ? repository.substring(0, colon) : repository;
    }
}
