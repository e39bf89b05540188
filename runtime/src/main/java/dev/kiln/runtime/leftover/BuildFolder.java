package dev.kiln.runtime.leftover;

import dev.kiln.api.BuildOwner;
import dev.kiln.api.KilnException;
import dev.kiln.api.PartialFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One build's folder (see {@link BuildFolders}): made, with its owner marker, when a component first needs it, and
 * deleted by {@link #close} when the build ends. It notes the build's partial outputs while they exist (it is their
 * {@link PartialFile.Journal}), so that {@code kiln cleanup} finds them beside their targets if Kiln is killed.
 * Thread-safe.
 */
public final class BuildFolder implements PartialFile.Journal {

    private final BuildFolders folders;
    private final BuildOwner owner;
    private final Path path;
    private final Set<Path> partials = new LinkedHashSet<>();
    private boolean made;
    private boolean closed;

    BuildFolder(BuildFolders folders, BuildOwner owner, Path path) {
        this.folders = folders;
        this.owner = owner;
        this.path = path;
    }

    /** Whose build it is. */
    public BuildOwner owner() {
        return owner;
    }

    /** Where it is, whether or not it was made yet. */
    public Path path() {
        return path;
    }

    /**
     * The components' temporary folder, {@code files/} in the build folder, made on first use.
     *
     * @throws KilnException when it cannot be made, saying where and what to do
     */
    public synchronized Path files() {
        try {
            make();
            return path.resolve(BuildFolders.FILES);
        } catch (IOException e) {
            throw cannotMake(e);
        }
    }

    /** Starts a partial output beside {@code target}, noted here while it exists. */
    public PartialFile partial(Path target) throws IOException {
        return PartialFile.beside(target, this);
    }

    @Override
    public synchronized void record(Path partial) throws IOException {
        try {
            make();
        } catch (KilnException e) {
            throw new IOException(e.getMessage(), e);
        }
        partials.add(partial);
        try {
            writePartials();
        } catch (IOException e) {
            partials.remove(partial);
            throw new IOException("the build folder '" + path + "' cannot note the partial '" + partial + "': "
                    + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void forget(Path partial) {
        if (partials.remove(partial) && !closed) {
            try {
                writePartials();
            } catch (IOException e) {
                // the list keeps a file that is gone; 'kiln cleanup' finds nothing there
            }
        }
    }

    /** The partials noted now, oldest first. */
    public synchronized List<Path> partials() {
        return List.copyOf(partials);
    }

    /**
     * At the end of the build: deletes the partials still noted (a component that did not close one), then the
     * folder with everything in it, its owner marker last. What cannot be deleted is reported to {@code warn}; the
     * marker then stays, so a later {@code kiln cleanup} removes the rest.
     */
    public void close(Consumer<String> warn) {
        List<Path> left;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (!made) {
                return;
            }
            left = new ArrayList<>(partials);
        }
        for (Path partial : left) {
            try {
                if (PartialFile.isPartialName(partial.getFileName().toString())) {
                    Files.deleteIfExists(partial);
                }
            } catch (IOException e) {
                warn.accept("Could not remove the partial output '" + partial + "': " + e.getMessage()
                        + "; 'kiln cleanup' removes it later.");
                return;
            }
        }
        try {
            delete(path);
        } catch (IOException e) {
            warn.accept("Could not remove the build's temporary folder '" + path + "': " + e
                    + "; 'kiln cleanup' removes it later.");
        }
    }

    /** Deletes {@code folder} and what it holds, never following links; its owner marker goes last. */
    static void delete(Path folder) throws IOException {
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path marker = folder.resolve(BuildFolders.OWNER);
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (!file.equals(marker)) {
                    Files.deleteIfExists(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                if (dir.equals(folder)) {
                    Files.deleteIfExists(marker);
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void make() throws IOException {
        if (closed) {
            throw new IllegalStateException("the build '" + owner.tag() + "' has ended; its folder is gone");
        }
        if (made) {
            return;
        }
        folders.ensureRoot();
        Files.createDirectory(path, BuildFolders.ownerOnly());
        // the marker before anything else: a folder without one is never touched by 'kiln cleanup'
        Path marker = path.resolve(BuildFolders.OWNER + ".new");
        Files.writeString(marker, BuildFolders.markerText(owner), StandardCharsets.UTF_8);
        move(marker, path.resolve(BuildFolders.OWNER));
        Files.createDirectory(path.resolve(BuildFolders.FILES), BuildFolders.ownerOnly());
        made = true;
    }

    private void writePartials() throws IOException {
        StringBuilder text = new StringBuilder();
        for (Path partial : partials) {
            text.append(BuildFolders.escape(partial.toString())).append('\n');
        }
        Path next = path.resolve(BuildFolders.PARTIALS + ".new");
        Files.writeString(next, text, StandardCharsets.UTF_8);
        move(next, path.resolve(BuildFolders.PARTIALS));
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private KilnException cannotMake(IOException e) {
        return new KilnException("Could not make the build's temporary folder '" + path + "': " + e
                + "; check that '" + folders.root().getParent() + "' is writable, or set TMPDIR to another folder.", e);
    }
}
