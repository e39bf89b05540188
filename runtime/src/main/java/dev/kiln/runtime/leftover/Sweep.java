package dev.kiln.runtime.leftover;

import dev.kiln.api.BuildOwner;
import dev.kiln.api.LeftoverSweeper;
import dev.kiln.api.PartialFile;
import dev.kiln.api.SweepContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code kiln cleanup}: finds what builds whose Kiln process is gone left behind and removes it. First each
 * {@link LeftoverSweeper} offers what it finds (containers on the engines), then the build folders under
 * {@link BuildFolders#root()} are read: the partial outputs each lists, and the folder itself. {@link Liveness}
 * decides for every thing; only those of owners that are {@link Liveness.Verdict#GONE} are removed, and nothing is in
 * a dry run. Things that carry no owner (no marker, no tag) are never seen.
 */
public final class Sweep {

    /** What became of one thing. */
    public enum Outcome {
        /** It was removed. */
        REMOVED,
        /** A dry run: it would have been removed. */
        WOULD_REMOVE,
        /** It should have been removed and could not be; {@link Finding#why()} says why. */
        FAILED,
        /** Its owner runs, or ran elsewhere; {@link Finding#why()} says which. */
        LEFT_ALONE
    }

    /**
     * One thing and what became of it.
     *
     * @param what the thing, e.g. {@code "build folder /tmp/kiln-alice/4242-1764598567123-3f9a0c1d"}
     * @param owner who made it
     * @param outcome what became of it
     * @param why why it was left alone, or why it could not be removed; otherwise why it was a leftover
     */
    public record Finding(String what, BuildOwner owner, Outcome outcome, String why) {
    }

    /** Where the sweep reports, as it goes. */
    public interface Report {

        /** One thing and what became of it. */
        void finding(Finding finding);

        /** A place that could not be searched; the sweep fails. */
        void failed(String where, String why);

        /** Something the user should know that is no failure. */
        void warn(String message);
    }

    /**
     * What the sweep did, in numbers.
     *
     * @param removed things removed (or, in a dry run, that would be)
     * @param failed things that could not be removed, and places that could not be searched
     * @param leftAlone things of running builds, or of other machines
     * @param owners the distinct builds whose leftovers were found
     */
    public record Summary(int removed, int failed, int leftAlone, int owners) {

        /** Whether everything that should go went (or nothing had to). */
        public boolean ok() {
            return failed == 0;
        }
    }

    private final BuildFolders folders;
    private final Liveness liveness;
    private final List<LeftoverSweeper> sweepers;
    private final List<String> dockerHosts;
    private final boolean dryRun;
    private final Report report;
    private final Set<BuildOwner> owners = new LinkedHashSet<>();
    private int removed;
    private int failed;
    private int leftAlone;

    /**
     * @param dockerHosts the engines the user named besides the environment's ({@code --docker-host})
     * @param dryRun whether to remove nothing and report what would be removed
     */
    public Sweep(BuildFolders folders, Liveness liveness, List<LeftoverSweeper> sweepers, List<String> dockerHosts,
                 boolean dryRun, Report report) {
        this.folders = folders;
        this.liveness = liveness;
        this.sweepers = List.copyOf(sweepers);
        this.dockerHosts = List.copyOf(dockerHosts);
        this.dryRun = dryRun;
        this.report = report;
    }

    /** Runs the sweep, reporting each thing as it goes. */
    public Summary run() throws InterruptedException {
        SweepContext context = new Context();
        for (LeftoverSweeper sweeper : sweepers) {
            try {
                sweeper.sweep(context);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (RuntimeException | LinkageError e) { // a plugin's bug: the other sweepers and the folders go on
                failed("what " + sweeper.getClass().getName() + " looks after", e.toString());
            }
        }
        List<BuildFolders.Found> found;
        try {
            found = folders.list();
        } catch (IOException e) {
            failed("Kiln's temporary folder " + folders.root(), e.toString());
            found = List.of();
        }
        for (BuildFolders.Found folder : found) {
            sweepFolder(folder);
        }
        return new Summary(removed, failed, leftAlone, owners.size());
    }

    private void sweepFolder(BuildFolders.Found folder) {
        BuildOwner owner = folder.owner();
        Liveness.Verdict verdict = liveness.of(owner);
        if (verdict != Liveness.Verdict.GONE) {
            leftAlone++;
            report.finding(new Finding("build folder " + folder.folder(), owner, Outcome.LEFT_ALONE,
                    liveness.why(owner, verdict)));
            return;
        }
        String why = liveness.why(owner, verdict);
        owners.add(owner);
        boolean partialsLeft = false;
        List<Path> partials;
        try {
            partials = BuildFolders.partials(folder.folder());
        } catch (IOException e) {
            fail(new Finding("the partial outputs listed in " + folder.folder(), owner, Outcome.FAILED,
                    "the list cannot be read: " + e));
            return; // the folder stays: it is the only record of where they are
        }
        for (Path partial : partials) {
            if (!PartialFile.isPartialName(String.valueOf(partial.getFileName()))
                    || !Files.isRegularFile(partial, LinkOption.NOFOLLOW_LINKS)) {
                continue; // renamed into place or deleted before Kiln ended, or nothing Kiln would have written
            }
            String what = "partial output " + partial;
            if (dryRun) {
                would(what, owner, why);
                continue;
            }
            try {
                Files.deleteIfExists(partial);
                removed(what, owner, why);
            } catch (IOException e) {
                partialsLeft = true;
                fail(new Finding(what, owner, Outcome.FAILED, e.toString()));
            }
        }
        String what = "build folder " + folder.folder() + temporaryFiles(folder.folder());
        if (dryRun) {
            would(what, owner, why);
        } else if (partialsLeft) {
            fail(new Finding(what, owner, Outcome.FAILED, "kept: it lists the partial outputs that could not be "
                    + "removed, for the next 'kiln cleanup'"));
        } else {
            try {
                BuildFolder.delete(folder.folder());
                removed(what, owner, why);
            } catch (IOException e) {
                fail(new Finding(what, owner, Outcome.FAILED, e.toString()));
            }
        }
    }

    /** {@code " and its temporary file kiln-shell123"}: what the folder holds for components, named up to three. */
    private static String temporaryFiles(Path folder) {
        Path files = folder.resolve(BuildFolders.FILES);
        List<String> names = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(files)) {
            walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .forEach(p -> names.add(files.relativize(p).toString()));
        } catch (IOException | UncheckedIOException e) {
            return ""; // nothing there, or nothing readable: the folder is all there is to say
        }
        Collections.sort(names);
        if (names.isEmpty()) {
            return "";
        }
        if (names.size() > 3) {
            return " and its " + names.size() + " temporary files";
        }
        return " and its temporary file" + (names.size() == 1 ? " " : "s ") + String.join(", ", names);
    }

    private void would(String what, BuildOwner owner, String why) {
        removed++;
        report.finding(new Finding(what, owner, Outcome.WOULD_REMOVE, why));
    }

    private void removed(String what, BuildOwner owner, String why) {
        removed++;
        report.finding(new Finding(what, owner, Outcome.REMOVED, why));
    }

    private void fail(Finding finding) {
        failed++;
        report.finding(finding);
    }

    private void failed(String where, String why) {
        failed++;
        report.failed(where, why);
    }

    /** What the sweepers are given. */
    private final class Context implements SweepContext {

        @Override
        public List<String> dockerHosts() {
            return dockerHosts;
        }

        @Override
        public void found(BuildOwner owner, String what, Removal removal) throws InterruptedException {
            Liveness.Verdict verdict = liveness.of(owner);
            String why = liveness.why(owner, verdict);
            if (verdict != Liveness.Verdict.GONE) {
                leftAlone++;
                report.finding(new Finding(what, owner, Outcome.LEFT_ALONE, why));
                return;
            }
            owners.add(owner);
            if (dryRun) {
                would(what, owner, why);
                return;
            }
            try {
                removal.remove();
                removed(what, owner, why);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (RuntimeException e) {
                fail(new Finding(what, owner, Outcome.FAILED, e.getMessage() == null ? e.toString() : e.getMessage()));
            }
        }

        @Override
        public void failed(String where, String why) {
            Sweep.this.failed(where, why);
        }

        @Override
        public void warn(String message) {
            report.warn(message);
        }
    }
}
