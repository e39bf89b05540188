package dev.kiln.runtime.leftover;

import dev.kiln.api.BuildOwner;
import dev.kiln.api.KilnException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kiln's temporary folder for this user, {@code <tmp>/kiln-<user>}, and the build folders in it, one per build:
 * {@code <pid>-<start>-<build>} (the build's {@link BuildOwner}), holding
 * <ul>
 *   <li>{@value #OWNER}, the owner marker: which process, started when, on which machine;</li>
 *   <li>{@value #FILES}/, the components' temporary files ({@code ComponentContext.temporaryDirectory()});</li>
 *   <li>{@value #PARTIALS}, one line per partial output being written beside its target
 *       ({@code ComponentContext.partialFile}).</li>
 * </ul>
 * A folder without a readable marker is not Kiln's, or not yet: {@link #list()} leaves it out, so nothing touches it.
 * {@code <tmp>} is {@code TMPDIR} when set (as for Packer and the programs a build runs), else {@code java.io.tmpdir}.
 */
public final class BuildFolders {

    static final String OWNER = "owner";
    static final String FILES = "files";
    static final String PARTIALS = "partials";

    private static final String TAG = "tag=";

    private final Path root;

    /** @param root the folder that holds the build folders, e.g. {@code /tmp/kiln-alice} */
    public BuildFolders(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The folders of this user under {@code environment}'s {@code TMPDIR}, else under {@code java.io.tmpdir}. */
    public static BuildFolders of(Map<String, String> environment) {
        String tmpdir = environment.get("TMPDIR");
        Path tmp = tmpdir != null && !tmpdir.isBlank() && Path.of(tmpdir).isAbsolute() ? Path.of(tmpdir)
                : Path.of(System.getProperty("java.io.tmpdir"));
        return new BuildFolders(tmp.resolve("kiln-" + userName()));
    }

    private static String userName() {
        String user = System.getProperty("user.name", "");
        String written = user.replaceAll("[^A-Za-z0-9._-]", "_");
        return written.isEmpty() || written.startsWith(".") ? "user" + written : written;
    }

    /** The folder that holds the build folders. */
    public Path root() {
        return root;
    }

    /** The folder of {@code owner}'s build; nothing is made until a component uses it. */
    public BuildFolder forBuild(BuildOwner owner) {
        return new BuildFolder(this, owner, root.resolve(folderName(owner)));
    }

    /** A build folder with its owner, as its marker names it. */
    public record Found(Path folder, BuildOwner owner) {
    }

    /**
     * Every build folder in {@link #root()} with an owner marker that names it; anything else there is left out.
     *
     * @return the folders, by name; empty when the root does not exist
     * @throws IOException when the root cannot be read
     */
    public List<Found> list() throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        List<Found> found = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(root)) {
            for (Path child : children) {
                if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                    owner(child).filter(o -> folderName(o).equals(child.getFileName().toString()))
                            .ifPresent(o -> found.add(new Found(child, o)));
                }
            }
        }
        found.sort(Comparator.comparing(f -> f.folder().getFileName().toString()));
        return List.copyOf(found);
    }

    /** The owner that {@code folder}'s marker names; empty when it has no readable marker. */
    static Optional<BuildOwner> owner(Path folder) {
        Path marker = folder.resolve(OWNER);
        if (!Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            for (String line : Files.readAllLines(marker, StandardCharsets.UTF_8)) {
                if (line.startsWith(TAG)) {
                    return BuildOwner.parse(line.substring(TAG.length()));
                }
            }
        } catch (IOException | RuntimeException e) {
            // unreadable, or not text: not a marker Kiln wrote
        }
        return Optional.empty();
    }

    /** The partial outputs {@code folder}'s list names; empty when it has none. */
    static List<Path> partials(Path folder) throws IOException {
        List<Path> paths = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(folder.resolve(PARTIALS), StandardCharsets.UTF_8)) {
                if (!line.isEmpty()) {
                    paths.add(Path.of(unescape(line)));
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return paths;
    }

    static String folderName(BuildOwner owner) {
        return owner.pid() + "-" + owner.started().toEpochMilli() + "-" + owner.build();
    }

    /** Makes {@link #root()} when missing; refuses one that another user owns, or a link. */
    void ensureRoot() throws IOException {
        try {
            Files.createDirectories(root.getParent());
            Files.createDirectory(root, ownerOnly());
        } catch (FileAlreadyExistsException e) {
            // checked below
        }
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new KilnException("Kiln's temporary folder '" + root + "' is not a folder (or is a link); remove it, "
                    + "or set TMPDIR to a folder of your own.");
        }
        String owner = Files.getOwner(root, LinkOption.NOFOLLOW_LINKS).getName();
        String me = System.getProperty("user.name");
        if (me != null && !owner.equals(me)) {
            throw new KilnException("Kiln's temporary folder '" + root + "' belongs to '" + owner + "', not to '"
                    + me + "'; remove it, or set TMPDIR to a folder of your own.");
        }
    }

    static FileAttribute<?>[] ownerOnly() {
        return posix()
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
                : new FileAttribute<?>[0];
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** One path per line: backslashes, line feeds and carriage returns escaped. */
    static String escape(String path) {
        return path.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    static String unescape(String line) {
        StringBuilder out = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                char next = line.charAt(++i);
                out.append(next == 'n' ? '\n' : next == 'r' ? '\r' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String markerText(BuildOwner owner) {
        return "# The folder of a Kiln build. 'kiln cleanup' deletes it, and the partial outputs that '" + PARTIALS
                + "' lists,\n# once the process below has ended.\n"
                + TAG + owner.tag() + "\n"
                + "pid=" + owner.pid() + "\n"
                + "started=" + owner.started() + "\n"
                + "host=" + owner.host() + "\n";
    }
}
