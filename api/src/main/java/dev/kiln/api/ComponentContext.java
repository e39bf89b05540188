package dev.kiln.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.apiguardian.api.API;

/**
 * What the runtime offers every component while a build runs.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface ComponentContext {

    /**
     * Where this component reports.
     *
     * @return the Ui, never null
     */
    Ui ui();

    /**
     * The build's name as Packer gives it to components ({@code PACKER_BUILD_NAME}, the manifest's build name): in a
     * JSON template the builder's {@code name}, or its type; in HCL2 the source block's name label ({@code busybox}
     * for the build {@code docker.busybox} or {@code app.docker.busybox}).
     *
     * @return the name, never null
     */
    String buildName();

    /**
     * The builder's type, e.g. {@code "docker"}.
     *
     * @return the type, never null
     */
    String builderType();

    /**
     * Renders a value the component interpolates itself, such as {@code run_command} or {@code execute_command},
     * with Packer's template language: user variables and functions, plus {@code data} as dot-fields
     * ({@code {{.Image}}}).
     *
     * @param template the raw template text, never null
     * @param data the dot-fields, never null
     * @return the rendered text
     * @throws ConfigException when the text does not parse or names an unknown function or field
     */
    String render(String template, Map<String, ?> data);

    /**
     * Whether the work is being cancelled (Ctrl-C, or this provisioner's {@code timeout}); long loops check it.
     *
     * @return true once cancellation has begun
     */
    default boolean cancelled() {
        return cancellation().isCancelled() || Thread.currentThread().isInterrupted();
    }

    /**
     * The work's cancellation token: register what a cancel must close (a stream, a socket, a process).
     *
     * @return the token, never null; by default {@link Cancellation#current()}
     * @since 0.1
     */
    default Cancellation cancellation() {
        return Cancellation.current();
    }

    /**
     * A value every component of this build shares, such as a connection to an engine: made by {@code factory} the
     * first time a component asks for {@code key}, handed to every later caller in the same build, and closed by the
     * runtime when the build ends, after its post-processors and the removal of unkept artifacts, if it is
     * {@link AutoCloseable}. Values are closed in the reverse order of their making; a failing close is a warning.
     *
     * <p>Builds never share values: each build of a template gets its own. Keys are global to the build, so prefix
     * them with your package, e.g. {@code "com.acme.vsphere.session:" + url}. A plugin that depends on another
     * ({@code Plugin-Dependencies}) can share that plugin's values, since both see the same classes.
     *
     * <pre>{@code
     * Session session = context.buildResource("com.acme.session:" + url, Session.class, () -> Session.open(url));
     * }</pre>
     *
     * @param key what the value is for, never null
     * @param type the value's class; a value already kept under {@code key} must be an instance of it
     * @param factory makes the value; called at most once per build and key, never returns null
     * @param <T> the value's type
     * @return the build's value for {@code key}
     * @throws IllegalStateException when the value kept under {@code key} is of another type, or the build has ended
     * @throws UnsupportedOperationException from a context that keeps no values (the default)
     * @since 0.1
     */
    default <T> T buildResource(String key, Class<T> type, Supplier<? extends T> factory) {
        throw new UnsupportedOperationException(getClass().getName() + " keeps no build resources");
    }

    /**
     * A value every build of this session shares: the builds of one {@code kiln build}, and every build a
     * {@code kiln shell} runs until it exits or reloads its plugins. Made by {@code factory} on first use, closed (if
     * it is {@link AutoCloseable}) when the session ends, after its builds. For what is costly to set up and safe to
     * use from builds running at once, such as an engine client with its connection pool; what belongs to one build
     * (its settings, its state) stays a {@link #buildResource}. Keys as for build resources.
     *
     * @param key what the value is for, never null
     * @param type the value's class; a value already kept under {@code key} must be an instance of it
     * @param factory makes the value; called at most once per session and key, never returns null
     * @param <T> the value's type
     * @return the session's value for {@code key}
     * @throws IllegalStateException when the value kept under {@code key} is of another type, or the session has ended
     * @throws UnsupportedOperationException from a context that keeps no values
     * @since 0.1
     */
    default <T> T sessionResource(String key, Class<T> type, Supplier<? extends T> factory) {
        return buildResource(key, type, factory); // a context without sessions: the build is the session
    }

    /**
     * A folder for this build's temporary files, such as a script written before it is uploaded: made on first use,
     * the same folder on every call in one build, and deleted with everything in it when the build ends (also after a
     * failure or cancel). The runtime makes it inside the build's folder under Kiln's temporary folder
     * ({@code $TMPDIR/kiln-<user>/<pid>-<start>-<build>/files}), so {@code kiln cleanup} deletes it when Kiln is
     * killed before it can. Delete what you no longer need as you go: a build may run for long.
     *
     * <p>The default, for contexts without a runtime, is a new folder in {@code java.io.tmpdir} kept as a
     * {@link #buildResource build resource} (deleted when the context's build ends), or, from a context that keeps
     * none, made anew on each call; either is also deleted when the JVM exits, if it is empty by then.
     *
     * @return the folder, existing, writable by this user only
     * @throws KilnException when it cannot be made, naming where and why
     * @since 0.1
     */
    default Path temporaryDirectory() {
        try {
            return buildResource(TemporaryFolder.KEY, TemporaryFolder.class, TemporaryFolder::create).path();
        } catch (UnsupportedOperationException e) {
            return TemporaryFolder.create().path();
        }
    }

    /**
     * Starts writing {@code target} through a {@link PartialFile}: a hidden file beside it that becomes
     * {@code target} when complete. The runtime notes the partial in the build's folder while it exists, so
     * {@code kiln cleanup} removes it when Kiln is killed while writing; at the end of the build it deletes any
     * partial still there. The default (contexts without a runtime) notes nothing.
     *
     * @param target the file to write; its folder must exist
     * @return the partial, created and empty; close it
     * @throws IOException when the partial cannot be created
     * @since 0.1
     */
    default PartialFile partialFile(Path target) throws IOException {
        return PartialFile.beside(target);
    }

    /**
     * Who runs this build: this process, on this machine, and the build's id. Put its {@link BuildOwner#tag() tag}
     * into the name of anything the build creates outside Kiln's folders that a killed Kiln would leave behind (the
     * docker builder names its container {@code kiln-<tag>}), so that {@code kiln cleanup} and a
     * {@link LeftoverSweeper} can tell whose it is. The same owner on every call in one build.
     *
     * <p>The default, for contexts without a runtime, is a {@link BuildOwner#newBuild() new build} kept as a
     * {@link #buildResource build resource}, or a new one on each call from a context that keeps none.
     *
     * @return the owner, never null
     * @since 0.1
     */
    default BuildOwner buildOwner() {
        try {
            return buildResource(BuildOwner.class.getName(), BuildOwner.class, BuildOwner::newBuild);
        } catch (UnsupportedOperationException e) {
            return BuildOwner.newBuild();
        }
    }
}
