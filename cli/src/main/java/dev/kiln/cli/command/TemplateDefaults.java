package dev.kiln.cli.command;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code build}, {@code validate} and {@code inspect} use where their command line leaves it out: in the
 * interactive shell the loaded template and the variables and var files set there; in the batch command line
 * nothing ({@link #NONE}).
 *
 * <p>They act as flags given before the command's own: {@code set} values as {@code -var}s, {@code var-file}s as
 * {@code -var-file}s. So a command's {@code -var} wins over a {@code set} value, its {@code -var-file} over the
 * shell's var files, and, as in Packer, any {@code -var} (a {@code set} value too) over every var file.
 */
public interface TemplateDefaults {

    /** No defaults: the batch command line. */
    TemplateDefaults NONE = new TemplateDefaults() {
        @Override public Optional<Path> template() { return Optional.empty(); }
        @Override public Map<String, String> variables() { return Map.of(); }
        @Override public List<Path> varFiles() { return List.of(); }
    };

    /** The template a command without {@code TEMPLATE} uses, if one is loaded. */
    Optional<Path> template();

    /** Variables set for every command, in the order they were set. */
    Map<String, String> variables();

    /** Var files read by every command, earlier ones first. */
    List<Path> varFiles();
}
