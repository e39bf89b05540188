package dev.kiln.plugin.docker;

import dev.kiln.api.BuildContext;
import dev.kiln.api.Communicator;
import dev.kiln.api.step.StateKeys;
import dev.kiln.api.step.Step;
import dev.kiln.api.step.StepContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Opens the {@code docker} communicator on the build container through the runtime's registry and offers it to the
 * provisioners under {@link StateKeys#COMMUNICATOR}; its cleanup closes it.
 */
final class ConnectDockerStep implements Step {

    private final BuildContext build;
    private final DockerBuilderConfig config;
    private Communicator communicator;

    ConnectDockerStep(BuildContext build, DockerBuilderConfig config) {
        this.build = build;
        this.config = config;
    }

    @Override
    public void run(StepContext context) throws InterruptedException {
        String containerId = context.state().require(DockerKeys.CONTAINER_ID);
        context.ui().say("Using docker communicator to connect: "
                + (containerId.length() > 12 ? containerId.substring(0, 12) : containerId));
        communicator = build.connect("docker", settings(containerId, config));
        context.state().put(StateKeys.COMMUNICATOR, communicator);
    }

    /** The settings bound to {@link DockerCommunicatorConfig}; absent values are left out. */
    static Map<String, Object> settings(String containerId, DockerBuilderConfig config) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("container_id", containerId);
        if (config.dockerHost() != null && !config.dockerHost().isBlank()) {
            settings.put("docker_host", config.dockerHost());
        }
        if (config.execUser() != null && !config.execUser().isBlank()) {
            settings.put("exec_user", config.execUser());
        }
        settings.put("fix_upload_owner", config.fixUploadOwner());
        if (config.pty()) {
            settings.put("pty", true);
        }
        return settings;
    }

    @Override
    public void cleanup(StepContext context) {
        if (communicator == null) {
            return;
        }
        context.state().remove(StateKeys.COMMUNICATOR);
        communicator.close();
        communicator = null;
    }
}
