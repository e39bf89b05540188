package dev.kiln.runtime.build;

import dev.kiln.api.Artifact;
import dev.kiln.api.BuildOwner;
import dev.kiln.api.Builder;
import dev.kiln.api.Cancellation;
import dev.kiln.api.KilnException;
import dev.kiln.api.PostProcessResult;
import dev.kiln.api.PostProcessor;
import dev.kiln.api.step.GeneratedData;
import dev.kiln.api.step.StateBag;
import dev.kiln.api.step.StateKeys;
import dev.kiln.runtime.discovery.ComponentRegistry;
import dev.kiln.runtime.event.ArtifactProduced;
import dev.kiln.runtime.event.ArtifactSummary;
import dev.kiln.runtime.event.BuildFinished;
import dev.kiln.runtime.event.EventBus;
import dev.kiln.runtime.leftover.BuildFolder;
import dev.kiln.runtime.leftover.BuildFolders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs planned builds, in parallel up to a limit, each on its own thread: builder, then post-processor sequences.
 * {@link #cancel()} interrupts every build; {@link #execute()} returns only after every build's cleanups ran.
 */
public final class BuildRun {

    private static final Logger LOG = LoggerFactory.getLogger(BuildRun.class);

    private final List<PreparedBuild> builds;
    private final ComponentRegistry registry;
    private final ConfigBinder binder;
    private final OnError onError;
    private final int parallelBuilds;
    private final EventBus bus;
    private final Masker masker;
    private final Prompter prompter;
    private final Workers workers = new Workers();
    private final CancellationToken cancellation = new CancellationToken();
    private final boolean debug;
    private final Resources session;
    private final BuildFolders folders;

    /**
     * Prepares a run.
     *
     * @param parallelBuilds how many builds run at once; 0 or less means all
     */
    public BuildRun(List<PreparedBuild> builds, ComponentRegistry registry, ConfigBinder binder, OnError onError,
                    int parallelBuilds, EventBus bus, Masker masker, Prompter prompter) {
        this(builds, registry, binder, onError, parallelBuilds, bus, masker, prompter, false, null);
    }

    /**
     * As below, with the build folders of this user in {@code TMPDIR} (or {@code java.io.tmpdir}).
     *
     * @param session the values shared with the session's other runs ({@code sessionResource}); null to keep them
     *                per build
     */
    public BuildRun(List<PreparedBuild> builds, ComponentRegistry registry, ConfigBinder binder, OnError onError,
                    int parallelBuilds, EventBus bus, Masker masker, Prompter prompter, boolean debug,
                    Resources session) {
        this(builds, registry, binder, onError, parallelBuilds, bus, masker, prompter, debug, session,
                BuildFolders.of(System.getenv()));
    }

    /**
     * Prepares a run; with {@code debug} ({@code -debug}) the builds run one at a time and pause before each step, as
     * in Packer.
     *
     * @param session the values shared with the session's other runs ({@code sessionResource}); null to keep them
     *                per build
     * @param folders where each build's folder goes (temporary files, the list of partial outputs)
     */
    public BuildRun(List<PreparedBuild> builds, ComponentRegistry registry, ConfigBinder binder, OnError onError,
                    int parallelBuilds, EventBus bus, Masker masker, Prompter prompter, boolean debug,
                    Resources session, BuildFolders folders) {
        this.folders = folders;
        this.debug = debug;
        this.session = session;
        this.builds = List.copyOf(builds);
        this.registry = registry;
        this.binder = binder;
        this.onError = onError;
        this.parallelBuilds = debug ? 1 : parallelBuilds <= 0 ? Math.max(1, builds.size()) : parallelBuilds;
        this.bus = bus;
        this.masker = masker;
        this.prompter = prompter;
    }

    /** Interrupts every build; their cleanups still run. Safe to call from any thread, any number of times. */
    public void cancel() {
        cancellation.cancel(); // closes what blocks where an interrupt does not reach: sockets, streams, processes
        workers.interrupt();
    }

    /** Whether {@link #cancel()} was called. */
    public boolean cancelled() {
        return cancellation.isCancelled();
    }

    /**
     * Runs every build and waits for all of them, cleanups included. Interrupting the caller cancels the run.
     *
     * @return each build's outcome, in plan order
     */
    public List<BuildFinished> execute() {
        BuildFinished[] outcomes = new BuildFinished[builds.size()];
        CountDownLatch done = new CountDownLatch(builds.size());
        Semaphore slots = new Semaphore(parallelBuilds);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, builds.size()), runnable -> {
            Thread thread = new Thread(runnable, "kiln-build");
            thread.setDaemon(true);
            return thread;
        });
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kiln-timer");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (int i = 0; i < builds.size(); i++) {
                int index = i;
                pool.execute(() -> {
                    try {
                        outcomes[index] = runGuarded(builds.get(index), slots, timer);
                    } finally {
                        done.countDown();
                    }
                });
            }
            awaitAll(done);
        } finally {
            pool.shutdownNow();
            timer.shutdownNow();
        }
        return List.of(outcomes);
    }

    private void awaitAll(CountDownLatch done) {
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                cancel();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private BuildFinished runGuarded(PreparedBuild build, Semaphore slots, ScheduledExecutorService timer) {
        long start = System.nanoTime();
        workers.enter();
        if (cancellation.isCancelled()) {
            Thread.currentThread().interrupt();
        }
        try {
            slots.acquire();
            try {
                return runBuild(build, start, timer);
            } finally {
                slots.release();
            }
        } catch (InterruptedException e) {
            return finish(build, start, null, true, List.of());
        } finally {
            workers.leave();
            Thread.interrupted();
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private BuildFinished runBuild(PreparedBuild build, long start, ScheduledExecutorService timer) {
        EventUi ui = new EventUi(bus, build.name(), build.name(), masker, prompter);
        StateBag state = StateBag.create();
        GeneratedData generated = new GeneratedData();
        state.put(StateKeys.GENERATED_DATA, generated);
        DefaultStepRunner steps = new DefaultStepRunner(build.name(), ui, bus, onError, state, prompter, debug,
                workers);
        Resources resources = new Resources("build");
        BuildFolder folder = folders.forBuild(BuildOwner.newBuild()); // made when a component first needs it
        CancellationToken.Child token = cancellation.child();
        RuntimeContext context = new RuntimeContext(build, ui, registry, binder, steps, onError, timer, generated,
                resources, session, token.token(), folder);
        Outcome outcome;
        try (token; Cancellation.Registration bound = Cancellation.bind(token.token())) {
            outcome = buildAndPostProcess(build, context, ui);
        } finally {
            // after the artifacts' destroy(), which may use them (an engine connection), and before the summary
            resources.close((key, e) -> {
                LOG.debug("closing build resource {} failed", key, e);
                ui.warn("Could not close '" + key + "' at the end of the build: " + e.getMessage());
            });
            folder.close(ui::warn); // last: a resource may still have written there
        }
        return finish(build, start, outcome.error(), outcome.cancelled(), outcome.artifacts());
    }

    /** How a build ended, before it is announced. */
    private record Outcome(String error, boolean cancelled, List<ArtifactSummary> artifacts) { }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Outcome buildAndPostProcess(PreparedBuild build, RuntimeContext context, EventUi ui) {
        build.warnings().forEach(w -> ui.warn(w.path() + ": " + w.message()));
        Artifact artifact;
        try {
            artifact = ((Builder) build.builder().component()).build(context, build.config());
            if (artifact == null) {
                throw new KilnException("builder '" + build.type() + "' returned no artifact");
            }
        } catch (InterruptedException e) {
            return new Outcome(null, true, List.of());
        } catch (VirtualMachineError e) {
            throw e;
        } catch (KilnException e) {
            LOG.debug("build {} failed", build.name(), e);
            if (context.cancellation().isCancelled()) {
                return new Outcome(null, true, List.of()); // what a cancel broke (a closed stream) is the cancel
            }
            return new Outcome(e.getMessage(), false, List.of());
        } catch (RuntimeException | Error e) { // e.g. a plugin's NoClassDefFoundError: the other builds go on
            LOG.debug("build {} crashed", build.name(), e);
            return new Outcome("builder '" + build.type() + "' (" + build.builder().origin()
                    + ") failed: " + e, false, List.of());
        }
        return postProcess(build, artifact, context, ui);
    }

    /** Packer's post-processor semantics, except that a failure keeps the artifacts made so far. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private Outcome postProcess(PreparedBuild build, Artifact builderArtifact, RuntimeContext context, EventUi ui) {
        List<Artifact> results = new ArrayList<>();
        List<Artifact> unkept = new ArrayList<>(); // destroyed at the end, unless one of them is also a result
        boolean keepBuilderArtifact = build.postProcessors().isEmpty();
        String error = null;
        boolean interrupted = false;
        for (List<PreparedComponent> sequence : build.postProcessors()) {
            Artifact prior = builderArtifact;
            boolean completed = true;
            for (int i = 0; i < sequence.size(); i++) {
                PreparedComponent prepared = sequence.get(i);
                String type = prepared.type();
                String name = prepared.spec().name();
                ui.say("Running post-processor: " + (name.equals(type) ? type : name + " (type " + type + ")"));
                PostProcessResult result;
                try {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new InterruptedException();
                    }
                    result = ((PostProcessor) prepared.component().component()).process(
                            context.withUi(ui.withTarget(build.name() + " (" + type + ")")), prior,
                            prepared.config());
                } catch (InterruptedException e) {
                    interrupted = true;
                    completed = false;
                    break;
                } catch (VirtualMachineError e) {
                    throw e;
                } catch (RuntimeException | Error e) {
                    if (context.cancellation().isCancelled()) { // e.g. the save whose stream the cancel closed
                        interrupted = true;
                        completed = false;
                        break;
                    }
                    String message = "Post-processor failed: "
                            + (e instanceof KilnException ? e.getMessage() : e.toString());
                    ui.error(message);
                    error = error == null ? message : error + "; " + message; // every failed sequence is named
                    completed = false;
                    break;
                }
                boolean keep = keepInput(result, prepared.spec().keepInputArtifact());
                if (i == 0) {
                    keepBuilderArtifact |= keep;
                } else if (keep) {
                    results.add(prior);
                } else {
                    unkept.add(prior);
                }
                prior = result.artifact();
            }
            if (completed) {
                results.add(prior);
            } else if (prior != builderArtifact) {
                results.add(prior); // what a failed sequence made so far is still reported, never lost
            }
            if (interrupted) {
                break;
            }
        }
        // a failure or cancellation never throws the builder's image away
        if (keepBuilderArtifact || error != null || interrupted) {
            results.add(0, builderArtifact);
        } else {
            unkept.add(builderArtifact);
        }
        List<Artifact> distinct = new ArrayList<>(); // a pass-through's result may be an artifact already listed
        for (Artifact result : results) {
            if (distinct.stream().noneMatch(kept -> same(kept, result))) {
                distinct.add(result);
            }
        }
        results = distinct;
        List<Artifact> destroyed = new ArrayList<>();
        for (Artifact artifact : unkept) {
            // A post-processor that passes its input on (or makes a new view of the same image) returns what it was
            // given: destroying that input would delete the result the summary lists.
            if (results.stream().noneMatch(result -> same(result, artifact))
                    && destroyed.stream().noneMatch(done -> same(done, artifact))) {
                destroy(artifact, ui);
                destroyed.add(artifact);
            }
        }
        return new Outcome(error, interrupted, results.stream().map(this::summary).toList());
    }

    /** What the renderers show of {@code artifact}, with every sensitive value masked. */
    private ArtifactSummary summary(Artifact artifact) {
        ArtifactSummary raw = ArtifactSummary.of(artifact);
        return new ArtifactSummary(masker.mask(raw.builderType()), masker.mask(raw.id()),
                masker.mask(raw.description()), raw.files().stream().map(masker::mask).toList());
    }

    private static boolean keepInput(PostProcessResult result, Boolean userKeep) {
        if (userKeep == null) {
            return result.keepInput();
        }
        if (result.keepInput() && result.keepInputForced() && !userKeep) {
            return true;
        }
        return userKeep;
    }

    /** The same artifact, or another one naming the same thing (its id), e.g. a pass-through's result. */
    private static boolean same(Artifact a, Artifact b) {
        return a == b || a.id() != null && !a.id().isEmpty() && a.id().equals(b.id());
    }

    private void destroy(Artifact artifact, EventUi ui) {
        try {
            artifact.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            ui.warn("Could not remove intermediate artifact '" + artifact.id() + "': " + e.getMessage());
        }
    }

    private BuildFinished finish(PreparedBuild build, long start, String error, boolean wasCancelled,
                                 List<ArtifactSummary> artifacts) {
        BuildFinished finished = new BuildFinished(build.name(), Duration.ofNanos(System.nanoTime() - start),
                masker.mask(error), wasCancelled, artifacts);
        for (ArtifactSummary artifact : artifacts) {
            bus.publish(new ArtifactProduced(build.name(), artifact));
        }
        bus.publish(finished);
        return finished;
    }
}
