package dev.kiln.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.nio.file.Path;
import org.apiguardian.api.API;

/**
 * An output being written: a hidden file beside its target, {@code .<target name>.<random>.kiln-part}, renamed into
 * place by {@link #complete()} once it is whole, so a failed or cancelled write never leaves half a file under the
 * real name and an earlier file stays as it was until the new one is complete. Closing it without completing deletes
 * the partial.
 *
 * <p>Get one from {@link ComponentContext#partialFile(Path)}: the runtime then also notes the partial in the build's
 * folder while it exists, so that {@code kiln cleanup} removes it when Kiln is killed before it can.
 *
 * <pre>{@code
 * try (PartialFile partial = context.partialFile(target)) {
 *     try (OutputStream out = Files.newOutputStream(partial.path())) {
 *         engine.save(image, out);
 *     }
 *     partial.complete();             // renames it to target
 * }                                   // deleted here if complete() was not reached
 * }</pre>
 *
 * <p>Not thread-safe: one component writes it.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface PartialFile extends AutoCloseable {

    /** How the name of every partial ends. */
    String SUFFIX = ".kiln-part";

    /**
     * The hidden file to write, already created and empty, with the permission bits a new file gets (the umask
     * decides, as for a file {@code docker save -o} or Packer writes); change them before {@link #complete()} if
     * they matter.
     *
     * @return the partial's absolute path
     */
    Path path();

    /**
     * The file the partial becomes.
     *
     * @return the target's absolute path
     */
    Path target();

    /**
     * Renames the partial to the target, replacing what is there, atomically where the file system can.
     *
     * @throws IOException when it cannot be renamed (the partial stays, and {@link #close()} deletes it)
     * @throws IllegalStateException when called twice
     */
    default void complete() throws IOException {
        complete(true);
    }

    /**
     * Renames the partial to the target; with {@code replace} false, only if no file has that name.
     *
     * @param replace whether to replace a file at the target (atomically where the file system can)
     * @throws java.nio.file.FileAlreadyExistsException when {@code replace} is false and the target exists; the
     *         partial stays, and {@link #close()} deletes it
     * @throws IOException when it cannot be renamed (the partial stays, and {@link #close()} deletes it)
     * @throws IllegalStateException when called twice
     */
    void complete(boolean replace) throws IOException;

    /** Deletes the partial unless it was completed, and forgets it; never throws. */
    @Override
    void close();

    /**
     * A partial beside {@code target} that nobody notes down: for code with no context, and contexts without a
     * runtime.
     *
     * @param target the output to write; its folder must exist
     * @return the created partial
     * @throws IOException when the partial cannot be created
     */
    static PartialFile beside(Path target) throws IOException {
        return Partial.create(target, Journal.NONE);
    }

    /**
     * A partial beside {@code target} that {@code journal} notes before the file exists and forgets once it is gone.
     * For the runtime.
     *
     * @param target the output to write; its folder must exist
     * @param journal where partials are noted
     * @return the created partial
     * @throws IOException when the partial cannot be created, or {@code journal} cannot note it
     */
    @API(status = INTERNAL, since = "0.1")
    static PartialFile beside(Path target, Journal journal) throws IOException {
        return Partial.create(target, journal);
    }

    /**
     * Whether {@code fileName} is named as partials are: a dot, a name, and {@link #SUFFIX}.
     *
     * @param fileName a file name without folders
     * @return true for a partial's name
     */
    static boolean isPartialName(String fileName) {
        return fileName.startsWith(".") && fileName.endsWith(SUFFIX) && fileName.length() > 1 + SUFFIX.length();
    }

    /** Where the runtime notes the partials of a build while they exist. */
    @API(status = INTERNAL, since = "0.1")
    interface Journal {

        /** Notes nothing. */
        Journal NONE = new Journal() {
            @Override
            public void record(Path partial) {
            }

            @Override
            public void forget(Path partial) {
            }
        };

        /**
         * Notes {@code partial}, which is about to be created.
         *
         * @param partial its absolute path
         * @throws IOException when it cannot be noted; the partial is then not created
         */
        void record(Path partial) throws IOException;

        /**
         * Forgets {@code partial}, which no longer exists; never throws.
         *
         * @param partial its absolute path
         */
        void forget(Path partial);
    }
}
