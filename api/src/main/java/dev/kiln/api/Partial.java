package dev.kiln.api;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/** {@link PartialFile}'s implementation; not part of the API. */
final class Partial implements PartialFile {

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
        for (int attempt = 0; ; attempt++) {
            Path partial = folder.resolve("." + absolute.getFileName() + "."
                    + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + SUFFIX);
            journal.record(partial); // first: a kill between the two must not leave a file nobody knows of
            try {
                Files.createFile(partial); // the umask decides its mode, as for the file it replaces
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
    public void complete(boolean replace) throws IOException {
        if (completed || closed) {
            throw new IllegalStateException("the partial of '" + target + "' was already "
                    + (completed ? "completed" : "closed"));
        }
        if (!replace) {
            Files.move(path, target); // fails with FileAlreadyExistsException when a file is there
        } else {
            try {
                Files.move(path, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(path, target, StandardCopyOption.REPLACE_EXISTING);
            }
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
