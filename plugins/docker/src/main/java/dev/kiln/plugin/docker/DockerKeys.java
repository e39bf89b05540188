package dev.kiln.plugin.docker;

import dev.kiln.api.step.StateKey;
import dev.kiln.docker.engine.ImageConfig;

/** The state the docker builder's steps hand each other. */
final class DockerKeys {

    /** The build container's full ID, put by {@link StartContainerStep} as soon as the container exists. */
    static final StateKey<String> CONTAINER_ID = StateKey.of("docker.container-id", String.class);
    /** The base image's configuration, put by {@link StartContainerStep}; the commit keeps its entrypoint and cmd. */
    static final StateKey<ImageConfig> BASE_IMAGE = StateKey.of("docker.base-image", ImageConfig.class);
    /** The committed image's ID, put by {@link CommitContainerStep}. */
    static final StateKey<String> IMAGE_ID = StateKey.of("docker.image-id", String.class);
    /** The exported file, put by {@link ExportContainerStep}. */
    static final StateKey<String> EXPORT_PATH = StateKey.of("docker.export-path", String.class);

    private DockerKeys() {
    }
}
