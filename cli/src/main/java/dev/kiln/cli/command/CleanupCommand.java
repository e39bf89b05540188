package dev.kiln.cli.command;

import dev.kiln.runtime.leftover.Sweep;
import dev.kiln.runtime.session.KilnSession;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code kiln cleanup}: removes what Kiln builds whose process has ended (killed with {@code kill -9}, crashed, the
 * machine's power cut) left behind: their build containers, their temporary folders, and the partial outputs those
 * list. A build whose process still runs keeps everything, and what Kiln did not make (no {@code kiln-<owner>} name,
 * no owner marker) is never looked at. One line per thing, as Packer writes a step's details; exit code 0 when
 * everything went (or there was nothing), 1 when something could not be removed or an engine named with
 * {@code --docker-host} could not be searched.
 */
public final class CleanupCommand implements Callable<Integer> {

    private static final String NAME = "cleanup";

    private final Session session;
    private CommandSpec spec;

    private CleanupCommand(Session session) {
        this.session = session;
    }

    /** The command's model, over {@code session}. */
    public static CommandSpec spec(Session session) {
        CleanupCommand command = new CleanupCommand(session);
        CommandSpec spec = Commands.command(command, NAME, "Remove what Kiln builds that no longer run left behind: "
                + "their containers, temporary folders and partial outputs.");
        PluginOptions.addTo(spec);
        spec.addOption(Commands.flag("Show what would be removed, and remove nothing.", "--dry-run", "-dry-run"));
        spec.addOption(Commands.repeatable(String.class, "HOST", "Also look for containers on this Docker engine, "
                + "e.g. tcp://build-engine:2376 (repeatable; the engine DOCKER_HOST or the docker context names is "
                + "always searched).", "--docker-host", "-docker-host").build());
        command.spec = spec;
        return spec;
    }

    @Override
    public Integer call() {
        Commands.Parsed parsed = Commands.parsed(spec);
        boolean dryRun = parsed.flag("--dry-run");
        List<String> dockerHosts = parsed.values("--docker-host");
        PrintStream out = session.out();
        PrintStream err = session.err();
        out.println("==> " + NAME + ": Looking for what Kiln builds that no longer run left behind"
                + (dryRun ? " (dry run: nothing is removed)" : ""));
        Sweep.Summary summary;
        try {
            KilnSession kiln = session.kiln(PluginOptions.dirs(spec));
            kiln.plugins(); // every plugin's sweeper
            session.warnAboutPlugins();
            summary = kiln.cleanup(dockerHosts, dryRun, new Lines(out, err));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("==> " + NAME + ": Interrupted; what was not removed yet is still there.");
            return 1;
        }
        out.println("==> " + NAME + ": " + closing(summary, dryRun));
        return summary.ok() ? 0 : 1;
    }

    private static String closing(Sweep.Summary summary, boolean dryRun) {
        String builds = summary.owners() == 1 ? "1 build" : summary.owners() + " builds";
        String leftAlone = summary.leftAlone() == 0 ? ""
                : " Left alone " + (summary.leftAlone() == 1 ? "1 thing" : summary.leftAlone() + " things")
                        + " of builds still running or of other hosts.";
        if (!summary.ok()) {
            return (dryRun ? "Would remove " : "Removed ") + things(summary.removed()) + "; "
                    + (summary.failed() == 1 ? "1 thing" : summary.failed() + " things")
                    + " could not be " + (dryRun ? "checked" : "removed or checked") + " (see above)." + leftAlone;
        }
        if (summary.removed() == 0) {
            return "Nothing to clean up." + leftAlone;
        }
        if (dryRun) {
            return "Would remove " + things(summary.removed()) + " of " + builds + " that ended; run 'kiln cleanup' "
                    + "to remove them." + leftAlone;
        }
        return "Removed " + things(summary.removed()) + " of " + builds + " that ended." + leftAlone;
    }

    private static String things(int count) {
        return count == 1 ? "1 leftover" : count + " leftovers";
    }

    /** Each thing as a detail line; what could not be removed on stderr. */
    private record Lines(PrintStream out, PrintStream err) implements Sweep.Report {

        @Override
        public void finding(Sweep.Finding finding) {
            switch (finding.outcome()) {
                case REMOVED -> out.println("    " + NAME + ": Removed " + finding.what() + " (" + finding.why() + ")");
                case WOULD_REMOVE -> out.println("    " + NAME + ": Would remove " + finding.what() + " ("
                        + finding.why() + ")");
                case LEFT_ALONE -> out.println("    " + NAME + ": Left alone " + finding.what() + ": "
                        + finding.why());
                case FAILED -> err.println("    " + NAME + ": Could not remove " + finding.what() + ": "
                        + finding.why());
                default -> throw new IllegalStateException("unknown outcome " + finding.outcome());
            }
        }

        @Override
        public void failed(String where, String why) {
            err.println("    " + NAME + ": Could not search " + where + ": " + why);
        }

        @Override
        public void warn(String message) {
            err.println("Warning: " + message);
        }
    }
}
