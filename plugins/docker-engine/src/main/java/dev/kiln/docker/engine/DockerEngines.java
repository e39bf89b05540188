package dev.kiln.docker.engine;

import dev.kiln.api.Cancellation;
import dev.kiln.api.ComponentContext;

/**
 * The engines a build talks to: every Docker component of one build that names the same engine gets the same driver,
 * so the engine is found once per build (the environment and {@code ~/.docker} are read once, TLS and context settings
 * reach every post-processor), and one client serves the builder, the communicator and the post-processors of every
 * build of the session: a rebuild in {@code kiln shell} connects no more, and its client is warm.
 *
 * <pre>{@code
 * DockerDriver engine = DockerEngines.forBuild(context, image.dockerHost());
 * engine.tag(image.imageId(), "acme/app", "1.0", false);
 * }</pre>
 *
 * <p>The driver belongs to the session: closing it does nothing, and the runtime closes it when the session ends
 * (after its builds, their unkept artifacts removed), through {@link ComponentContext#sessionResource}. A context that
 * keeps no resources (a plugin's own test fake) gets a driver of its own, which closing does close.
 */
public final class DockerEngines {

    private static final String PREFIX = DockerEngines.class.getName() + ":";

    private DockerEngines() {
    }

    /**
     * The session's driver for an engine, connected and checked on first use.
     *
     * @param context any component's context in the build
     * @param dockerHost the template's {@code docker_host} or an artifact's {@link DockerImageArtifact#dockerHost()};
     *                   null for the engine the environment names
     * @return the driver, shared with the session's other components
     * @throws dev.kiln.api.KilnException when the engine does not answer, naming where Kiln looked
     */
    public static DockerDriver forBuild(ComponentContext context, String dockerHost) {
        String host = dockerHost == null ? "" : dockerHost.trim();
        EngineRef endpoint;
        try {
            endpoint = context.buildResource(PREFIX + "endpoint:" + host, EngineRef.class,
                    () -> EngineRef.resolve(host.isEmpty() ? null : host));
        } catch (UnsupportedOperationException e) {
            return DockerJavaDriver.connect(dockerHost); // a context without a build: the caller's own driver
        }
        DockerJavaDriver driver = context.sessionResource(PREFIX + "client:" + endpoint.key(), Lease.class,
                () -> new Lease(DockerJavaDriver.open(endpoint, true))).driver();
        // this build's cancel ends the driver's requests in flight; detached when the build ends
        context.buildResource(PREFIX + "cancel:" + endpoint.key(), Cancellation.Registration.class,
                () -> driver.attach(context.cancellation()));
        return driver;
    }

    /** Closes the shared driver at the end of the session. */
    private record Lease(DockerJavaDriver driver) implements AutoCloseable {
        @Override
        public void close() {
            driver.shutdown();
        }
    }
}
