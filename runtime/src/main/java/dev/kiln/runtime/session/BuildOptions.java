package dev.kiln.runtime.session;

import dev.kiln.runtime.build.OnError;
import dev.kiln.runtime.build.Prompter;

/**
 * How to run a validated template's builds.
 *
 * @param onError what a failing step does ({@code -on-error})
 * @param parallelBuilds how many builds run at once; 0 for all ({@code -parallel-builds})
 * @param prompter who answers questions ({@code -on-error=ask}); {@link Prompter#NONE} in scripts
 */
public record BuildOptions(OnError onError, int parallelBuilds, Prompter prompter) {

    /** Defaults: clean up on error, every build at once, nobody to ask. */
    public BuildOptions {
        onError = onError == null ? OnError.CLEANUP : onError;
        prompter = prompter == null ? Prompter.NONE : prompter;
    }
}
