package dev.kiln.runtime.leftover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.kiln.api.BuildOwner;
import dev.kiln.api.KilnException;
import dev.kiln.api.LeftoverSweeper;
import dev.kiln.api.PartialFile;
import dev.kiln.api.SweepContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepTest {

    private static final Instant STARTED = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir Path tmp;

    private final BuildOwner gone = new BuildOwner("builder-1", 100, STARTED, "aa");
    private final BuildOwner running = new BuildOwner("builder-1", 200, STARTED, "bb");
    private final BuildOwner reused = new BuildOwner("builder-1", 300, STARTED, "cc");
    private final BuildOwner elsewhere = new BuildOwner("builder-2", 200, STARTED, "dd");
    private final Liveness liveness = new Liveness("builder-1", new LivenessTest.FakeProcesses()
            .with(200, STARTED).with(300, STARTED.plusSeconds(86_400)));

    /** A sweeper over things with owners; removing one takes it off the list, or fails for "stuck". */
    static final class FakeSweeper implements LeftoverSweeper {
        final List<String> things = new ArrayList<>();
        final List<String> hostsSeen = new ArrayList<>();

        @Override
        public void sweep(SweepContext context) throws InterruptedException {
            hostsSeen.addAll(context.dockerHosts());
            for (String thing : List.copyOf(things)) {
                BuildOwner owner = BuildOwner.parse(thing.substring(thing.indexOf('-') + 1)).orElseThrow();
                context.found(owner, "container " + thing, () -> {
                    if (thing.startsWith("stuck")) {
                        throw new KilnException("the engine says no");
                    }
                    things.remove(thing);
                });
            }
        }
    }

    /** Collects what the sweep reports, one line each. */
    static final class Lines implements Sweep.Report {
        final List<Sweep.Finding> findings = new ArrayList<>();
        final List<String> other = new ArrayList<>();

        @Override public void finding(Sweep.Finding finding) { findings.add(finding); }
        @Override public void failed(String where, String why) { other.add("failed: " + where + ": " + why); }
        @Override public void warn(String message) { other.add("warn: " + message); }
    }

    private Path folderWithPartial(BuildFolders folders, BuildOwner owner, Path target) throws Exception {
        BuildFolder folder = folders.forBuild(owner);
        Files.writeString(folder.files().resolve("kiln-shell123"), "sleep 300");
        folder.partial(target); // left open, as by a killed process
        return folder.path();
    }

    @Test
    void removesOnlyWhatBuildsWhoseProcessIsGoneLeft() throws Exception {
        BuildFolders folders = new BuildFolders(tmp.resolve("kiln-alice"));
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path goneFolder = folderWithPartial(folders, gone, out.resolve("gone.tar"));
        Path runningFolder = folderWithPartial(folders, running, out.resolve("running.tar"));
        Path reusedFolder = folderWithPartial(folders, reused, out.resolve("reused.tar"));
        FakeSweeper sweeper = new FakeSweeper();
        sweeper.things.addAll(List.of("kiln-" + gone.tag(), "kiln-" + running.tag(), "kiln-" + elsewhere.tag()));
        Lines lines = new Lines();

        Sweep.Summary summary = new Sweep(folders, liveness, List.of(sweeper), List.of("tcp://engine:2376"), false,
                lines).run();

        assertThat(sweeper.hostsSeen).containsExactly("tcp://engine:2376");
        assertThat(sweeper.things).containsExactly("kiln-" + running.tag(), "kiln-" + elsewhere.tag());
        assertThat(goneFolder).doesNotExist();
        assertThat(reusedFolder).doesNotExist();
        assertThat(runningFolder.resolve("files/kiln-shell123")).exists();
        try (var partials = Files.list(out)) {
            assertThat(partials.map(p -> p.getFileName().toString())).hasSize(1).allMatch(
                    name -> name.startsWith(".running.tar.") && PartialFile.isPartialName(name));
        }
        assertThat(lines.findings).extracting(f -> f.outcome(), f -> f.owner())
                .containsExactlyInAnyOrder(
                        tuple(Sweep.Outcome.REMOVED, gone), tuple(Sweep.Outcome.LEFT_ALONE, running),
                        tuple(Sweep.Outcome.LEFT_ALONE, elsewhere),
                        tuple(Sweep.Outcome.REMOVED, gone), tuple(Sweep.Outcome.REMOVED, gone),
                        tuple(Sweep.Outcome.LEFT_ALONE, running),
                        tuple(Sweep.Outcome.REMOVED, reused), tuple(Sweep.Outcome.REMOVED, reused));
        assertThat(lines.findings).extracting(Sweep.Finding::what).contains(
                "build folder " + goneFolder + " and its temporary file kiln-shell123", "container kiln-" + gone.tag());
        assertThat(lines.other).isEmpty();
        assertThat(summary).isEqualTo(new Sweep.Summary(5, 0, 3, 2));
        assertThat(summary.ok()).isTrue();
    }

    @Test
    void aDryRunReportsTheSameAndRemovesNothing() throws Exception {
        BuildFolders folders = new BuildFolders(tmp.resolve("kiln-alice"));
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path goneFolder = folderWithPartial(folders, gone, out.resolve("gone.tar"));
        FakeSweeper sweeper = new FakeSweeper();
        sweeper.things.add("kiln-" + gone.tag());
        Lines lines = new Lines();

        Sweep.Summary summary = new Sweep(folders, liveness, List.of(sweeper), List.of(), true, lines).run();

        assertThat(sweeper.things).containsExactly("kiln-" + gone.tag());
        assertThat(goneFolder.resolve("files/kiln-shell123")).exists();
        try (var partials = Files.list(out)) {
            assertThat(partials).hasSize(1);
        }
        assertThat(lines.findings).extracting(Sweep.Finding::outcome).containsOnly(Sweep.Outcome.WOULD_REMOVE)
                .hasSize(3);
        assertThat(summary).isEqualTo(new Sweep.Summary(3, 0, 0, 1));
    }

    @Test
    void whatCannotBeRemovedIsReportedWithWhyAndFailsTheSweep() throws Exception {
        BuildFolders folders = new BuildFolders(tmp.resolve("kiln-alice"));
        FakeSweeper sweeper = new FakeSweeper();
        sweeper.things.addAll(List.of("stuck-" + gone.tag(), "kiln-" + gone.tag()));
        LeftoverSweeper broken = context -> {
            context.failed("the Docker engine at tcp://engine:2376", "it does not answer");
            throw new IllegalStateException("a bug");
        };
        Lines lines = new Lines();

        Sweep.Summary summary = new Sweep(folders, liveness, List.of(sweeper, broken), List.of(), false, lines).run();

        assertThat(summary.ok()).isFalse();
        assertThat(summary.failed()).isEqualTo(3);
        assertThat(sweeper.things).containsExactly("stuck-" + gone.tag());
        assertThat(lines.findings).filteredOn(f -> f.outcome() == Sweep.Outcome.FAILED)
                .extracting(Sweep.Finding::what, Sweep.Finding::why)
                .containsExactly(tuple("container stuck-" + gone.tag(), "the engine says no"));
        assertThat(lines.other).containsExactly("failed: the Docker engine at tcp://engine:2376: it does not answer",
                "failed: what " + broken.getClass().getName() + " looks after: java.lang.IllegalStateException: "
                        + "a bug");
    }

    @Test
    void aFolderWithoutAMarkerAndAFileThatIsNotAPartialAreNeverTouched() throws Exception {
        BuildFolders folders = new BuildFolders(tmp.resolve("kiln-alice"));
        Files.createDirectories(folders.root());
        Path unmarked = Files.createDirectories(folders.root().resolve("100-1764576000000-aa"));
        Files.writeString(unmarked.resolve("data"), "someone's");
        BuildFolder folder = folders.forBuild(gone);
        folder.files();
        Path precious = Files.writeString(tmp.resolve("precious.tar"), "mine");
        // a list that names a file Kiln would never write as a partial
        Files.writeString(folder.path().resolve("partials"), precious + "\n");
        Lines lines = new Lines();

        new Sweep(folders, liveness, List.of(), List.of(), false, lines).run();

        assertThat(unmarked.resolve("data")).hasContent("someone's");
        assertThat(precious).hasContent("mine");
        assertThat(folder.path()).doesNotExist();
        assertThat(lines.findings).extracting(Sweep.Finding::what).containsExactly("build folder " + folder.path());
    }
}
