package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartialFileTest {

    @TempDir Path folder;

    /** Notes what happens, and whether the partial existed at that moment. */
    final class RecordingJournal implements PartialFile.Journal {
        final List<String> events = new ArrayList<>();

        @Override
        public void record(Path partial) {
            events.add("record " + partial.getFileName() + (Files.exists(partial) ? " (exists)" : ""));
        }

        @Override
        public void forget(Path partial) {
            events.add("forget " + partial.getFileName() + (Files.exists(partial) ? " (exists)" : ""));
        }
    }

    @Test
    void aCompletedPartialReplacesItsTargetAndIsNotedOnlyWhileItExists() throws Exception {
        Path target = Files.writeString(folder.resolve("image.tar"), "old");
        RecordingJournal journal = new RecordingJournal();

        try (PartialFile partial = PartialFile.beside(target, journal)) {
            String name = partial.path().getFileName().toString();
            assertThat(name).startsWith(".image.tar.").endsWith(".kiln-part");
            assertThat(PartialFile.isPartialName(name)).isTrue();
            assertThat(partial.path()).isEmptyFile().hasParent(folder);
            Path plain = Files.createFile(folder.resolve("plain"));
            assertThat(Files.getPosixFilePermissions(partial.path())).as("the umask decides, as for any new file")
                    .isEqualTo(Files.getPosixFilePermissions(plain));
            Files.delete(plain);
            assertThat(partial.target()).isEqualTo(target.toAbsolutePath());
            Files.writeString(partial.path(), "new");
            assertThat(target).hasContent("old");
            partial.complete();
            assertThatThrownBy(partial::complete).isInstanceOf(IllegalStateException.class);
            assertThat(journal.events).containsExactly("record " + name);
        }

        assertThat(target).hasContent("new");
        assertThat(journal.events).hasSize(2).last().asString().startsWith("forget .image.tar.")
                .doesNotContain("(exists)");
        try (var files = Files.list(folder)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void withoutReplacingAnExistingTargetStaysAndThePartialGoesOnClose() throws Exception {
        Path target = Files.writeString(folder.resolve("image.tar"), "old");

        PartialFile partial = PartialFile.beside(target);
        Files.writeString(partial.path(), "new");

        assertThatThrownBy(() -> partial.complete(false)).isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
        partial.close();
        assertThat(target).hasContent("old");
        try (var files = Files.list(folder)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void closingWithoutCompletingDeletesThePartialAndLeavesTheTarget() throws Exception {
        Path target = Files.writeString(folder.resolve("image.tar"), "old");
        RecordingJournal journal = new RecordingJournal();

        PartialFile partial = PartialFile.beside(target, journal);
        Files.writeString(partial.path(), "half");
        partial.close();
        partial.close();

        assertThat(partial.path()).doesNotExist();
        assertThat(target).hasContent("old");
        assertThat(journal.events).hasSize(2);
        assertThat(journal.events.get(1)).doesNotContain("(exists)");
    }

    @Test
    void aJournalThatCannotNoteThePartialStopsItBeingMade() {
        PartialFile.Journal full = new PartialFile.Journal() {
            @Override public void record(Path partial) throws IOException { throw new IOException("disk full"); }
            @Override public void forget(Path partial) { }
        };

        assertThatThrownBy(() -> PartialFile.beside(folder.resolve("image.tar"), full)).hasMessage("disk full");
        assertThat(folder).isEmptyDirectory();
    }

    @Test
    void onlyHiddenKilnPartNamesArePartials() {
        assertThat(PartialFile.isPartialName(".a.tar.x1.kiln-part")).isTrue();
        assertThat(PartialFile.isPartialName("a.tar.kiln-part")).isFalse();
        assertThat(PartialFile.isPartialName(".kiln-part")).isFalse();
        assertThat(PartialFile.isPartialName(".a.tar")).isFalse();
    }

    @Test
    void aContextWithoutARuntimeKeepsOneTemporaryFolderPerBuild() throws Exception {
        dev.kiln.api.testing.FakeContext context = new dev.kiln.api.testing.FakeContext();

        Path files = context.temporaryDirectory();
        Files.writeString(files.resolve("script.sh"), "echo");

        assertThat(context.temporaryDirectory()).isEqualTo(files).isDirectory();
        assertThat(context.buildOwner()).isSameAs(context.buildOwner());
        context.endBuild();
        assertThat(files).doesNotExist();
    }
}
