package dev.kiln.plugin.docker;

import dev.kiln.api.step.Step;
import dev.kiln.api.step.StepContext;
import dev.kiln.docker.engine.CommitSpec;
import dev.kiln.docker.engine.DockerDriver;
import dev.kiln.docker.engine.ImageConfig;

/**
 * Commits the build container to an image ({@code commit: true}) that keeps the base image's entrypoint and command
 * unless {@code changes} set them, and has no TTY or open standard input baked in.
 */
final class CommitContainerStep implements Step {

    private final DockerDriver driver;
    private final DockerBuilderConfig config;

    CommitContainerStep(DockerDriver driver, DockerBuilderConfig config) {
        this.driver = driver;
        this.config = config;
    }

    @Override
    public void run(StepContext context) {
        context.ui().say("Committing the container");
        String containerId = context.state().require(DockerKeys.CONTAINER_ID);
        ImageConfig base = context.state().require(DockerKeys.BASE_IMAGE);
        String imageId = driver.commit(containerId, new CommitSpec(config.author(), config.message(),
                config.changes(), base.entrypoint(), base.cmd()));
        context.state().put(DockerKeys.IMAGE_ID, imageId);
        context.ui().detail("Image ID: " + imageId);
    }
}
