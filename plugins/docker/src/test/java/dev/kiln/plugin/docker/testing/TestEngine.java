package dev.kiln.plugin.docker.testing;

import dev.kiln.api.Communicator;
import dev.kiln.api.ComponentContext;
import dev.kiln.api.KilnException;
import dev.kiln.api.OutputListener;
import dev.kiln.api.Ui;
import dev.kiln.plugin.docker.DockerCommunicatorConfig;
import dev.kiln.plugin.docker.DockerCommunicatorFactory;
import dev.kiln.docker.engine.ContainerSpec;
import dev.kiln.docker.engine.ContainerSummary;
import dev.kiln.docker.engine.DockerDriver;
import dev.kiln.docker.engine.DockerJavaDriver;
import dev.kiln.docker.engine.EngineRef;
import dev.kiln.docker.engine.ImageConfig;
import dev.kiln.docker.engine.ImageSummary;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Assumptions;

/**
 * The Docker engine for integration tests ({@code *IT}), with an offline busybox base image.
 *
 * <p>Typical use, in any module's IT (depend on {@code kiln-plugin-docker}'s test-jar):
 * <pre>{@code
 * static TestEngine engine;
 * @BeforeAll static void engine() { engine = TestEngine.connect(); }      // skips (or fails in CI) without Docker
 * @AfterAll static void clean() { engine.removeTestObjects(); engine.close(); }
 *
 * String id = engine.startContainer(engine.busyboxImage());
 * try (Communicator c = engine.communicator(id)) { ... }
 * assertThat(engine.exec(id, "cat", "/tmp/x").stdout()).isEqualTo("hello");
 * }</pre>
 *
 * <p>Everything it creates is labelled {@value #TEST_LABEL}{@code =true}; images made from its images inherit the
 * label. {@link #removeTestObjects()} removes all of it except the cached busybox base image.
 */
public final class TestEngine implements AutoCloseable {

    /** The label on every container and image tests create. */
    public static final String TEST_LABEL = "dev.kiln.test";
    /** The label naming the test run that started a container, so a run removes only its own. */
    public static final String RUN_LABEL = "dev.kiln.test.run";
    /** This JVM's test run; test runs sharing one engine (two builds at once) leave each other's containers alone. */
    private static final String RUN = java.util.UUID.randomUUID().toString();
    /** The offline base image: static busybox with its applets, {@code /etc/passwd} and {@code /etc/group}. */
    public static final String BUSYBOX = "kiln-test/busybox:latest";
    /** The repository prefix test images are named under. */
    public static final String REPOSITORY_PREFIX = "kiln-test/";
    /** In the busybox image: a non-root user {@code kiln} with uid and gid 1000, home {@code /home/kiln}. */
    public static final String TEST_USER = "kiln";

    private static final Path BUSYBOX_BINARY = Path.of("/bin/busybox");
    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final DockerDriver driver;

    private TestEngine(DockerDriver driver) {
        this.driver = driver;
    }

    /**
     * Connects to the engine as Kiln does ({@code DOCKER_HOST}, docker context, {@code /var/run/docker.sock}).
     *
     * <p>When no engine answers: fails if system property {@code kiln.requireDocker} or environment variable
     * {@code CI} is {@code true}; otherwise aborts the calling test (JUnit assumption) and prints why to stderr.
     *
     * @return the engine; close it in {@code @AfterAll}
     */
    public static TestEngine connect() {
        try {
            return new TestEngine(DockerJavaDriver.connect(null));
        } catch (KilnException e) {
            boolean required = "true".equalsIgnoreCase(System.getProperty("kiln.requireDocker"))
                    || "true".equalsIgnoreCase(System.getenv("CI"));
            if (required) {
                throw new IllegalStateException("Docker integration tests need an engine (kiln.requireDocker or CI "
                        + "is true) but none answers: " + e.getMessage(), e);
            }
            String where = EngineRef.resolve(null).host();
            System.err.println("Docker engine not reachable at " + where + ": skipping Docker integration tests ("
                    + e.getMessage() + ")");
            Assumptions.abort("Docker engine not reachable at " + where);
            throw e; // not reached
        }
    }

    /** @return the driver this engine uses, for what the helpers here do not cover */
    public DockerDriver driver() {
        return driver;
    }

    /**
     * Makes sure the busybox base image {@value #BUSYBOX} exists, building it offline on first use.
     *
     * @return {@value #BUSYBOX}
     * @throws InterruptedException when cancelled
     */
    public String busyboxImage() throws InterruptedException {
        if (!driver.imageExists(BUSYBOX)) {
            importBusybox(BUSYBOX, List.of(), true);
        }
        return BUSYBOX;
    }

    /**
     * Imports the busybox filesystem as a new image, with Dockerfile {@code changes} such as
     * {@code ENTRYPOINT ["/bin/echo"]}; the image is labelled {@value #TEST_LABEL}{@code =true}, its ENTRYPOINT and CMD
     * are empty unless {@code changes} set them, and PATH is set.
     *
     * @param repoTag the name, e.g. {@code kiln-test/with-entrypoint:1}; must start with {@value #REPOSITORY_PREFIX}
     * @param changes Dockerfile instructions
     * @param withUsers whether to include {@code /etc/passwd} and {@code /etc/group} (root, {@value #TEST_USER},
     *     nobody); without them the image has no users at all
     * @return the image ID
     * @throws InterruptedException when cancelled
     */
    public String importBusybox(String repoTag, List<String> changes, boolean withUsers) throws InterruptedException {
        if (!repoTag.startsWith(REPOSITORY_PREFIX)) {
            throw new IllegalArgumentException("test images are named under " + REPOSITORY_PREFIX + ", not " + repoTag);
        }
        int colon = repoTag.lastIndexOf(':');
        String repository = colon > repoTag.lastIndexOf('/') ? repoTag.substring(0, colon) : repoTag;
        String tag = colon > repoTag.lastIndexOf('/') ? repoTag.substring(colon + 1) : "latest";
        List<String> allChanges = new ArrayList<>();
        allChanges.add("ENV PATH=" + PATH);
        allChanges.add("LABEL " + TEST_LABEL + "=true");
        allChanges.addAll(changes);
        List<String> applets = applets();
        return driver.importImage(out -> {
            TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (String dir : List.of("bin", "sbin", "usr", "usr/bin", "usr/sbin", "etc", "root", "home", "var",
                    "var/tmp")) {
                directory(tar, dir, dir.equals("root") ? 0700 : 0755, 0);
            }
            directory(tar, "tmp", 01777, 0);
            TarArchiveEntry busybox = new TarArchiveEntry("bin/busybox");
            busybox.setSize(Files.size(BUSYBOX_BINARY));
            busybox.setMode(0100755);
            tar.putArchiveEntry(busybox);
            Files.copy(BUSYBOX_BINARY, tar);
            tar.closeArchiveEntry();
            for (String applet : applets) {
                if (applet.equals("bin/busybox")) {
                    continue;
                }
                TarArchiveEntry link = new TarArchiveEntry(applet, TarConstants.LF_SYMLINK);
                link.setLinkName("/bin/busybox");
                tar.putArchiveEntry(link);
                tar.closeArchiveEntry();
            }
            if (withUsers) {
                directory(tar, "home/" + TEST_USER, 0755, 1000);
                file(tar, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\n"
                        + TEST_USER + ":x:1000:1000:Kiln test user:/home/" + TEST_USER + ":/bin/sh\n"
                        + "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n");
                file(tar, "etc/group", "root:x:0:\n" + TEST_USER + ":x:1000:\nnogroup:x:65534:\n");
            }
            tar.finish();
        }, repository, tag, allChanges, null);
    }

    private static void directory(TarArchiveOutputStream tar, String name, int mode, int owner) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name + "/");
        entry.setMode(040000 | mode);
        entry.setIds(owner, owner);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(bytes.length);
        entry.setMode(0100644);
        tar.putArchiveEntry(entry);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    /** The applets' install paths from {@code busybox --list-full}, e.g. {@code bin/sh}, {@code usr/bin/env}. */
    private static List<String> applets() throws InterruptedException {
        if (!Files.isExecutable(BUSYBOX_BINARY)) {
            throw new IllegalStateException("Docker integration tests need a static busybox at " + BUSYBOX_BINARY
                    + " (Debian: apt-get install busybox-static)");
        }
        try {
            Process process = new ProcessBuilder(BUSYBOX_BINARY.toString(), "--list-full")
                    .redirectErrorStream(true).start();
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("'busybox --list-full' failed: " + output);
            }
            Set<String> applets = new LinkedHashSet<>();
            for (String line : output.split("\n")) {
                String applet = line.trim();
                if (!applet.isEmpty() && !applet.startsWith("/") && !applet.contains("..")) {
                    applets.add(applet);
                }
            }
            applets.add("bin/sh");
            return List.copyOf(applets);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + BUSYBOX_BINARY + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts a container that stays up ({@code /bin/sh} with standard input open), labelled
     * {@value #TEST_LABEL}{@code =true}.
     *
     * @param image the image
     * @return the container ID
     */
    public String startContainer(String image) {
        return startContainer(image, null);
    }

    /**
     * Starts a container that stays up, running as {@code user}.
     *
     * @param image the image
     * @param user the container's configured user, or null
     * @return the container ID
     */
    public String startContainer(String image, String user) {
        ContainerSpec spec = ContainerSpec.builder(image).entrypoint(List.of("/bin/sh")).tty(true).openStdin(true)
                .user(user).label(TEST_LABEL, "true").label(RUN_LABEL, RUN).build();
        String id = driver.createContainer(spec);
        try {
            driver.startContainer(id);
        } catch (RuntimeException e) {
            driver.killAndRemoveContainerQuietly(id);
            throw e;
        }
        return id;
    }

    /**
     * Opens the {@code docker} communicator on a container, as the builder would.
     *
     * @param containerId the running container
     * @return the communicator; close it
     * @throws InterruptedException when cancelled
     */
    public Communicator communicator(String containerId) throws InterruptedException {
        return communicator(containerId, null, true);
    }

    /**
     * Opens the {@code docker} communicator on a container with {@code exec_user} and {@code fix_upload_owner}.
     *
     * @param containerId the running container
     * @param execUser the user commands run as, or null
     * @param fixUploadOwner whether uploads belong to the container's user
     * @return the communicator; close it
     * @throws InterruptedException when cancelled
     */
    public Communicator communicator(String containerId, String execUser, boolean fixUploadOwner)
            throws InterruptedException {
        return communicator(containerId, execUser, fixUploadOwner, new QuietContext().ui());
    }

    /**
     * As {@link #communicator(String, String, boolean)}, reporting to {@code ui} (the progress of large uploads).
     *
     * @param ui where the communicator reports
     * @return the communicator; close it
     * @throws InterruptedException when cancelled
     */
    public Communicator communicator(String containerId, String execUser, boolean fixUploadOwner, Ui ui)
            throws InterruptedException {
        return new DockerCommunicatorFactory().connect(new QuietContext(ui),
                new DockerCommunicatorConfig(containerId, null, execUser, fixUploadOwner, false));
    }

    /** The outcome of {@link #exec}. */
    public record ExecResult(int exitCode, String stdout, String stderr) {
    }

    /**
     * Runs an argv (not a shell line) in a container as its user.
     *
     * @param containerId the container
     * @param command the argv, e.g. {@code "stat", "-c", "%U", "/tmp/x"}
     * @return exit code and the output, lines joined with {@code \n}
     * @throws InterruptedException when cancelled
     */
    public ExecResult exec(String containerId, String... command) throws InterruptedException {
        List<String> out = new ArrayList<>();
        List<String> err = new ArrayList<>();
        int code = driver.exec(containerId, List.of(command), null, false, new OutputListener() {
            @Override public synchronized void stdout(String line) { out.add(line); }
            @Override public synchronized void stderr(String line) { err.add(line); }
        });
        return new ExecResult(code, String.join("\n", out), String.join("\n", err));
    }

    /** What {@link #inspectImage} found; {@code exists} is false for a missing image (the rest is then empty). */
    public record ImageInfo(boolean exists, String id, List<String> entrypoint, List<String> cmd, boolean tty,
                            boolean openStdin, Map<String, String> labels, List<String> env, String user,
                            String workingDir, List<String> repoTags) {
    }

    /**
     * Inspects an image.
     *
     * @param ref a name or an ID
     * @return what {@code docker image inspect} says
     */
    public ImageInfo inspectImage(String ref) {
        Optional<ImageConfig> image = driver.inspectImage(ref);
        if (image.isEmpty()) {
            return new ImageInfo(false, null, List.of(), List.of(), false, false, Map.of(), List.of(), "", "",
                    List.of());
        }
        ImageConfig c = image.get();
        return new ImageInfo(true, c.id(), c.entrypoint(), c.cmd(), c.tty(), c.openStdin(), c.labels(), c.env(),
                c.user(), c.workingDir(), c.repoTags());
    }

    /**
     * @param ref a name or an ID
     * @return whether the engine has the image
     */
    public boolean imageExists(String ref) {
        return driver.imageExists(ref);
    }

    /**
     * Counts containers in every state.
     *
     * @param label a filter, {@code key} or {@code key=value}
     * @return how many match
     */
    public long countContainers(String label) {
        return driver.listContainers(label).size();
    }

    /**
     * Counts the containers Kiln's builds create, in every state: those named
     * {@value DockerDriver#CONTAINER_PREFIX}{@code <owner tag>}.
     *
     * @return how many there are
     */
    public long countKilnContainers() {
        return kilnContainers().size();
    }

    /**
     * Lists the containers Kiln's builds create, in every state: those named
     * {@value DockerDriver#CONTAINER_PREFIX}{@code <owner tag>}.
     *
     * @return the containers, with their names
     */
    public List<ContainerSummary> kilnContainers() {
        return driver.listContainersNamed(DockerDriver.CONTAINER_PREFIX).stream()
                .filter(c -> dev.kiln.api.BuildOwner.parse(c.name().substring(DockerDriver.CONTAINER_PREFIX.length()))
                        .isPresent())
                .toList();
    }

    /**
     * Removes the containers this test run started, then every image labelled {@value #TEST_LABEL}{@code =true} or
     * named under {@value #REPOSITORY_PREFIX}, except the busybox base image, which is kept for the next run. (The
     * engine refuses to remove an image a running container uses, so another run's build is not broken by it.)
     */
    public void removeTestObjects() {
        driver.listContainers(RUN_LABEL + "=" + RUN).forEach(c -> driver.killAndRemoveContainerQuietly(c.id()));
        for (int pass = 0; pass < 5; pass++) {
            boolean removed = false;
            boolean left = false;
            for (ImageSummary image : driver.listImages(null)) {
                boolean test = "true".equals(image.labels().get(TEST_LABEL))
                        || image.repoTags().stream().anyMatch(t -> t.startsWith(REPOSITORY_PREFIX));
                if (!test) {
                    continue;
                }
                try {
                    if (image.repoTags().contains(BUSYBOX)) {
                        for (String tag : image.repoTags()) {
                            if (!tag.equals(BUSYBOX)) {
                                removed |= driver.removeImage(tag, false);
                            }
                        }
                    } else {
                        removed |= driver.removeImage(image.id(), true);
                    }
                } catch (KilnException e) {
                    left = true; // e.g. a child image is removed first in a later pass
                }
            }
            if (!left || !removed) {
                return;
            }
        }
    }

    @Override
    public void close() {
        driver.close();
    }

    private static final class QuietContext implements ComponentContext {
        private final Ui ui;

        QuietContext() {
            this(new Ui() {
                @Override public void say(String message) { }
                @Override public void detail(String message) { }
                @Override public void warn(String message) { }
                @Override public void error(String message) { }
            });
        }

        QuietContext(Ui ui) {
            this.ui = ui;
        }

        @Override public Ui ui() {
            return ui;
        }
        @Override public String buildName() { return "test"; }
        @Override public String builderType() { return "docker"; }
        @Override public String render(String template, Map<String, ?> data) { return template; }
    }
}
