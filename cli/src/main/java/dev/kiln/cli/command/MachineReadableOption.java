package dev.kiln.cli.command;

import picocli.CommandLine.Option;

/** Packer's global {@code -machine-readable} flag. */
public final class MachineReadableOption {

    @Option(names = {"-machine-readable", "--machine-readable"},
            description = "Print machine-readable lines (timestamp,target,type,data...).")
    boolean machineReadable;
}
