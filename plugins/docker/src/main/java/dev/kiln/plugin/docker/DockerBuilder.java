package dev.kiln.plugin.docker;

import dev.kiln.docker.engine.DockerImageArtifact;
import dev.kiln.api.ComponentContext;
import dev.kiln.api.Artifact;
import dev.kiln.api.BuildContext;
import dev.kiln.api.BuildOwner;
import dev.kiln.api.Builder;
import dev.kiln.api.ConfigProblem;
import dev.kiln.api.KilnException;
import dev.kiln.api.LeftoverSweeper;
import dev.kiln.api.SweepContext;
import dev.kiln.api.Ui;
import dev.kiln.api.step.StateBag;
import dev.kiln.api.step.Step;
import dev.kiln.docker.engine.ContainerSummary;
import dev.kiln.docker.engine.DockerCliOptions;
import dev.kiln.docker.engine.DockerDriver;
import dev.kiln.docker.engine.DockerEngines;
import dev.kiln.docker.engine.DockerJavaDriver;
import dev.kiln.docker.engine.RegistryAuth;
import dev.kiln.docker.engine.RegistryCredentials;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@code docker} builder: runs a container from an image, provisions it through the {@code docker} communicator,
 * then commits it to an image, exports its filesystem or discards it. Options: {@link DockerBuilderConfig}.
 *
 * <p>Steps, in order: pull the image ({@code pull}), start the container, connect the communicator, run the
 * provisioners, then commit or export. Cleanups run in reverse whatever happens, so the container is always killed and
 * removed. The engine is reached through a {@link DockerDriver} made per build.
 *
 * <p>The container is named {@code kiln-<owner tag>}; as a {@link LeftoverSweeper} the builder finds such containers
 * on the engine the environment names and those {@code kiln cleanup --docker-host} names, for {@code kiln cleanup}
 * to remove those of builds whose Kiln process was killed.
 */
public final class DockerBuilder implements Builder<DockerBuilderConfig>, LeftoverSweeper {

    private final BiFunction<ComponentContext, String, DockerDriver> connector;
    private final Function<String, DockerDriver> ownConnector;
    private final Function<String, Optional<RegistryAuth>> storedCredentials;

    /** Creates the builder; it connects to the engine only when a build runs. */
    public DockerBuilder() {
        // lambdas, not method references: docker-java loads on first use, not when plugins are listed
        this((context, host) -> DockerEngines.forBuild(context, host), host -> DockerJavaDriver.connect(host),
                storedCredentials(() -> System.getenv()));
    }

    /**
     * The credentials the docker CLI keeps for a registry in the docker configuration the environment names
     * ({@code DOCKER_CONFIG}, {@code HOME}, {@code PATH} for helpers), read each time a pull asks.
     */
    static Function<String, Optional<RegistryAuth>> storedCredentials(Supplier<Map<String, String>> environment) {
        return registry -> RegistryCredentials.of(environment.get()).find(registry)
                .map(RegistryCredentials.Found::auth);
    }

    /** For tests: no stored credentials, whatever the machine's docker configuration holds. */
    DockerBuilder(BiFunction<ComponentContext, String, DockerDriver> connector) {
        this(connector, registry -> Optional.empty());
    }

    DockerBuilder(BiFunction<ComponentContext, String, DockerDriver> connector,
                  Function<String, Optional<RegistryAuth>> storedCredentials) {
        this(connector, host -> connector.apply(null, host), storedCredentials);
    }

    /**
     * @param ownConnector a driver of the caller's own, outside any build (the sweep): the engine {@code docker_host}
     *                     names, or the environment's for null; closed by the caller
     */
    DockerBuilder(BiFunction<ComponentContext, String, DockerDriver> connector,
                  Function<String, DockerDriver> ownConnector,
                  Function<String, Optional<RegistryAuth>> storedCredentials) {
        this.connector = connector;
        this.ownConnector = ownConnector;
        this.storedCredentials = storedCredentials;
    }

    @Override
    public String type() {
        return "docker";
    }

    @Override
    public Class<DockerBuilderConfig> configType() {
        return DockerBuilderConfig.class;
    }

    /** The export, which must not overwrite an input of the build. */
    @Override
    public Map<String, String> localOutputs(DockerBuilderConfig config) {
        String path = config.exportPath();
        return path == null || path.isBlank() ? Map.of() : Map.of("export_path", path);
    }

    /** The communicators Packer's docker builder knows. */
    private static final List<String> COMMUNICATORS = List.of("docker", "none", "ssh", "winrm");

    private static final String NOT_OVER_THE_NETWORK = "Kiln reaches the build container through the engine's exec "
            + "and archive API (the docker communicator), not over SSH or WinRM";

    /** Packer's docker builder embeds its SSH and WinRM communicator options; a container needs none of them. */
    @Override
    public Map<String, String> ignoredOptions() {
        return Map.of("ssh_*", NOT_OVER_THE_NETWORK, "winrm_*", NOT_OVER_THE_NETWORK,
                "temporary_key_pair_*", NOT_OVER_THE_NETWORK, "pause_before_connecting", NOT_OVER_THE_NETWORK);
    }

    /** The problems of {@link #validate}, as errors, and a warning about a {@code docker_path} that has no effect. */
    @Override
    public List<ConfigProblem> check(DockerBuilderConfig config) {
        List<ConfigProblem> problems = new ArrayList<>(Builder.super.check(config));
        DockerCliOptions.dockerPath(config.dockerPath()).ifPresent(problems::add);
        return problems;
    }

    @Override
    public List<String> validate(DockerBuilderConfig config) {
        List<String> problems = new ArrayList<>();
        if (config.login() && (!notBlank(config.loginUsername()) || !notBlank(config.loginPassword()))) {
            // Packer would run 'docker login' without them, which asks at a terminal and fails in CI
            problems.add("login is true, so set login_username and login_password (the registry's user and password "
                    + "or token), or set login: false to pull without credentials");
        }
        if (!COMMUNICATORS.contains(config.communicator())) {
            problems.add("communicator: '" + config.communicator() + "' is not one of 'docker', 'none', 'ssh', "
                    + "'winrm'");
        }
        if (config.image() == null || config.image().isBlank()) {
            problems.add("image: name the base image, e.g. 'alpine:3.20'");
        }
        boolean export = exports(config);
        int modes = (config.commit() ? 1 : 0) + (config.discard() ? 1 : 0) + (export ? 1 : 0);
        if (modes > 1) {
            problems.add("Cannot specify more than one of commit, discard, and export_path");
        } else if (modes == 0) {
            problems.add("No instructions given for handling the artifact; expected commit, discard, or export_path");
        }
        if (export) {
            try {
                if (Files.isDirectory(Path.of(config.exportPath()))) {
                    problems.add("export_path must be a file, not a directory: '" + config.exportPath()
                            + "' is a directory; name a file in it, e.g. '" + config.exportPath().replaceAll("/+$", "")
                            + "/image.tar'");
                }
            } catch (InvalidPathException e) {
                problems.add("export_path '" + config.exportPath() + "' is not a valid path: " + e.getReason());
            }
        }
        problems.addAll(Changes.check(config.changes()));
        problems.addAll(RunCommand.check(config.runCommand()));
        for (Map.Entry<String, String> volume : config.volumes().entrySet()) {
            if (volume.getKey() == null || volume.getKey().isBlank()) {
                problems.add("volumes: a host path is empty; map a host path to a container path, e.g. "
                        + "{\"/srv/cache\": \"/cache\"}");
            }
            if (volume.getValue() == null || !volume.getValue().startsWith("/")) {
                problems.add("volumes: container path '" + volume.getValue() + "' for host path '" + volume.getKey()
                        + "' must be absolute, e.g. '/cache'");
            }
        }
        for (String tmpfs : config.tmpfs()) {
            if (tmpfs == null || !tmpfs.startsWith("/")) {
                problems.add("tmpfs: '" + tmpfs + "' must be an absolute container path, e.g. '/run:size=64m'");
            }
        }
        return problems;
    }

    @Override
    public Artifact build(BuildContext context, DockerBuilderConfig config) throws InterruptedException {
        warnAboutUnusedOptions(context.ui(), config);
        try (DockerDriver driver = connector.apply(context, config.dockerHost())) {
            List<Step> steps = new ArrayList<>();
            if (Boolean.TRUE.equals(config.pull())) {
                steps.add(new PullImageStep(driver, config.image(), config.platform(), pullAuth(context.ui(), config)));
            }
            steps.add(new StartContainerStep(driver, context, config));
            if (!config.communicator().equals("none")) {
                steps.add(new ConnectDockerStep(context, config));
            }
            steps.add(context.provisionStep());
            boolean export = exports(config);
            if (config.commit()) {
                steps.add(new CommitContainerStep(driver, config));
            } else if (export) {
                steps.add(new ExportContainerStep(driver, context, Path.of(config.exportPath())));
            }
            StateBag state = context.steps().run(steps);
            if (config.commit()) {
                return new DockerImageArtifact("docker", state.require(DockerKeys.IMAGE_ID),
                        state.require(DockerKeys.IMAGE_ID), List.of(), config.dockerHost(),
                        host -> connector.apply(context, host));
            }
            if (export) {
                return new DockerExportArtifact(Path.of(state.require(DockerKeys.EXPORT_PATH)), config.dockerHost());
            }
            return DockerExportArtifact.discarded();
        }
    }

    /**
     * Offers every container named {@code kiln-<owner tag>} on the environment's engine and on each
     * {@code --docker-host} (each engine once). An engine the user named that does not answer fails the cleanup; the
     * environment's default one is only a warning, since a machine may have none.
     */
    @Override
    public void sweep(SweepContext context) throws InterruptedException {
        List<String> hosts = new ArrayList<>();
        hosts.add(null);
        hosts.addAll(context.dockerHosts());
        Set<String> searched = new HashSet<>();
        for (String host : hosts) {
            DockerDriver driver;
            try {
                driver = ownConnector.apply(host);
            } catch (KilnException e) {
                if (host == null) {
                    context.warn("Could not look for Kiln's containers on the default Docker engine: "
                            + e.getMessage());
                } else {
                    context.failed("the Docker engine '" + host + "'", e.getMessage());
                }
                continue;
            }
            try (driver) {
                if (!searched.add(driver.host())) {
                    continue;
                }
                for (ContainerSummary container : driver.listContainersNamed(DockerDriver.CONTAINER_PREFIX)) {
                    Optional<BuildOwner> owner = BuildOwner.parse(
                            container.name().substring(DockerDriver.CONTAINER_PREFIX.length()));
                    if (owner.isEmpty()) {
                        continue; // named like ours by someone else: not Kiln's
                    }
                    String id = container.id().length() > 12 ? container.id().substring(0, 12) : container.id();
                    context.found(owner.get(), "container " + container.name() + " (" + id + ") on "
                            + driver.host(), () -> driver.removeContainer(container.id()));
                }
            } catch (KilnException e) {
                context.failed("the Docker engine at '" + driver.host() + "'", e.getMessage());
            }
        }
    }

    private static void warnAboutUnusedOptions(Ui ui, DockerBuilderConfig config) {
        if (config.containerDir() != null && !config.containerDir().isBlank()) {
            ui.warn("container_dir '" + config.containerDir() + "' is ignored: Kiln mounts no shared "
                    + "directory, files move through the engine's archive API.");
        }
        if (config.communicator().equals("ssh") || config.communicator().equals("winrm")) {
            ui.warn("communicator '" + config.communicator() + "' is not used: " + NOT_OVER_THE_NETWORK
                    + "; provisioners run through the docker communicator instead.");
        }
        List<String> credentials = new ArrayList<>();
        if (notBlank(config.loginServer())) {
            credentials.add("login_server");
        }
        if (notBlank(config.loginUsername())) {
            credentials.add("login_username");
        }
        if (notBlank(config.loginPassword())) {
            credentials.add("login_password");
        }
        if (!config.login() && !credentials.isEmpty()) {
            ui.warn(String.join(", ", credentials) + (credentials.size() == 1 ? " is" : " are")
                    + " set but login is false, so the pull uses only the docker configuration's credentials "
                    + "(DOCKER_CONFIG or ~/.docker/config.json); set login: true to use them.");
        }
        if (config.login() && !Boolean.TRUE.equals(config.pull())) {
            ui.warn("login is true but pull is false: Kiln pulls nothing, so the credentials are not used.");
        }
    }

    /** The credentials the pull uses: those of {@code login}, or none. */
    static RegistryAuth registryAuth(DockerBuilderConfig config) {
        if (!config.login()) {
            return null;
        }
        return new RegistryAuth(config.loginServer(), config.loginUsername(), config.loginPassword());
    }

    /**
     * The credentials the pull uses: those of {@code login}, otherwise those the docker CLI keeps for the image's
     * registry (so private base images pull as with {@code docker pull}); a docker configuration that cannot be read
     * is a warning, and the pull goes without.
     */
    private RegistryAuth pullAuth(Ui ui, DockerBuilderConfig config) {
        RegistryAuth login = registryAuth(config);
        if (login != null) {
            return login;
        }
        try {
            return storedCredentials.apply(RegistryCredentials.registryOf(config.image())).orElse(null);
        } catch (dev.kiln.api.KilnException e) {
            ui.warn(e.getMessage() + " Pulling without credentials.");
            return null;
        }
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static boolean exports(DockerBuilderConfig config) {
        return config.exportPath() != null && !config.exportPath().isBlank();
    }
}
