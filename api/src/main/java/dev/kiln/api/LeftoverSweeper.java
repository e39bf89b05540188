package dev.kiln.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Finds what Kiln builds made outside Kiln's own temporary folders, where a killed or crashed Kiln process leaves it:
 * the docker builder's containers, for example. {@code kiln cleanup} asks every component that implements this
 * interface, besides its extension point ({@code DockerBuilder implements Builder<...>, LeftoverSweeper}), and removes
 * what belongs to builds whose process is gone.
 *
 * <p>A component that creates such things names them with its build's {@link ComponentContext#buildOwner() owner}
 * ({@link BuildOwner#tag()}), and its sweeper offers each one it finds to {@link SweepContext#found}. The runtime,
 * not the sweeper, decides what is a leftover: a thing whose owner still runs, or ran on another machine, is left
 * alone, and {@code kiln cleanup --dry-run} removes nothing. Things without an owner's tag are not Kiln's: never offer
 * them.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface LeftoverSweeper {

    /**
     * Offers everything of this component's kind that carries a Kiln owner to {@code context}, on the calling thread.
     *
     * @param context where found things go, and the places the user asked to search
     * @throws InterruptedException when cancelled
     */
    void sweep(SweepContext context) throws InterruptedException;
}
