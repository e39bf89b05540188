package dev.kiln.plugin.docker;

import dev.kiln.api.Artifact;
import dev.kiln.api.BuildContext;
import dev.kiln.api.Builder;
import dev.kiln.api.step.StateBag;
import dev.kiln.api.step.Step;
import dev.kiln.plugin.docker.driver.DockerDriver;
import dev.kiln.plugin.docker.driver.DockerJavaDriver;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code docker} builder: runs a container from an image, provisions it through the {@code docker} communicator,
 * then commits it to an image, exports its filesystem or discards it. Options: {@link DockerBuilderConfig}.
 *
 * <p>Steps, in order: pull the image ({@code pull}), start the container, connect the communicator, run the
 * provisioners, then commit or export. Cleanups run in reverse whatever happens, so the container is always killed and
 * removed. The engine is reached through a {@link DockerDriver} made per build.
 */
public final class DockerBuilder implements Builder<DockerBuilderConfig> {

    private final Function<String, DockerDriver> connector;

    /** Creates the builder; it connects to the engine only when a build runs. */
    public DockerBuilder() {
        // a lambda, not a method reference: docker-java loads on first use, not when plugins are listed
        this(host -> DockerJavaDriver.connect(host));
    }

    DockerBuilder(Function<String, DockerDriver> connector) {
        this.connector = connector;
    }

    @Override
    public String type() {
        return "docker";
    }

    @Override
    public Class<DockerBuilderConfig> configType() {
        return DockerBuilderConfig.class;
    }

    @Override
    public List<String> validate(DockerBuilderConfig config) {
        List<String> problems = new ArrayList<>();
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
        if (config.containerDir() != null && !config.containerDir().isBlank()) {
            context.ui().warn("container_dir '" + config.containerDir() + "' is ignored: Kiln mounts no shared "
                    + "directory, files move through the engine's archive API.");
        }
        try (DockerDriver driver = connector.apply(config.dockerHost())) {
            List<Step> steps = new ArrayList<>();
            if (Boolean.TRUE.equals(config.pull())) {
                steps.add(new PullImageStep(driver, config.image(), config.platform()));
            }
            steps.add(new StartContainerStep(driver, context, config));
            steps.add(new ConnectDockerStep(context, config));
            steps.add(context.provisionStep());
            boolean export = exports(config);
            if (config.commit()) {
                steps.add(new CommitContainerStep(driver, config));
            } else if (export) {
                steps.add(new ExportContainerStep(driver, Path.of(config.exportPath())));
            }
            StateBag state = context.steps().run(steps);
            if (config.commit()) {
                return new DockerImageArtifact("docker", state.require(DockerKeys.IMAGE_ID),
                        state.require(DockerKeys.IMAGE_ID), List.of(), config.dockerHost(), connector);
            }
            if (export) {
                return new DockerExportArtifact(Path.of(state.require(DockerKeys.EXPORT_PATH)));
            }
            return DockerExportArtifact.discarded();
        }
    }

    private static boolean exports(DockerBuilderConfig config) {
        return config.exportPath() != null && !config.exportPath().isBlank();
    }
}
