package dev.kiln.plugin.docker;

import dev.kiln.api.Communicator;
import dev.kiln.api.CommunicatorFactory;
import dev.kiln.api.ComponentContext;
import dev.kiln.api.KilnException;
import dev.kiln.docker.engine.ContainerInfo;
import dev.kiln.docker.engine.DockerDriver;
import dev.kiln.docker.engine.DockerEngines;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Opens the {@code docker} communicator: commands run with {@code docker exec} (no TTY, {@code /bin/sh -c}), files
 * move through the engine's archive API, so uploads and downloads need no shell in the image and work with remote
 * engines. Settings: {@link DockerCommunicatorConfig}.
 */
public final class DockerCommunicatorFactory implements CommunicatorFactory<DockerCommunicatorConfig> {

    private final BiFunction<ComponentContext, String, DockerDriver> connector;

    /** Creates the factory; it connects only in {@link #connect}. */
    public DockerCommunicatorFactory() {
        // a lambda, not a method reference: docker-java loads on first use, not when plugins are listed
        this((context, host) -> DockerEngines.forBuild(context, host));
    }

    DockerCommunicatorFactory(BiFunction<ComponentContext, String, DockerDriver> connector) {
        this.connector = connector;
    }

    @Override
    public String type() {
        return "docker";
    }

    @Override
    public Class<DockerCommunicatorConfig> configType() {
        return DockerCommunicatorConfig.class;
    }

    @Override
    public List<String> validate(DockerCommunicatorConfig config) {
        List<String> problems = new ArrayList<>();
        if (config.containerId() == null || config.containerId().isBlank()) {
            problems.add("container_id: name the running container to connect to");
        }
        return problems;
    }

    @Override
    public Communicator connect(ComponentContext context, DockerCommunicatorConfig config) {
        DockerDriver driver = connector.apply(context, config.dockerHost());
        try {
            ContainerInfo container = driver.inspectContainer(config.containerId()).orElseThrow(() ->
                    new KilnException("Container '" + config.containerId() + "' does not exist at '" + driver.host()
                            + "'; it may have been removed while the build ran."));
            if (!container.running()) {
                throw new KilnException("Container '" + config.containerId() + "' at '" + driver.host()
                        + "' is not running; check that run_command keeps it running (e.g. '-d -i -t' with a shell "
                        + "entrypoint), and its logs with 'docker logs " + config.containerId() + "'.");
            }
            return new DockerCommunicator(driver, container.id(), config.execUser(),
                    Boolean.TRUE.equals(config.fixUploadOwner()) ? container.user() : "", config.pty(), context);
        } catch (RuntimeException e) {
            driver.close();
            throw e;
        }
    }
}
