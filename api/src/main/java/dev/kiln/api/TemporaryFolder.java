package dev.kiln.api;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** The default {@link ComponentContext#temporaryDirectory()}: deleted, with its contents, when closed. Not API. */
final class TemporaryFolder implements AutoCloseable {

    static final String KEY = TemporaryFolder.class.getName();

    private final Path path;

    private TemporaryFolder(Path path) {
        this.path = path;
    }

    static TemporaryFolder create() {
        try {
            Path folder = Files.createTempDirectory("kiln-files-");
            folder.toFile().deleteOnExit(); // a context that never ends its build: gone with the JVM, once emptied
            return new TemporaryFolder(folder);
        } catch (IOException e) {
            throw new KilnException("Could not make a temporary folder in '" + System.getProperty("java.io.tmpdir")
                    + "': " + e.getMessage() + "; check that it exists and is writable.", e);
        }
    }

    Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() { // never follows links: it deletes them
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
