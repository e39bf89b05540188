package dev.kiln.plugin.docker;

import dev.kiln.api.Communicator;
import dev.kiln.api.ComponentContext;
import dev.kiln.api.CommunicatorException;
import dev.kiln.api.KilnException;
import dev.kiln.api.OutputListener;
import dev.kiln.api.PartialFile;
import dev.kiln.api.Ui;
import dev.kiln.docker.engine.DockerDriver;
import dev.kiln.docker.engine.PathStat;
import dev.kiln.docker.engine.ProgressOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The {@code docker} communicator: {@code docker exec} for commands, the engine's archive API for files.
 *
 * <p>Uploads are tar streams built while they are sent, so no file is held in memory and the image needs no shell.
 * When {@code fix_upload_owner} is on and the container's configured user is set and not root, the archive entries
 * carry that user's numeric ids, looked up in the container's {@code /etc/passwd} and {@code /etc/group}; otherwise they
 * belong to root. This replaces Packer's {@code docker exec --user root chown -R}, which needs {@code /bin/sh},
 * {@code chown} and a {@code root} entry in {@code /etc/passwd}, and which the shell provisioner retries for five
 * minutes when one is missing.
 */
final class DockerCommunicator implements Communicator {

    private static final int BUFFER = 64 * 1024;
    private static final int MAX_LINKS = 8;
    /** Uploads smaller than this end before a progress bar could be read. */
    private static final long SHOW_PROGRESS = 1_000_000;

    private final DockerDriver driver;
    private final String containerId;
    private final String execUser;
    private final String ownerUser;
    private final boolean pty;
    private final Ui ui;
    private final ComponentContext context;
    private ContainerUsers.Owner owner;
    private boolean closed;

    /**
     * @param driver the engine connection, owned (closed) by this communicator
     * @param containerId the running container
     * @param execUser the user commands run as, or null
     * @param ownerUser the user uploads should belong to (the container's configured user), or empty for root
     * @param pty whether commands run with a pseudo-terminal
     * @param context where the progress of large uploads goes, and who notes the partial files of downloads
     */
    DockerCommunicator(DockerDriver driver, String containerId, String execUser, String ownerUser, boolean pty,
                       ComponentContext context) {
        this.driver = driver;
        this.containerId = containerId;
        this.execUser = execUser == null || execUser.isBlank() ? null : execUser;
        this.ownerUser = ownerUser == null ? "" : ownerUser;
        this.pty = pty;
        this.ui = context.ui();
        this.context = context;
    }

    /** {@code docker -H <engine> exec -it [-u user] <container> /bin/sh}: the docker CLI attaches the terminal. */
    @Override
    public Optional<List<String>> interactiveShell() {
        List<String> command = new ArrayList<>(List.of("docker", "-H", driver.host(), "exec", "-it"));
        if (execUser != null) {
            command.addAll(List.of("-u", execUser));
        }
        command.addAll(List.of(containerId, "/bin/sh"));
        return Optional.of(List.copyOf(command));
    }

    @Override
    public int execute(String command, OutputListener output) throws InterruptedException {
        try {
            return driver.exec(containerId, List.of("/bin/sh", "-c", command), execUser, pty, output);
        } catch (CommunicatorException e) {
            throw e;
        } catch (KilnException e) {
            throw new CommunicatorException(e.getMessage(), e);
        }
    }

    @Override
    public void upload(Path source, String destination) throws InterruptedException {
        if (!Files.exists(source)) {
            throw new CommunicatorException("Upload source '" + source + "' does not exist.", null);
        }
        boolean directory = Files.isDirectory(source);
        String target = destination;
        if (!directory && destination != null && destination.endsWith("/")) {
            target = destination + source.getFileName();
        }
        String what = "Uploading '" + source + "' to '" + target + "' in container '" + shortId() + "'";
        try {
            UploadPlan plan = UploadPlan.plan(directory, target, path -> driver.statPath(containerId, path));
            ContainerUsers.Owner entriesOwner = owner();
            long size = archiveSize(source, directory);
            driver.copyToContainer(containerId, plan.extractDir(), out -> {
                if (size < SHOW_PROGRESS) {
                    writeArchive(out, source, directory, plan, entriesOwner);
                } else {
                    ProgressOutputStream counted = new ProgressOutputStream(out, ui,
                            "Uploading " + source.getFileName(), size);
                    writeArchive(counted, source, directory, plan, entriesOwner);
                    counted.finish(); // not closed: the driver closes its stream
                }
            });
        } catch (CommunicatorException e) {
            throw e;
        } catch (KilnException e) {
            throw new CommunicatorException(what + " failed: " + e.getMessage(), e);
        }
    }

    /** Streams {@code content} as the archive's one file entry: no temporary file, no shell in the container. */
    @Override
    public void upload(InputStream content, long size, int mode, String destination) throws InterruptedException {
        String what = "Uploading " + size + " bytes to '" + destination + "' in container '" + shortId() + "'";
        try {
            UploadPlan plan = UploadPlan.plan(false, destination, path -> driver.statPath(containerId, path));
            ContainerUsers.Owner entriesOwner = owner();
            driver.copyToContainer(containerId, plan.extractDir(), out -> {
                TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                for (String dir : plan.missingDirs()) {
                    putDirectory(tar, dir, null, entriesOwner);
                }
                TarArchiveEntry entry = new TarArchiveEntry(plan.root());
                entry.setSize(size);
                entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~07777 | (mode & 07777));
                entry.setModTime(System.currentTimeMillis());
                own(entry, entriesOwner);
                tar.putArchiveEntry(entry);
                copy(content, tar, size, destination);
                tar.closeArchiveEntry();
                tar.finish();
                tar.flush();
            });
        } catch (CommunicatorException e) {
            throw e;
        } catch (KilnException e) {
            throw new CommunicatorException(what + " failed: " + e.getMessage(), e);
        }
    }

    private static void copy(InputStream in, OutputStream out, long size, String destination)
            throws IOException, InterruptedException {
        byte[] buffer = new byte[BUFFER];
        long left = size;
        while (left > 0) {
            if (Thread.interrupted()) {
                throw new InterruptedException("upload to '" + destination + "' interrupted");
            }
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("the content for '" + destination + "' ended after " + (size - left) + " of "
                        + size + " bytes");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private ContainerUsers.Owner owner() throws InterruptedException {
        if (owner != null) {
            return owner;
        }
        if (ContainerUsers.isRootOrUnset(ownerUser)) {
            owner = ContainerUsers.Owner.ROOT;
            return owner;
        }
        String passwd = readSmallFile("/etc/passwd");
        String group = ownerUser.contains(":") ? readSmallFile("/etc/group") : null;
        try {
            owner = ContainerUsers.resolve(ownerUser, passwd, group);
        } catch (IllegalArgumentException e) {
            throw new CommunicatorException("Uploads cannot be given to the container's user '" + ownerUser + "': "
                    + e.getMessage() + "; add the user to the image, or set fix_upload_owner: false.", e);
        }
        return owner;
    }

    private String readSmallFile(String path) {
        if (driver.statPath(containerId, path).isEmpty()) {
            return null;
        }
        try (TarArchiveInputStream tar = new TarArchiveInputStream(driver.copyFromContainer(containerId, path))) {
            TarArchiveEntry entry = tar.getNextEntry();
            if (entry == null || !entry.isFile()) {
                return null;
            }
            return new String(tar.readNBytes(1 << 20), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CommunicatorException("Reading '" + path + "' from container '" + shortId() + "' failed: "
                    + e.getMessage(), e);
        }
    }

    /**
     * About how many bytes the archive of {@code source} has (a header and whole blocks per entry), for the progress
     * bar; one walk of the tree, which costs little beside reading every file.
     */
    private static long archiveSize(Path source, boolean directory) {
        long[] size = {1024};
        try {
            if (!directory) {
                return size[0] + 512 + (Files.size(source) + 511) / 512 * 512;
            }
            Files.walkFileTree(source, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    size[0] += 512;
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    size[0] += 512 + (attrs.isRegularFile() ? (attrs.size() + 511) / 512 * 512 : 0);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // the upload itself reports what cannot be read
                }
            });
        } catch (IOException e) {
            return -1;
        }
        return size[0];
    }

    private static void writeArchive(OutputStream out, Path source, boolean directory, UploadPlan plan,
                                      ContainerUsers.Owner owner) throws IOException, InterruptedException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        for (String dir : plan.missingDirs()) {
            putDirectory(tar, dir, null, owner);
        }
        if (!directory) {
            putFile(tar, plan.root(), source, Stat.of(source, true), owner, new byte[BUFFER]);
        } else {
            String prefix = plan.root().isEmpty() ? "" : plan.root() + "/";
            if (!plan.root().isEmpty()) {
                putDirectory(tar, plan.root(), Stat.of(source, false), owner);
            }
            byte[] buffer = new byte[BUFFER]; // one for the whole tree: thousands of small files need no more
            Files.walkFileTree(source, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (!dir.equals(source)) {
                        putDirectory(tar, prefix + relative(source, dir), Stat.of(dir, false), owner);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String name = prefix + relative(source, file);
                    if (attrs.isSymbolicLink()) {
                        TarArchiveEntry link = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                        link.setLinkName(Files.readSymbolicLink(file).toString());
                        own(link, owner);
                        tar.putArchiveEntry(link);
                        tar.closeArchiveEntry();
                    } else if (attrs.isRegularFile()) {
                        try {
                            putFile(tar, name, file, Stat.of(file, true), owner, buffer);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new InterruptedIOException("upload interrupted");
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        tar.finish();
        tar.flush();
    }

    /**
     * What an archive entry needs to know about a local file or directory, read with one {@code stat} on a POSIX file
     * system instead of one call each for size, permissions, executability and time: an upload of thousands of small
     * files spends measurably less time building its archive.
     */
    private record Stat(long size, int mode, long modifiedMillis) {

        static Stat of(Path path, boolean file) throws IOException {
            try {
                PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class);
                return new Stat(attributes.size(), bits(attributes.permissions()),
                        attributes.lastModifiedTime().toMillis());
            } catch (UnsupportedOperationException e) {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                int fallback = !file || Files.isExecutable(path) ? 0755 : 0644;
                return new Stat(attributes.size(), fallback, attributes.lastModifiedTime().toMillis());
            }
        }

        private static int bits(Set<PosixFilePermission> permissions) {
            int mode = 0;
            for (PosixFilePermission p : permissions) {
                mode |= 1 << (8 - p.ordinal());
            }
            return mode;
        }
    }

    /** Adds a directory entry; {@code from} is null for a directory made up for the destination (mode 0755). */
    private static void putDirectory(TarArchiveOutputStream tar, String name, Stat from, ContainerUsers.Owner owner)
            throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
        entry.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~07777 | (from == null ? 0755 : from.mode()));
        if (from != null) {
            entry.setModTime(from.modifiedMillis());
        }
        own(entry, owner);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    private static void putFile(TarArchiveOutputStream tar, String name, Path file, Stat stat,
                                ContainerUsers.Owner owner, byte[] buffer) throws IOException, InterruptedException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(stat.size());
        entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~07777 | stat.mode());
        entry.setModTime(stat.modifiedMillis());
        own(entry, owner);
        tar.putArchiveEntry(entry);
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("upload of '" + file + "' interrupted");
                }
                tar.write(buffer, 0, n);
            }
        }
        tar.closeArchiveEntry();
    }

    private static void own(TarArchiveEntry entry, ContainerUsers.Owner owner) {
        entry.setUserId(owner.uid());
        entry.setGroupId(owner.gid());
        entry.setUserName("");
        entry.setGroupName("");
    }

    private static String relative(Path root, Path path) {
        return root.relativize(path).toString().replace('\\', '/');
    }

    @Override
    public void download(String source, Path destination) throws InterruptedException {
        String path = UploadPlan.normalize(source);
        Optional<PathStat> stat = driver.statPath(containerId, path);
        for (int links = 0; stat.isPresent() && stat.get().symlink() && links < MAX_LINKS; links++) {
            String target = stat.get().linkTarget();
            path = UploadPlan.normalize(target.startsWith("/") ? target : UploadPlan.parent(path) + "/" + target);
            stat = driver.statPath(containerId, path);
        }
        if (stat.isEmpty()) {
            driver.statPath(containerId, "/"); // says so when the container itself is gone
            throw new CommunicatorException("Download source '" + source + "' does not exist in container '"
                    + shortId() + "'.", null);
        }
        boolean directory = stat.get().directory();
        String what = "Downloading '" + source + "' from container '" + shortId() + "' to '" + destination + "'";
        try (TarArchiveInputStream tar = new TarArchiveInputStream(driver.copyFromContainer(containerId, path),
                StandardCharsets.UTF_8.name())) {
            Path target = destination.toAbsolutePath().normalize();
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            if (directory) {
                extractDirectory(tar, target);
            } else {
                TarArchiveEntry entry = tar.getNextEntry();
                if (entry == null || !entry.isFile()) {
                    throw new CommunicatorException(what + " failed: the engine sent no file.", null);
                }
                writeFile(tar, target, entry.getMode());
            }
        } catch (InterruptedIOException e) {
            throw new InterruptedException(what + " was interrupted");
        } catch (IOException e) {
            throw new CommunicatorException(what + " failed: " + e.getMessage(), e);
        } catch (CommunicatorException e) {
            throw e;
        } catch (KilnException e) {
            throw new CommunicatorException(what + " failed: " + e.getMessage(), e);
        }
    }

    private void extractDirectory(TarArchiveInputStream tar, Path target)
            throws IOException, InterruptedException {
        Files.createDirectories(target);
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            String name = entry.getName();
            int slash = name.indexOf('/');
            String rest = slash < 0 ? "" : name.substring(slash + 1);
            if (rest.isEmpty() || rest.equals("/")) {
                continue; // the directory itself
            }
            Path out = target.resolve(rest).normalize();
            if (!out.startsWith(target)) {
                throw new IOException("the archive holds '" + name + "', which points outside the destination");
            }
            if (entry.isDirectory()) {
                Files.createDirectories(out);
                setMode(out, entry.getMode());
            } else if (entry.isSymbolicLink()) {
                Files.createDirectories(out.getParent());
                Files.deleteIfExists(out);
                Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
            } else if (entry.isFile()) {
                Files.createDirectories(out.getParent());
                writeFile(tar, out, entry.getMode());
            }
        }
    }

    /**
     * Writes the current entry to a {@link PartialFile} next to {@code target}, then renames it into place; a kill
     * meanwhile leaves it in the build folder's list, for {@code kiln cleanup}.
     */
    private void writeFile(InputStream in, Path target, int mode) throws IOException, InterruptedException {
        try (PartialFile file = context.partialFile(target)) {
            Path partial = file.path();
            try (OutputStream out = Files.newOutputStream(partial)) {
                byte[] buffer = new byte[BUFFER];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (Thread.interrupted()) {
                        throw new InterruptedException("download interrupted");
                    }
                    out.write(buffer, 0, n);
                }
            }
            setMode(partial, mode);
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("'" + target + "' is a directory; name a file to write");
            }
            file.complete();
        }
    }

    private static void setMode(Path path, int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] all = PosixFilePermission.values();
        for (int i = 0; i < all.length; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                permissions.add(all[i]);
            }
        }
        try {
            Files.setPosixFilePermissions(path, permissions);
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: keep the default mode
        }
    }

    private String shortId() {
        return containerId.length() > 12 ? containerId.substring(0, 12) : containerId;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            driver.close();
        }
    }
}
