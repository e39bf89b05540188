package dev.kiln.cli.command;

import picocli.CommandLine.Model.CommandSpec;

/** Packer's global {@code -machine-readable} flag. */
public final class MachineReadableOption {

    static final String NAME = "-machine-readable";

    private MachineReadableOption() {
    }

    /** Adds the flag to {@code spec}. */
    static void addTo(CommandSpec spec) {
        spec.addOption(Commands.flag("Print machine-readable lines (timestamp,target,type,data...).", NAME,
                "--machine-readable"));
    }

    /** Whether the last parse of {@code spec}'s command line had the flag. */
    static boolean given(CommandSpec spec) {
        return Commands.parsed(spec).flag(NAME);
    }
}
