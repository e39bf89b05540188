package dev.kiln.runtime.session;

import dev.kiln.runtime.build.OnError;
import dev.kiln.runtime.build.Prompter;

/**
 * How to run a validated template's builds.
 *
 * @param onError what a failing step does ({@code -on-error})
 * @param parallelBuilds how many builds run at once; 0 for all ({@code -parallel-builds})
 * @param prompter who answers questions ({@code -on-error=ask}, {@code -debug}) and attaches the terminal to a shell
 *     in the build machine; {@link Prompter#NONE} in scripts
 * @param debug {@code -debug}: one build at a time, pausing before each step
 */
public record BuildOptions(OnError onError, int parallelBuilds, Prompter prompter, boolean debug) {

    /** Defaults: clean up on error, every build at once, nobody to ask. */
    public BuildOptions {
        onError = onError == null ? OnError.CLEANUP : onError;
        prompter = prompter == null ? Prompter.NONE : prompter;
    }

    /** Options without {@code -debug}. */
    public BuildOptions(OnError onError, int parallelBuilds, Prompter prompter) {
        this(onError, parallelBuilds, prompter, false);
    }
}
