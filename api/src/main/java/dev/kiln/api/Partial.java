package dev.kiln.api;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ThreadLocalRandom;

/** {@link PartialFile}'s implementation; not part of the API. */
final class Partial implements PartialFile {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path path;
    private final Path target;
    private final PartialFile.Journal journal;
    private boolean completed;
    private boolean closed;

    private Partial(Path path, Path target, PartialFile.Journal journal) {
        this.path = path;
        this.target = target;
        this.journal = journal;
    }

    static PartialFile create(Path target, PartialFile.Journal journal) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        Path folder = absolute.getParent();
        if (folder == null || absolute.getFileName() == null) {
            throw new IOException("'" + target + "' names no file in a folder");
        }
        FileAttribute<?>[] ownerOnly = POSIX
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        for (int attempt = 0; ; attempt++) {
            Path partial = folder.resolve("." + absolute.getFileName() + "."
                    + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + SUFFIX);
            journal.record(partial); // first: a kill between the two must not leave a file nobody knows of
            try {
                Files.createFile(partial, ownerOnly);
                return new Partial(partial, absolute, journal);
            } catch (FileAlreadyExistsException e) {
                journal.forget(partial);
                if (attempt >= 10) {
                    throw e;
                }
            } catch (IOException | RuntimeException e) {
                journal.forget(partial);
                throw e;
            }
        }
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public Path target() {
        return target;
    }

    @Override
    public void complete() throws IOException {
        if (completed || closed) {
            throw new IllegalStateException("the partial of '" + target + "' was already "
                    + (completed ? "completed" : "closed"));
        }
        try {
            Files.move(path, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(path, target, StandardCopyOption.REPLACE_EXISTING);
        }
        completed = true;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!completed) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                return; // still there: the journal keeps it, so 'kiln cleanup' can remove it later
            }
        }
        journal.forget(path);
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
