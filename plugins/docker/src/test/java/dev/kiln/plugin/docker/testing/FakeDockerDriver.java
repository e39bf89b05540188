package dev.kiln.plugin.docker.testing;

import dev.kiln.api.KilnException;
import dev.kiln.api.OutputListener;
import dev.kiln.docker.engine.CommitSpec;
import dev.kiln.docker.engine.ContainerInfo;
import dev.kiln.docker.engine.ContainerSpec;
import dev.kiln.docker.engine.ContainerSummary;
import dev.kiln.docker.engine.DockerDriver;
import dev.kiln.docker.engine.ImageConfig;
import dev.kiln.docker.engine.ImageSummary;
import dev.kiln.docker.engine.PathStat;
import dev.kiln.docker.engine.TransferListener;
import dev.kiln.docker.engine.RegistryAuth;
import dev.kiln.docker.engine.TarSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A {@link DockerDriver} in memory, for unit tests of steps, builders and post-processors: it records every call in
 * {@link #calls()} (e.g. {@code "create kiln-test/busybox:latest"}, {@code "remove c1"}, {@code "tag sha256:1
 * acme/app:1.0"}) and can be told to fail a named operation. Thread-safe.
 *
 * <p>Operation names for {@link #failOn}: {@code ping pull inspectImage create start inspectContainer exec statPath
 * copyTo copyFrom commit export import save load tag removeImage removeContainer push}. A push records
 * {@code "push acme/app:1"}, with {@code " as user@server"} when it has credentials.
 */
public final class FakeDockerDriver implements DockerDriver {

    private final List<String> calls = new ArrayList<>();
    private final Map<String, ImageConfig> images = new LinkedHashMap<>();
    private final Map<String, ContainerSpec> containers = new LinkedHashMap<>();
    private final List<ContainerSpec> created = new ArrayList<>();
    private final Set<String> running = new LinkedHashSet<>();
    private final Map<String, RuntimeException> failures = new HashMap<>();
    private final Map<String, List<String>> tags = new LinkedHashMap<>();
    private final Map<String, PathStat> paths = new HashMap<>();
    private final List<byte[]> uploads = new ArrayList<>();
    private final List<CommitSpec> commits = new ArrayList<>();
    private final List<Import> imports = new ArrayList<>();
    private final List<byte[]> loads = new ArrayList<>();
    private Exception saveFailure;
    private Function<List<String>, Integer> exec = command -> 0;
    private boolean pullAddsImage = true;
    private int nextId = 1;
    private int closes;

    /**
     * Makes the engine have an image with no entrypoint and no command.
     *
     * @param ref the name
     * @return this
     */
    public synchronized FakeDockerDriver withImage(String ref) {
        return withImage(ref, new ImageConfig("sha256:" + Integer.toHexString(ref.hashCode()), null, null, null,
                null, null, null, false, false, List.of(ref)));
    }

    /**
     * Makes the engine have an image.
     *
     * @param ref the name
     * @param config what inspecting it returns
     * @return this
     */
    public synchronized FakeDockerDriver withImage(String ref, ImageConfig config) {
        images.put(ref, config);
        return this;
    }

    /**
     * Makes every call of {@code operation} throw {@code failure}.
     *
     * @param operation the operation's name, see the class comment
     * @param failure what to throw
     * @return this
     */
    public synchronized FakeDockerDriver failOn(String operation, RuntimeException failure) {
        failures.put(operation, failure);
        return this;
    }

    /**
     * Makes every call of {@code operation} throw a {@link KilnException} with {@code message}.
     *
     * @param operation the operation's name
     * @param message the message
     * @return this
     */
    public synchronized FakeDockerDriver failOn(String operation, String message) {
        return failOn(operation, new KilnException(message));
    }

    /**
     * Sets what {@link #exec} returns for a command.
     *
     * @param status the exit status of each argv
     * @return this
     */
    public synchronized FakeDockerDriver execStatus(Function<List<String>, Integer> status) {
        this.exec = status;
        return this;
    }

    /**
     * Whether a successful pull makes the image exist (true by default).
     *
     * @param adds the setting
     * @return this
     */
    public synchronized FakeDockerDriver pullAddsImage(boolean adds) {
        this.pullAddsImage = adds;
        return this;
    }

    /**
     * Makes a path exist in every container.
     *
     * @param path the absolute path
     * @param directory whether it is a directory
     * @return this
     */
    public synchronized FakeDockerDriver withPath(String path, boolean directory) {
        paths.put(path, new PathStat(path.substring(path.lastIndexOf('/') + 1), 0, directory, false, ""));
        return this;
    }

    /**
     * Makes {@link #saveImage} write the first half of its archive and then throw {@code failure}, as a save that
     * breaks off part-way does.
     *
     * @param failure a {@link RuntimeException} or an {@link InterruptedException} (a cancelled save)
     * @return this
     */
    public synchronized FakeDockerDriver failSaveHalfWay(Exception failure) {
        if (!(failure instanceof RuntimeException) && !(failure instanceof InterruptedException)) {
            throw new IllegalArgumentException("a RuntimeException or an InterruptedException: " + failure);
        }
        this.saveFailure = failure;
        return this;
    }

    /** One {@link #importImage} call: what it was asked and the archive it read. */
    public record Import(String repository, String tag, List<String> changes, String platform, byte[] tar) {
    }

    /** @return every import, in order */
    public synchronized List<Import> imports() {
        return List.copyOf(imports);
    }

    /** @return the archives {@link #loadImage} read, in order */
    public synchronized List<byte[]> loads() {
        return List.copyOf(loads);
    }

    /** @return every call so far, in order */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    /** @return the IDs of containers created and not removed */
    public synchronized Set<String> containers() {
        return Set.copyOf(containers.keySet());
    }

    /** @return what each created container was made from, in order, including removed ones */
    public synchronized List<ContainerSpec> createdSpecs() {
        return List.copyOf(created);
    }

    /** @return every commit's spec, in order */
    public synchronized List<CommitSpec> commits() {
        return List.copyOf(commits);
    }

    /** @return the tar streams copied into containers, in order */
    public synchronized List<byte[]> uploads() {
        return List.copyOf(uploads);
    }

    /** @return the {@code repository:tag} names given to each image */
    public synchronized Map<String, List<String>> tags() {
        return Map.copyOf(tags);
    }

    /** @return how often {@link #close()} was called */
    public synchronized int closes() {
        return closes;
    }

    private synchronized void call(String operation, String text) {
        calls.add(text);
        RuntimeException failure = failures.get(operation);
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String host() {
        return "fake://docker";
    }

    @Override
    public void ping() {
        call("ping", "ping");
    }

    @Override
    public synchronized Optional<ImageConfig> inspectImage(String ref) {
        call("inspectImage", "inspectImage " + ref);
        ImageConfig image = images.get(ref);
        if (image == null) {
            image = images.values().stream().filter(i -> i.id().equals(ref)).findFirst().orElse(null);
        }
        return Optional.ofNullable(image);
    }

    @Override
    public void pull(String image, String platform, RegistryAuth auth, TransferListener listener, Duration timeout) {
        call("pull", "pull " + image + (platform == null ? "" : " " + platform)
                + (auth == null ? "" : " as " + who(auth) + "@" + auth.server()));
        listener.status("Status: Downloaded newer image for " + image);
        synchronized (this) {
            if (pullAddsImage && !images.containsKey(image)) {
                withImage(image);
            }
        }
    }

    @Override
    public synchronized String createContainer(ContainerSpec spec) {
        call("create", "create " + spec.image());
        String id = "c" + nextId++;
        containers.put(id, spec);
        created.add(spec);
        return id;
    }

    @Override
    public synchronized void startContainer(String containerId) {
        call("start", "start " + containerId);
        running.add(containerId);
    }

    @Override
    public synchronized Optional<ContainerInfo> inspectContainer(String containerId) {
        call("inspectContainer", "inspectContainer " + containerId);
        ContainerSpec spec = containers.get(containerId);
        if (spec == null) {
            return Optional.empty();
        }
        return Optional.of(new ContainerInfo(containerId, running.contains(containerId), spec.user(), spec.image(),
                spec.labels()));
    }

    @Override
    public int exec(String containerId, List<String> command, String user, boolean tty, OutputListener output) {
        call("exec", "exec " + containerId + " " + String.join(" ", command) + (user == null ? "" : " as " + user)
                + (tty ? " with tty" : ""));
        synchronized (this) {
            return exec.apply(command);
        }
    }

    @Override
    public synchronized Optional<PathStat> statPath(String containerId, String path) {
        call("statPath", "statPath " + containerId + " " + path);
        if (path.equals("/")) {
            return Optional.of(new PathStat("/", 0, true, false, ""));
        }
        return Optional.ofNullable(paths.get(path));
    }

    @Override
    public void copyToContainer(String containerId, String directory, TarSource tar) throws InterruptedException {
        call("copyTo", "copyTo " + containerId + " " + directory);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = bytes) {
            tar.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        synchronized (this) {
            uploads.add(bytes.toByteArray());
        }
    }

    @Override
    public InputStream copyFromContainer(String containerId, String path) {
        call("copyFrom", "copyFrom " + containerId + " " + path);
        return new ByteArrayInputStream(new byte[1024]);
    }

    @Override
    public synchronized String commit(String containerId, CommitSpec spec) {
        call("commit", "commit " + containerId);
        commits.add(spec);
        String id = "sha256:" + String.format("%064d", commits.size());
        withImage(id, new ImageConfig(id, spec.entrypoint(), spec.cmd(), null, null, null, null, false, false,
                List.of()));
        return id;
    }

    @Override
    public void exportContainer(String containerId, OutputStream out) {
        call("export", "export " + containerId);
        try {
            out.write("fake-export".getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String importImage(TarSource tar, String repository, String tag, List<String> changes, String platform)
            throws InterruptedException {
        call("import", "import " + repository + ":" + tag);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            tar.writeTo(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        synchronized (this) {
            imports.add(new Import(repository, tag, List.copyOf(changes), platform, bytes.toByteArray()));
        }
        String id = "sha256:" + String.format("%064x", nextId++);
        withImage(repository + ":" + (tag == null ? "latest" : tag), new ImageConfig(id, null, null, null, null,
                null, null, false, false, List.of()));
        return id;
    }

    @Override
    public void saveImage(String ref, OutputStream out) throws InterruptedException {
        call("save", "save " + ref);
        byte[] archive = ("fake-save " + ref).getBytes(StandardCharsets.UTF_8);
        Exception failure;
        synchronized (this) {
            failure = saveFailure;
        }
        try {
            if (failure == null) {
                out.write(archive);
                return;
            }
            out.write(archive, 0, archive.length / 2);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (failure instanceof InterruptedException) {
            throw (InterruptedException) failure;
        }
        throw (RuntimeException) failure;
    }

    @Override
    public List<String> loadImage(TarSource tar) throws InterruptedException {
        call("load", "load");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            tar.writeTo(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        synchronized (this) {
            loads.add(bytes.toByteArray());
        }
        return List.of();
    }

    @Override
    public synchronized void tag(String image, String repository, String tag, boolean force) {
        String name = repository + ":" + (tag == null || tag.isEmpty() ? "latest" : tag);
        call("tag", "tag " + image + " " + name);
        tags.computeIfAbsent(image, k -> new ArrayList<>()).add(name);
    }

    @Override
    public synchronized boolean removeImage(String ref, boolean force) {
        call("removeImage", "removeImage " + ref);
        return images.remove(ref) != null;
    }

    @Override
    public synchronized void removeContainer(String containerId) {
        call("removeContainer", "remove " + containerId);
        containers.remove(containerId);
        running.remove(containerId);
    }

    @Override
    public synchronized List<ContainerSummary> listContainers(String label) {
        List<ContainerSummary> result = new ArrayList<>();
        containers.forEach((id, spec) -> result.add(new ContainerSummary(id, spec.image(),
                running.contains(id) ? "running" : "created", spec.labels(), spec.name())));
        return result;
    }

    @Override
    public synchronized List<ImageSummary> listImages(String label) {
        List<ImageSummary> result = new ArrayList<>();
        images.forEach((ref, image) -> result.add(new ImageSummary(image.id(), List.of(ref), image.labels())));
        return result;
    }

    @Override
    public void push(String ref, RegistryAuth auth, TransferListener listener, Duration timeout) {
        call("push", "push " + ref + (auth == null ? "" : " as " + who(auth) + "@" + auth.server()));
        listener.progress("Pushing 0123456789ab", 512, 1024);
        listener.status("0123456789ab: Pushed");
    }

    /** The user name, then {@code +token} for an identity token; {@code <token>} for a token without one. */
    private static String who(RegistryAuth auth) {
        String user = auth.username() == null || auth.username().isEmpty() ? null : auth.username();
        if (!auth.hasIdentityToken()) {
            return String.valueOf(user);
        }
        return user == null ? "<token>" : user + "+token";
    }

    @Override
    public synchronized void close() {
        closes++;
    }
}
