package dev.kiln.cli.render;

import dev.kiln.runtime.event.BuildFinished;
import java.time.Duration;

/** The words of Packer's closing lines, shared by the human and the machine-readable renderer. */
final class PackerText {

    static final String SOME_FAILED = "==> Some builds didn't complete successfully and had errors:";
    static final String CANCELLED = "Cleanly cancelled builds after being interrupted.";
    static final String ARTIFACTS = "==> Builds finished. The artifacts of successful builds are:";
    static final String NO_ARTIFACTS = "==> Builds finished but no artifacts were created.";

    private PackerText() {
    }

    /** {@code Build 'docker' finished after 2 seconds 455 milliseconds.}, or {@code ... errored after ...: why}. */
    static String buildLine(BuildFinished event) {
        String after = Durafmt.format(event.duration());
        return event.error() != null
                ? "Build '" + event.build() + "' errored after " + after + ": " + event.error()
                : "Build '" + event.build() + "' finished after " + after + ".";
    }

    /** {@code ==> Wait completed after ...}. */
    static String waitCompleted(Duration wall) {
        return "==> Wait completed after " + Durafmt.format(wall);
    }
}
