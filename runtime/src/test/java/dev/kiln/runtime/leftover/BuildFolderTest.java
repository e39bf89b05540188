package dev.kiln.runtime.leftover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.api.BuildOwner;
import dev.kiln.api.KilnException;
import dev.kiln.api.PartialFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildFolderTest {

    @TempDir Path tmp;

    private final BuildOwner owner = new BuildOwner("builder-1", 4242, Instant.ofEpochMilli(1764598567123L),
            "3f9a0c1d");

    @Test
    void nothingIsMadeUntilAComponentNeedsIt() {
        BuildFolders folders = new BuildFolders(tmp.resolve("kiln-alice"));
        List<String> warnings = new ArrayList<>();

        folders.forBuild(owner).close(warnings::add);

        assertThat(tmp.resolve("kiln-alice")).doesNotExist();
        assertThat(warnings).isEmpty();
    }

    @Test
    void theFolderIsNamedForItsOwnerWhomItsMarkerNames() throws Exception {
        BuildFolders folders = new BuildFolders(tmp.resolve("kiln-alice"));
        BuildFolder folder = folders.forBuild(owner);

        Path files = folder.files();

        Path path = tmp.resolve("kiln-alice/4242-1764598567123-3f9a0c1d");
        assertThat(folder.path()).isEqualTo(path);
        assertThat(files).isEqualTo(path.resolve("files")).isDirectory();
        assertThat(folder.files()).isEqualTo(files);
        assertThat(Files.readString(path.resolve("owner"))).contains("tag=4242-1764598567123-3f9a0c1d-builder-1\n",
                "pid=4242\n", "started=2025-12-01T14:16:07.123Z\n", "host=builder-1\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("kiln-alice"))))
                .isEqualTo("rwx------");
        assertThat(folders.list()).containsExactly(new BuildFolders.Found(path, owner));
    }

    @Test
    void thePartialsListNamesEachPartialWhileItExists() throws Exception {
        BuildFolder folder = new BuildFolders(tmp.resolve("kiln-alice")).forBuild(owner);
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path list = folder.path().resolve("partials");

        PartialFile first = folder.partial(out.resolve("image.tar"));
        PartialFile second = folder.partial(out.resolve("odd\nname\\.tar"));

        assertThat(first.path().getFileName().toString()).startsWith(".image.tar.").endsWith(".kiln-part");
        assertThat(first.path()).exists().hasParent(out);
        assertThat(BuildFolders.partials(folder.path())).containsExactly(first.path(), second.path());
        assertThat(Files.readAllLines(list, StandardCharsets.UTF_8)).hasSize(2); // one line each, escaped
        Files.writeString(first.path(), "all of it");
        first.complete();
        first.close();
        second.close();

        assertThat(out.resolve("image.tar")).hasContent("all of it");
        assertThat(second.path()).doesNotExist();
        assertThat(BuildFolders.partials(folder.path())).isEmpty();
        assertThat(folder.partials()).isEmpty();
    }

    @Test
    void theEndOfTheBuildDeletesTheFolderAndEveryPartialStillListed() throws Exception {
        BuildFolder folder = new BuildFolders(tmp.resolve("kiln-alice")).forBuild(owner);
        Path out = Files.createDirectories(tmp.resolve("out"));
        Files.writeString(folder.files().resolve("script.sh"), "echo hi");
        Files.createDirectories(folder.files().resolve("sub/dir"));
        Path outside = Files.writeString(tmp.resolve("outside.txt"), "not Kiln's");
        Files.createSymbolicLink(folder.files().resolve("link"), outside);
        PartialFile forgotten = folder.partial(out.resolve("image.tar")); // a component that never closed it
        List<String> warnings = new ArrayList<>();

        folder.close(warnings::add);

        assertThat(warnings).isEmpty();
        assertThat(folder.path()).doesNotExist();
        assertThat(forgotten.path()).doesNotExist();
        assertThat(outside).hasContent("not Kiln's"); // links are deleted, never followed
        assertThat(tmp.resolve("kiln-alice")).isEmptyDirectory();
        assertThatThrownBy(folder::files).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRootThatIsALinkIsRefused() throws Exception {
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(tmp.resolve("kiln-alice"), elsewhere);
        BuildFolder folder = new BuildFolders(tmp.resolve("kiln-alice")).forBuild(owner);

        assertThatThrownBy(folder::files).isInstanceOf(KilnException.class)
                .hasMessageContaining("is not a folder (or is a link)").hasMessageContaining("TMPDIR");
        assertThat(elsewhere).isEmptyDirectory();
    }

    @Test
    void onlyFoldersWithAMarkerThatNamesThemAreListed() throws Exception {
        BuildFolders folders = new BuildFolders(tmp.resolve("kiln-alice"));
        folders.forBuild(owner).files();
        Files.createDirectories(folders.root().resolve("4243-1764598567123-00000001")); // no marker
        Path copied = Files.createDirectories(folders.root().resolve("9999-1-2"));      // a marker naming another
        Files.copy(folders.forBuild(owner).path().resolve("owner"), copied.resolve("owner"));
        Path garbled = Files.createDirectories(folders.root().resolve("4244-1764598567123-00000002"));
        Files.writeString(garbled.resolve("owner"), "tag=nonsense\n");
        Files.writeString(folders.root().resolve("notes.txt"), "a file");

        assertThat(folders.list()).extracting(BuildFolders.Found::owner).containsExactly(owner);
    }

    @Test
    void theUsersFolderIsInTmpdirWhenSet() {
        BuildFolders folders = BuildFolders.of(java.util.Map.of("TMPDIR", tmp.toString()));

        assertThat(folders.root().getParent()).isEqualTo(tmp);
        assertThat(folders.root().getFileName().toString()).isEqualTo("kiln-" + System.getProperty("user.name"));
        assertThat(BuildFolders.of(java.util.Map.of()).root().getParent())
                .isEqualTo(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize());
    }

    @Test
    void escapingKeepsEveryPathOnOneLine() {
        for (String path : List.of("/plain/path", "/with\nnewline", "/with\\backslash\\n", "/cr\r")) {
            String line = BuildFolders.escape(path);
            assertThat(line).doesNotContain("\n", "\r");
            assertThat(BuildFolders.unescape(line)).isEqualTo(path);
        }
    }
}
