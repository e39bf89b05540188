package dev.kiln.docker.engine;

import dev.kiln.api.OutputListener;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The Docker engine operations Kiln's docker components need, as Packer's {@code Driver} is for its docker plugin.
 *
 * <p>Steps, the communicator and the docker post-processors call this interface, never docker-java; tests use a fake.
 * {@link DockerEngines#forBuild} gives a component the build's real one (closed by the runtime when the build ends;
 * closing it yourself does nothing), {@link DockerJavaDriver#connect(String)} one of its own. Every method that
 * fails throws {@link dev.kiln.api.KilnException} with a message naming the engine and the object, and what to check.
 * Implementations are thread-safe.
 *
 * <p>The real driver never waits forever on an engine that stopped answering: a request that should be answered at
 * once (inspect, create, start, remove, tag, list, exec create and inspect, path stats) fails after
 * {@link EngineRef#timeout()} ({@code KILN_ENGINE_TIMEOUT}), while streams (exec output, pull, push, copies, export,
 * save, load, import) and commits have no limit; a cancel of the build closes every request in flight at once.
 */
public interface DockerDriver extends AutoCloseable {

    /**
     * How the name of every container a Kiln build creates begins: {@code kiln-<tag>}, with the tag of the build's
     * {@link dev.kiln.api.BuildOwner}, so {@code kiln cleanup} can tell a killed build's container from a running
     * one's. A name, not labels: labels given when a container is created are part of its configuration, which a
     * commit copies into the image (the engine cannot leave one out), so every container later run from the image
     * would carry them, and a cleanup would take the user's containers for Kiln's.
     */
    String CONTAINER_PREFIX = "kiln-";

    /**
     * The engine's address, for messages, e.g. {@code unix:///var/run/docker.sock}.
     *
     * @return the address, never null
     */
    String host();

    /**
     * Checks that the engine answers.
     *
     * @throws dev.kiln.api.KilnException when it does not, with one line saying where Kiln looked and what to check
     */
    void ping();

    /**
     * Inspects an image.
     *
     * @param ref a name ({@code alpine:3.20}) or an ID
     * @return its configuration, or empty when the engine has no such image
     */
    Optional<ImageConfig> inspectImage(String ref);

    /**
     * Whether the engine has the image locally.
     *
     * @param ref a name or an ID
     * @return true when it exists
     */
    default boolean imageExists(String ref) {
        return inspectImage(ref).isPresent();
    }

    /**
     * The image's size, to show a save's progress against.
     *
     * @param ref a name or an ID
     * @return its size in bytes, or -1 when unknown
     */
    default long imageSize(String ref) {
        return -1;
    }

    /**
     * Pulls an image, reporting progress as it goes.
     *
     * @param image the image, {@code name[:tag]} or {@code name@digest}; a missing tag means {@code latest}
     * @param platform e.g. {@code linux/arm64}, or null for the engine's own
     * @param auth the credentials to pull with, or null to pull without
     * @param listener receives progress, never null
     * @param timeout how long the whole pull may take
     * @throws InterruptedException when cancelled; the pull is abandoned
     */
    void pull(String image, String platform, RegistryAuth auth, TransferListener listener, Duration timeout)
            throws InterruptedException;

    /**
     * Creates a container; it does not start it.
     *
     * @param spec what to create
     * @return the full container ID
     */
    String createContainer(ContainerSpec spec);

    /**
     * Starts a created container.
     *
     * @param containerId the container
     */
    void startContainer(String containerId);

    /**
     * Inspects a container.
     *
     * @param containerId the container
     * @return what the engine says, or empty when there is no such container
     */
    Optional<ContainerInfo> inspectContainer(String containerId);

    /**
     * Runs a command in a running container and waits for it, however long it runs, streaming its output line by
     * line as it arrives.
     *
     * <p>Sets no time limit of its own and answers interruption by abandoning the command (it keeps running until the
     * container stops). When the command has ended but something it started keeps its output open, the driver stops
     * waiting after a short grace period.
     *
     * @param containerId the container
     * @param command the argv, e.g. {@code ["/bin/sh", "-c", "echo hi"]}
     * @param user the user to run as, or null for the container's
     * @param tty whether to run it with a pseudo-terminal ({@code docker exec -t}); its standard error then arrives
     *     as standard output
     * @param output receives standard output and standard error lines
     * @return the exit status
     * @throws InterruptedException when cancelled
     */
    int exec(String containerId, List<String> command, String user, boolean tty, OutputListener output)
            throws InterruptedException;

    /**
     * Says what is at a path inside a container.
     *
     * @param containerId the container
     * @param path an absolute path
     * @return what is there, or empty when nothing is; also empty when the container is gone, which only a look at
     *     {@code /} tells (that one fails saying so): a missing path costs one request, not two
     */
    Optional<PathStat> statPath(String containerId, String path);

    /**
     * Extracts a tar stream into a directory of a container (the archive API), streaming as {@code tar} writes.
     *
     * @param containerId the container
     * @param directory an existing directory in the container
     * @param tar writes the archive
     * @throws InterruptedException when cancelled; the transfer is aborted
     */
    void copyToContainer(String containerId, String directory, TarSource tar) throws InterruptedException;

    /**
     * Opens a tar stream of a path in a container: one entry named after the path's last element, then, for a
     * directory, its contents under that name.
     *
     * @param containerId the container
     * @param path an absolute path
     * @return the stream; the caller closes it
     */
    InputStream copyFromContainer(String containerId, String path);

    /**
     * Commits a container to a new, untagged image.
     *
     * @param containerId the container
     * @param spec author, message, changes and the entrypoint and command to keep
     * @return the image ID, {@code sha256:...}
     */
    String commit(String containerId, CommitSpec spec);

    /**
     * Writes a container's filesystem as a flat tar ({@code docker export}).
     *
     * @param containerId the container
     * @param out where to write; not closed
     * @throws InterruptedException when cancelled
     */
    void exportContainer(String containerId, OutputStream out) throws InterruptedException;

    /**
     * Creates an image from a flat filesystem tar ({@code docker import}).
     *
     * @param tar writes the archive
     * @param repository the repository to name the image, or null for an untagged image
     * @param tag the tag, or null for {@code latest}
     * @param changes Dockerfile instructions to apply, never null
     * @param platform the platform, or null
     * @return the image ID, {@code sha256:...}
     * @throws InterruptedException when cancelled
     */
    String importImage(TarSource tar, String repository, String tag, List<String> changes, String platform)
            throws InterruptedException;

    /**
     * Writes an image as a docker-archive tar ({@code docker save}).
     *
     * @param ref a name or an ID
     * @param out where to write; not closed
     * @throws InterruptedException when cancelled
     */
    void saveImage(String ref, OutputStream out) throws InterruptedException;

    /**
     * Loads a docker-archive tar, as {@code docker save} writes it, into the engine ({@code docker load}), streaming
     * the archive as {@code tar} writes it.
     *
     * @param tar writes the archive
     * @return what the engine reports it loaded, in order: {@code repository:tag} names, or image IDs
     *     ({@code sha256:...}) for images saved without a name; never null
     * @throws InterruptedException when cancelled; the transfer is aborted
     */
    List<String> loadImage(TarSource tar) throws InterruptedException;

    /**
     * Names an image {@code repository:tag}, moving the tag if another image had it.
     *
     * @param image a name or an ID
     * @param repository the repository
     * @param tag the tag, or null for {@code latest}
     * @param force kept for Packer compatibility; engines since 1.12 always move the tag
     */
    void tag(String image, String repository, String tag, boolean force);

    /**
     * Removes an image or one of its names.
     *
     * @param ref a name (only that name is removed while others remain) or an ID
     * @param force whether to remove an image that has several names or is used by stopped containers
     * @return false when there was no such image
     */
    boolean removeImage(String ref, boolean force);

    /**
     * Kills and removes a container with its anonymous volumes; a container that is already gone is fine.
     *
     * @param containerId the container
     */
    void removeContainer(String containerId);

    /**
     * Kills and removes a container, never throwing: for cleanups.
     *
     * @param containerId the container
     * @return the reason when removal failed, empty when the container is gone
     */
    default Optional<String> killAndRemoveContainerQuietly(String containerId) {
        try {
            removeContainer(containerId);
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }

    /**
     * Lists containers in every state.
     *
     * @param label a label filter, {@code key} or {@code key=value}, or null for all
     * @return the containers
     */
    List<ContainerSummary> listContainers(String label);

    /**
     * Lists containers in every state whose name begins with {@code prefix}, e.g. {@link #CONTAINER_PREFIX}.
     *
     * @param prefix how the names begin
     * @return the containers, with their names
     */
    default List<ContainerSummary> listContainersNamed(String prefix) {
        return listContainers(null).stream().filter(c -> c.name().startsWith(prefix)).toList();
    }

    /**
     * Lists images (not intermediate layers).
     *
     * @param label a label filter, {@code key} or {@code key=value}, or null for all
     * @return the images
     */
    List<ImageSummary> listImages(String label);

    // ---- Registries: pushing images (pulling is above) ------------------------------------------------------------

    /**
     * Pushes one {@code repository:tag} to its registry, reporting progress per layer as it goes.
     *
     * <p>The engine reports push failures (wrong credentials, a registry that does not answer) as items of the
     * stream rather than as an HTTP error; every item is checked, and the first error fails the push.
     *
     * @param ref the name to push, {@code [registry/]repository[:tag]}; a missing tag means {@code latest}
     * @param auth the credentials for the name's registry, or null to push without
     * @param listener receives progress, never null
     * @param timeout how long the whole push may take
     * @throws dev.kiln.api.KilnException when the push fails, naming the name and the registry and quoting the
     *     registry's answer; never the password
     * @throws InterruptedException when cancelled; the push is abandoned
     */
    void push(String ref, RegistryAuth auth, TransferListener listener, Duration timeout) throws InterruptedException;

    /** Releases the connection. Never throws. */
    @Override
    void close();
}
