package dev.kiln.plugin.dockerpush;

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
import dev.kiln.docker.engine.TransferListener;
import dev.kiln.docker.engine.RegistryAuth;
import dev.kiln.docker.engine.RegistryCredentials;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The {@code docker-push} post-processor: pushes every {@code repository:tag} its input image carries to its
 * registry, each exactly once. Options: {@link DockerPushPostProcessorConfig}.
 *
 * <p>It accepts any image artifact (kind {@value DockerImageArtifact#KIND_IMAGE}) that
 * carries names: what {@code docker-tag} and {@code docker-import} produce. Credentials per name: the {@code login_*}
 * ones for {@code login_server} (or every registry when it is absent), otherwise those the docker CLI keeps for the
 * name's registry ({@link RegistryCredentials}). A push fails on the first error the engine reports in its stream.
 *
 * <p>As Packer's, the result is an image artifact of type {@code docker-import} with the input's id and names, and the
 * input is kept unless {@code keep_input_artifact} says otherwise.
 */
public final class DockerPushPostProcessor implements PostProcessor<DockerPushPostProcessorConfig> {

    /** How long one name's push may take. */
    static final Duration TIMEOUT = Duration.ofMinutes(30);

    private static final String ECR_INSTEAD = "Amazon ECR login is not supported by Kiln; get a token yourself "
            + "('aws ecr get-login-password') and pass it as login_password with login_username 'AWS' and "
            + "login_server, or let docker-credential-ecr-login provide it (credHelpers in the docker configuration)";

    private final BiFunction<ComponentContext, String, DockerDriver> connector;
    private final Supplier<RegistryCredentials> credentials;

    /** Creates the post-processor; it connects to the engine only when it runs. */
    public DockerPushPostProcessor() {
        // lambdas, not method references: docker-java loads on first use, not when plugins are listed
        this((context, host) -> DockerEngines.forBuild(context, host), () -> RegistryCredentials.fromEnvironment());
    }

    DockerPushPostProcessor(BiFunction<ComponentContext, String, DockerDriver> connector,
                            Supplier<RegistryCredentials> credentials) {
        this.connector = connector;
        this.credentials = credentials;
    }

    @Override
    public String type() {
        return "docker-push";
    }

    @Override
    public Class<DockerPushPostProcessorConfig> configType() {
        return DockerPushPostProcessorConfig.class;
    }

    @Override
    public List<ConfigProblem> check(DockerPushPostProcessorConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        if (config.loginEmail() != null) {
            problems.add(ConfigProblem.error("login_email", "Deprecated configuration key: 'login_email'. Remove "
                    + "it: registries take no e-mail address at login (Packer 1.6.6 refuses it too; 'packer fix' "
                    + "removes it)"));
        }
        if (config.login() && (blank(config.loginUsername()) || blank(config.loginPassword()))) {
            // Packer would run 'docker login' without them, which asks at a terminal and fails in CI
            problems.add(ConfigProblem.error("login", "login is true, so set login_username and login_password (the "
                    + "registry's user and password or token), or set login: false to use the credentials of the "
                    + "docker configuration"));
        }
        if (!config.login()) {
            List<String> set = new ArrayList<>();
            if (!blank(config.loginServer())) {
                set.add("login_server");
            }
            if (!blank(config.loginUsername())) {
                set.add("login_username");
            }
            if (!blank(config.loginPassword())) {
                set.add("login_password");
            }
            if (!set.isEmpty()) {
                problems.add(ConfigProblem.warning(set.get(0), String.join(", ", set)
                        + (set.size() == 1 ? " is" : " are") + " set but login is false, so the push uses the "
                        + "credentials of the docker configuration (DOCKER_CONFIG or ~/.docker/config.json); set "
                        + "login: true to use them"));
            }
        }
        if (Boolean.TRUE.equals(config.ecrLogin())) {
            problems.add(ConfigProblem.error("ecr_login", "is not supported: " + ECR_INSTEAD));
        }
        if (Boolean.TRUE.equals(config.awsForceUsePublicEcr())) {
            problems.add(ConfigProblem.error("aws_force_use_public_ecr", "is not supported: " + ECR_INSTEAD));
        }
        Map<String, String> aws = new java.util.LinkedHashMap<>();
        aws.put("aws_access_key", config.awsAccessKey());
        aws.put("aws_secret_key", config.awsSecretKey());
        aws.put("aws_token", config.awsToken());
        aws.put("aws_profile", config.awsProfile());
        aws.forEach((option, value) -> {
            if (value != null) {
                problems.add(ConfigProblem.error(option, "is not supported: " + ECR_INSTEAD));
            }
        });
        if (!blank(config.platform())) {
            problems.add(ConfigProblem.warning("platform", "'" + config.platform().trim() + "' is ignored: each "
                    + "name is pushed as the engine holds it, because the engine API Kiln uses (1.41, Docker 20.10) "
                    + "has no platform on push; to push another platform's image, build it with the docker "
                    + "builder's platform and tag that"));
        }
        DockerCliOptions.dockerPath(config.dockerPath()).ifPresent(problems::add);
        return problems;
    }

    @Override
    public PostProcessResult process(PostProcessContext context, Artifact artifact,
                                     DockerPushPostProcessorConfig config) throws InterruptedException {
        DockerImageArtifact image = DockerImageArtifact.require(context, artifact, type(), "push");
        List<String> names = names(image);
        if (names.isEmpty()) {
            throw new KilnException("Image '" + artifact.id() + "' has no name to push; put a docker-tag "
                    + "post-processor before docker-push, e.g. {\"type\": \"docker-tag\", \"repository\": "
                    + "\"registry.example.com/acme/app\", \"tags\": [\"1.0\"]}.");
        }
        Ui ui = context.ui();
        String host = image.dockerHost();
        RegistryCredentials stored = null;
        try (DockerDriver driver = connector.apply(context, host)) {
            for (String name : names) {
                String registry = RegistryCredentials.registryOf(name);
                RegistryAuth auth;
                String source;
                if (config.login() && (blank(config.loginServer()) || RegistryCredentials.hostOf(config.loginServer())
                        .equals(RegistryCredentials.hostOf(registry)))) {
                    auth = new RegistryAuth(blank(config.loginServer()) ? registry : config.loginServer().trim(),
                            config.loginUsername(), config.loginPassword());
                    source = "login_username";
                } else {
                    if (stored == null) {
                        stored = credentials.get();
                    }
                    Optional<RegistryCredentials.Found> found = stored.find(registry);
                    auth = found.map(RegistryCredentials.Found::auth).orElse(null);
                    source = found.map(RegistryCredentials.Found::source).orElse(null);
                }
                ui.detail("Pushing: " + name);
                if (auth != null) {
                    ui.detail("Using " + auth.describe() + " for '" + shown(registry)
                            + "' (" + source + ")");
                }
                driver.push(name, auth, TransferListener.to(ui), TIMEOUT);
            }
        }
        return new PostProcessResult(image.retagged("docker-import", image.id(), image.tags()), true, false);
    }

    /**
     * The names to push, each once: the input's tags in order, and its id first when that is a name the tags lack
     * (a {@code docker-import} artifact). Packer pushes the id and then every tag, so the last tag went twice.
     */
    static List<String> names(DockerImageArtifact artifact) {
        Set<String> names = new LinkedHashSet<>();
        String id = artifact.id();
        List<String> tags = artifact.tags();
        if (id != null && !id.isBlank() && !id.startsWith("sha256:") && !tags.contains(id.trim())) {
            names.add(id.trim());
        }
        names.addAll(tags);
        return List.copyOf(names);
    }

    private static String shown(String registry) {
        return RegistryCredentials.DOCKER_HUB.equals(registry) ? "Docker Hub" : registry;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
