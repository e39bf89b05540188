package dev.kiln.runtime.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.kiln.api.Artifact;
import dev.kiln.api.BuildContext;
import dev.kiln.api.Builder;
import dev.kiln.api.Communicator;
import dev.kiln.api.KilnException;
import dev.kiln.api.PostProcessContext;
import dev.kiln.api.PostProcessResult;
import dev.kiln.api.PostProcessor;
import dev.kiln.api.ProvisionContext;
import dev.kiln.api.Provisioner;
import dev.kiln.api.step.StateKeys;
import dev.kiln.api.step.Step;
import dev.kiln.api.step.StepContext;
import dev.kiln.api.testing.FakeCommunicator;
import dev.kiln.runtime.discovery.ComponentKind;
import dev.kiln.runtime.discovery.RegisteredComponent;
import dev.kiln.runtime.event.ArtifactSummary;
import dev.kiln.runtime.event.BuildFinished;
import dev.kiln.runtime.event.EventBus;
import dev.kiln.runtime.event.LogEvent;
import dev.kiln.runtime.frontend.ComponentConfig;
import dev.kiln.runtime.frontend.ComponentSpec;
import dev.kiln.runtime.frontend.SourcePosition;
import dev.kiln.runtime.frontend.json.LoadedTemplate;
import dev.kiln.runtime.frontend.json.TemplateParser;
import dev.kiln.runtime.leftover.BuildFolders;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BuildRunTest {

    record NoConfig() {
    }

    /** Destroying records the id, so tests can see which artifacts were thrown away. */
    record FakeArtifact(String builderType, String id, List<String> destroyed) implements Artifact {
        @Override public List<String> files() { return List.of(); }
        @Override public Map<String, String> metadata() { return Map.of(); }
        @Override public String describe() { return "fake " + id; }
        @Override public void destroy() { destroyed.add(id); }
    }

    private final List<String> destroyed = Collections.synchronizedList(new ArrayList<>());
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final EventBus bus = new EventBus().subscribe(LogEvent.class, e -> events.add(e.target() + ": " + e.message()));

    /** A builder whose one step waits for a latch (when given) and registers a cleanup. */
    final class FakeBuilder implements Builder<NoConfig> {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release;
        final AtomicInteger cleanups = new AtomicInteger();

        FakeBuilder(CountDownLatch release) {
            this.release = release;
        }

        @Override public String type() { return "fake"; }
        @Override public Class<NoConfig> configType() { return NoConfig.class; }

        @Override
        public Artifact build(BuildContext context, NoConfig config) throws InterruptedException {
            context.steps().run(List.of(new Step() {
                @Override public void run(StepContext step) throws InterruptedException {
                    step.state().put(StateKeys.COMMUNICATOR, new FakeCommunicator());
                    entered.countDown();
                    if (release != null) {
                        release.await();
                    }
                }
                @Override public void cleanup(StepContext step) {
                    cleanups.incrementAndGet();
                }
            }, context.provisionStep()));
            return new FakeArtifact("fake", "image-" + context.buildName(), destroyed);
        }
    }

    /** Tags its input: makes a new artifact and asks to keep the input, or not, or fails. */
    final class FakePostProcessor implements PostProcessor<NoConfig> {
        private final String type;
        private final boolean keep;
        private final boolean forced;
        private final boolean fail;

        FakePostProcessor(String type, boolean keep, boolean forced, boolean fail) {
            this.type = type;
            this.keep = keep;
            this.forced = forced;
            this.fail = fail;
        }

        @Override public String type() { return type; }
        @Override public Class<NoConfig> configType() { return NoConfig.class; }

        @Override
        public PostProcessResult process(PostProcessContext context, Artifact artifact, NoConfig config) {
            context.ui().detail("processing " + artifact.id());
            if (fail) {
                throw new KilnException("cannot " + type);
            }
            return new PostProcessResult(new FakeArtifact(type, type + "(" + artifact.id() + ")", destroyed), keep,
                    forced);
        }
    }

    private static PreparedComponent postProcessor(PostProcessor<NoConfig> component, Boolean keepInputArtifact) {
        ComponentSpec block = new ComponentSpec("post-processor", component.type(), component.type(), "post-processors[0]",
                new SourcePosition("t.json", 1, 1), List.of(), List.of(), keepInputArtifact,
                ComponentConfig.empty(new SourcePosition("t.json", 1, 1)));
        return new PreparedComponent(block, new RegisteredComponent(ComponentKind.POST_PROCESSOR, component, "test"),
                new NoConfig(), Duration.ZERO, Duration.ZERO, 0);
    }

    private static PreparedBuild build(String name, Builder<NoConfig> builder,
                                       List<List<PreparedComponent>> postProcessors) {
        return new PreparedBuild(name, new RegisteredComponent(ComponentKind.BUILDER, builder, "test"),
                new NoConfig(), List.of(), null, postProcessors, null);
    }

    /** Fails its first {@code failures} calls, or blocks for a minute when {@code failures} is negative. */
    final class FlakyProvisioner implements Provisioner<NoConfig> {
        private final String type;
        private final AtomicInteger failuresLeft;
        final AtomicInteger calls = new AtomicInteger();

        FlakyProvisioner(String type, int failures) {
            this.type = type;
            this.failuresLeft = new AtomicInteger(failures);
        }

        @Override public String type() { return type; }
        @Override public Class<NoConfig> configType() { return NoConfig.class; }

        @Override
        public void provision(ProvisionContext context, Communicator communicator, NoConfig config)
                throws InterruptedException {
            calls.incrementAndGet();
            if (failuresLeft.get() < 0) {
                Thread.sleep(60_000);
            }
            if (failuresLeft.getAndDecrement() > 0) {
                throw new KilnException(type + " failed");
            }
        }
    }

    private static PreparedComponent provisioner(Provisioner<NoConfig> component, Duration timeout, int retries) {
        ComponentSpec block = new ComponentSpec("provisioner", component.type(), component.type(), "provisioners[0]",
                new SourcePosition("t.json", 1, 1), List.of(), List.of(), null,
                ComponentConfig.empty(new SourcePosition("t.json", 1, 1)));
        return new PreparedComponent(block, new RegisteredComponent(ComponentKind.PROVISIONER, component, "test"),
                new NoConfig(), Duration.ZERO, timeout, retries);
    }

    private BuildFinished provisionWith(List<PreparedComponent> provisioners, PreparedComponent errorCleanup) {
        PreparedBuild build = new PreparedBuild("docker", new RegisteredComponent(ComponentKind.BUILDER,
                new FakeBuilder(null), "test"), new NoConfig(), provisioners, errorCleanup, List.of(), null);
        return run(List.of(build), 0).execute().get(0);
    }

    @Test
    void provisionersRenderWhatTheBuilderPublishedAsGeneratedData() {
        AtomicReference<String> rendered = new AtomicReference<>();
        Provisioner<NoConfig> echo = new Provisioner<>() {
            @Override public String type() { return "echo"; }
            @Override public Class<NoConfig> configType() { return NoConfig.class; }
            @Override public void provision(ProvisionContext context, Communicator communicator, NoConfig config) {
                rendered.set(context.render("id={{build `ID`}} path={{.Path}}", Map.of("Path", "/tmp/x")));
            }
        };
        Builder<NoConfig> publishing = new Builder<>() {
            @Override public String type() { return "fake"; }
            @Override public Class<NoConfig> configType() { return NoConfig.class; }
            @Override public Artifact build(BuildContext context, NoConfig config) throws InterruptedException {
                context.steps().run(List.of(new Step() {
                    @Override public void run(StepContext step) {
                        step.state().put(StateKeys.COMMUNICATOR, new FakeCommunicator());
                        step.state().require(StateKeys.GENERATED_DATA).put("ID", "c0ffee");
                    }
                }, context.provisionStep()));
                return new FakeArtifact("fake", "image", destroyed);
            }
        };
        PreparedBuild build = new PreparedBuild("docker", new RegisteredComponent(ComponentKind.BUILDER, publishing,
                "test"), new NoConfig(), List.of(provisioner(echo, Duration.ZERO, 0)), null, List.of(),
                new LoadedTemplate(new TemplateParser().parse(Path.of("t.json"), "{\"builders\":[{\"type\":\"fake\"}]}"),
                        Map.of(), Set.of(), Map.of(), Path.of("."), Instant.EPOCH, "0.1.0")
                        .interpolation("docker", "fake"));

        BuildFinished outcome = run(List.of(build), 0).execute().get(0);

        assertThat(outcome.succeeded()).as(String.valueOf(outcome.error())).isTrue();
        assertThat(rendered.get()).isEqualTo("id=c0ffee path=/tmp/x");
    }

    @Test
    void componentsSeeTheBuildsComponentNameWhileTheOutputNamesTheFullBuild() {
        AtomicReference<String> seen = new AtomicReference<>();
        Provisioner<NoConfig> echo = new Provisioner<>() {
            @Override public String type() { return "echo"; }
            @Override public Class<NoConfig> configType() { return NoConfig.class; }
            @Override public void provision(ProvisionContext context, Communicator communicator, NoConfig config) {
                seen.set(context.buildName());
                context.ui().say("provisioning");
            }
        };
        PreparedBuild build = new PreparedBuild("app.docker.busybox", new RegisteredComponent(ComponentKind.BUILDER,
                new FakeBuilder(null), "test"), new NoConfig(), List.of(provisioner(echo, Duration.ZERO, 0)), null,
                List.of(), null, List.of(), "busybox");

        BuildFinished outcome = run(List.of(build), 0).execute().get(0);

        assertThat(outcome.succeeded()).as(String.valueOf(outcome.error())).isTrue();
        assertThat(seen.get()).as("PACKER_BUILD_NAME in HCL2").isEqualTo("busybox");
        assertThat(outcome.artifacts()).extracting(ArtifactSummary::id).containsExactly("image-busybox");
        assertThat(events).contains("app.docker.busybox: provisioning");
    }

    @Test
    void maxRetriesRunsAProvisionerAgainUntilItSucceeds() {
        FlakyProvisioner flaky = new FlakyProvisioner("flaky", 2);

        BuildFinished outcome = provisionWith(List.of(provisioner(flaky, Duration.ZERO, 2)), null);

        assertThat(outcome.succeeded()).isTrue();
        assertThat(flaky.calls.get()).isEqualTo(3);
        assertThat(events).contains("docker: Provisioner failed with \"flaky failed\", retrying with 2 trie(s) left",
                "docker: Provisioner failed with \"flaky failed\", retrying with 1 trie(s) left");
    }

    @Test
    void aFailedProvisionerStopsTheRestAndRunsTheErrorCleanupProvisioner() {
        FlakyProvisioner broken = new FlakyProvisioner("broken", 1);
        FlakyProvisioner never = new FlakyProvisioner("never", 0);
        FlakyProvisioner cleanup = new FlakyProvisioner("cleanup", 0);

        BuildFinished outcome = provisionWith(List.of(provisioner(broken, Duration.ZERO, 0),
                provisioner(never, Duration.ZERO, 0)), provisioner(cleanup, Duration.ZERO, 0));

        assertThat(outcome.error()).isEqualTo("broken failed");
        assertThat(never.calls.get()).isZero();
        assertThat(cleanup.calls.get()).isEqualTo(1);
        assertThat(events).contains("docker: Provisioning step had errors: Running the cleanup provisioner...");
    }

    @Test
    void timeoutStopsAProvisionerAndFailsTheBuildWithoutCancellingIt() {
        FlakyProvisioner stuck = new FlakyProvisioner("stuck", -1);

        BuildFinished outcome = provisionWith(List.of(provisioner(stuck, Duration.ofMillis(200), 0)), null);

        assertThat(outcome.cancelled()).isFalse();
        assertThat(outcome.error()).isEqualTo("Provisioner 'stuck' did not finish within its timeout of 200ms.");
        assertThat(events).contains("docker: Cancelling provisioner after a timeout...");
    }

    private BuildRun run(List<PreparedBuild> builds, int parallel) {
        return new BuildRun(builds, null, new ConfigBinder(), OnError.CLEANUP, parallel, bus, new Masker(Set.of()),
                prompt -> Optional.empty());
    }

    private static List<String> ids(BuildFinished outcome) {
        return outcome.artifacts().stream().map(ArtifactSummary::id).toList();
    }

    @Test
    void withoutPostProcessorsTheBuilderArtifactIsTheResult() {
        BuildFinished outcome = run(List.of(build("docker", new FakeBuilder(null), List.of())), 0).execute().get(0);

        assertThat(outcome.succeeded()).isTrue();
        assertThat(ids(outcome)).containsExactly("image-docker");
        assertThat(destroyed).isEmpty();
    }

    @Test
    void forcedKeepWinsOverKeepInputArtifactFalseAsDockerTagDoes() {
        PreparedComponent tag = postProcessor(new FakePostProcessor("docker-tag", true, true, false), false);

        BuildFinished outcome = run(List.of(build("docker", new FakeBuilder(null), List.of(List.of(tag)))), 0)
                .execute().get(0);

        assertThat(ids(outcome)).containsExactly("image-docker", "docker-tag(image-docker)");
        assertThat(destroyed).isEmpty();
        assertThat(events).contains("docker: Running post-processor: docker-tag",
                "docker (docker-tag): processing image-docker");
    }

    @Test
    void unkeptInputsAreDestroyedAlongASequence() {
        PreparedComponent importer = postProcessor(new FakePostProcessor("import", false, false, false), null);
        PreparedComponent push = postProcessor(new FakePostProcessor("push", false, false, false), null);

        BuildFinished outcome = run(List.of(build("docker", new FakeBuilder(null),
                List.of(List.of(importer, push)))), 0).execute().get(0);

        assertThat(ids(outcome)).containsExactly("push(import(image-docker))");
        assertThat(destroyed).containsExactlyInAnyOrder("import(image-docker)", "image-docker");
    }

    /** Passes its input on unchanged and does not ask to keep it, like a checksum or manifest post-processor. */
    static final class PassThroughPostProcessor implements PostProcessor<NoConfig> {
        @Override public String type() { return "pass"; }
        @Override public Class<NoConfig> configType() { return NoConfig.class; }

        @Override
        public PostProcessResult process(PostProcessContext context, Artifact artifact, NoConfig config) {
            return new PostProcessResult(artifact, false, false);
        }
    }

    @ParameterizedTest(name = "keep_input_artifact={0}")
    @ValueSource(strings = {"true", "false", "absent"})
    void aPassThroughFirstInASequenceNeverDestroysTheArtifactItPassesOn(String keepInputArtifact) {
        Boolean keep = keepInputArtifact.equals("absent") ? null : Boolean.valueOf(keepInputArtifact);
        PreparedComponent pass = postProcessor(new PassThroughPostProcessor(), keep);

        BuildFinished outcome = run(List.of(build("docker", new FakeBuilder(null), List.of(List.of(pass)))), 0)
                .execute().get(0);

        assertThat(outcome.succeeded()).isTrue();
        assertThat(ids(outcome)).as("listed once").containsExactly("image-docker");
        assertThat(destroyed).isEmpty();
    }

    @ParameterizedTest(name = "keep_input_artifact={0}")
    @ValueSource(strings = {"true", "false", "absent"})
    void aPassThroughInsideAChainNeverDestroysTheArtifactItPassesOn(String keepInputArtifact) {
        Boolean keep = keepInputArtifact.equals("absent") ? null : Boolean.valueOf(keepInputArtifact);
        PreparedComponent importer = postProcessor(new FakePostProcessor("import", false, false, false), null);
        PreparedComponent pass = postProcessor(new PassThroughPostProcessor(), keep);
        PreparedComponent push = postProcessor(new FakePostProcessor("push", true, false, false), null);

        BuildFinished outcome = run(List.of(build("docker", new FakeBuilder(null),
                List.of(List.of(importer, pass), List.of(importer, pass, push)))), 0).execute().get(0);

        assertThat(outcome.succeeded()).isTrue();
        assertThat(ids(outcome)).containsExactly("import(image-docker)", "push(import(image-docker))");
        assertThat(destroyed).as("only the builder's artifact, which nothing kept, is destroyed")
                .containsExactly("image-docker");
    }

    @Test
    void keepInputArtifactTrueKeepsIntermediateArtifacts() {
        PreparedComponent importer = postProcessor(new FakePostProcessor("import", false, false, false), true);
        PreparedComponent push = postProcessor(new FakePostProcessor("push", false, false, false), true);

        BuildFinished outcome = run(List.of(build("docker", new FakeBuilder(null),
                List.of(List.of(importer, push)))), 0).execute().get(0);

        assertThat(ids(outcome)).containsExactly("image-docker", "import(image-docker)",
                "push(import(image-docker))");
        assertThat(destroyed).isEmpty();
    }

    @Test
    void eachTopLevelSequenceStartsFromTheBuilderArtifact() {
        PreparedComponent a = postProcessor(new FakePostProcessor("a", true, false, false), null);
        PreparedComponent b = postProcessor(new FakePostProcessor("b", true, false, false), null);

        BuildFinished outcome = run(List.of(build("docker", new FakeBuilder(null), List.of(List.of(a), List.of(b)))),
                0).execute().get(0);

        assertThat(ids(outcome)).containsExactly("image-docker", "a(image-docker)", "b(image-docker)");
    }

    @Test
    void failedPostProcessorFailsTheBuildButLosesNoArtifact() {
        PreparedComponent broken = postProcessor(new FakePostProcessor("broken", false, false, true), null);

        BuildFinished outcome = run(List.of(build("docker", new FakeBuilder(null), List.of(List.of(broken)))), 0)
                .execute().get(0);

        assertThat(outcome.error()).isEqualTo("Post-processor failed: cannot broken");
        assertThat(ids(outcome)).containsExactly("image-docker");
        assertThat(destroyed).isEmpty();
    }

    @Test
    void everyFailedSequenceIsNamedAndTheOthersStillRun() {
        PreparedComponent first = postProcessor(new FakePostProcessor("first", false, false, true), null);
        PreparedComponent fine = postProcessor(new FakePostProcessor("fine", true, false, false), null);
        PreparedComponent second = postProcessor(new FakePostProcessor("second", false, false, true), null);

        BuildFinished outcome = run(List.of(build("docker", new FakeBuilder(null),
                List.of(List.of(first), List.of(fine), List.of(second)))), 0).execute().get(0);

        assertThat(outcome.error()).isEqualTo("Post-processor failed: cannot first; Post-processor failed: cannot second");
        assertThat(ids(outcome)).containsExactly("image-docker", "fine(image-docker)");
    }

    @Test
    void artifactSummariesMaskSensitiveValues() {
        PreparedComponent tag = postProcessor(new FakePostProcessor("tag", true, false, false), null);
        BuildRun run = new BuildRun(List.of(build("s3cret", new FakeBuilder(null), List.of(List.of(tag)))), null,
                new ConfigBinder(), OnError.CLEANUP, 0, bus, new Masker(Set.of("s3cret")),
                prompt -> Optional.empty());

        BuildFinished outcome = run.execute().get(0);

        assertThat(outcome.artifacts()).extracting(ArtifactSummary::id, ArtifactSummary::description)
                .containsExactly(tuple("image-<sensitive>", "fake image-<sensitive>"),
                        tuple("tag(image-<sensitive>)", "fake tag(image-<sensitive>)"));
    }

    @Test
    void anErrorFromAPluginFailsOnlyItsBuild() {
        Builder<NoConfig> broken = new Builder<>() {
            @Override public String type() { return "broken"; }
            @Override public Class<NoConfig> configType() { return NoConfig.class; }
            @Override public Artifact build(BuildContext context, NoConfig config) {
                throw new NoClassDefFoundError("com/acme/Missing");
            }
        };
        PreparedComponent crashing = postProcessor(new PostProcessor<NoConfig>() {
            @Override public String type() { return "crash"; }
            @Override public Class<NoConfig> configType() { return NoConfig.class; }
            @Override public PostProcessResult process(PostProcessContext c, Artifact a, NoConfig config) {
                throw new NoClassDefFoundError("com/acme/Gone");
            }
        }, null);

        List<BuildFinished> outcomes = run(List.of(build("a", broken, List.of()),
                build("b", new FakeBuilder(null), List.of(List.of(crashing))),
                build("c", new FakeBuilder(null), List.of())), 0).execute();

        assertThat(outcomes.get(0).error()).contains("builder 'broken'", "com/acme/Missing");
        assertThat(outcomes.get(1).error()).contains("Post-processor failed", "com/acme/Gone");
        assertThat(ids(outcomes.get(1))).containsExactly("image-b");
        assertThat(outcomes.get(2).succeeded()).isTrue();
    }

    @Test
    void buildsRunInParallel() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        FakeBuilder first = new FakeBuilder(release);
        FakeBuilder second = new FakeBuilder(release);
        BuildRun run = run(List.of(build("first", first, List.of()), build("second", second, List.of())), 0);
        AtomicReference<List<BuildFinished>> outcomes = new AtomicReference<>();
        Thread runner = new Thread(() -> outcomes.set(run.execute()));
        runner.start();

        // both builds are inside their step at the same time: they run in parallel
        assertThat(first.entered.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(second.entered.await(10, TimeUnit.SECONDS)).isTrue();
        release.countDown();
        runner.join(10_000);

        assertThat(outcomes.get()).extracting(BuildFinished::succeeded).containsExactly(true, true);
    }

    @Test
    void parallelBuildsOneRunsThemOneAtATime() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        FakeBuilder first = new FakeBuilder(release);
        FakeBuilder second = new FakeBuilder(release);
        BuildRun run = run(List.of(build("first", first, List.of()), build("second", second, List.of())), 1);
        Thread runner = new Thread(run::execute);
        runner.start();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (first.entered.getCount() + second.entered.getCount() == 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(300); // time enough for a second build to start, were it allowed to
        assertThat(first.entered.getCount() + second.entered.getCount()).isEqualTo(1);
        release.countDown();
        runner.join(10_000);
        assertThat(first.entered.getCount()).isZero();
        assertThat(second.entered.getCount()).isZero();
    }

    @Test
    void cancelInterruptsBuildsAndWaitsForTheirCleanups() throws Exception {
        FakeBuilder blocked = new FakeBuilder(new CountDownLatch(1));
        BuildRun run = run(List.of(build("docker", blocked, List.of())), 0);
        AtomicReference<List<BuildFinished>> outcomes = new AtomicReference<>();
        Thread runner = new Thread(() -> outcomes.set(run.execute()));
        runner.start();
        assertThat(blocked.entered.await(10, TimeUnit.SECONDS)).isTrue();

        run.cancel();
        runner.join(10_000);

        assertThat(outcomes.get()).singleElement().satisfies(o -> {
            assertThat(o.cancelled()).isTrue();
            assertThat(o.artifacts()).isEmpty();
        });
        assertThat(blocked.cleanups.get()).isEqualTo(1);
    }

    /** A value a builder and its post-processor share, recording when it is made and closed. */
    final class SharedConnection implements AutoCloseable {
        final String build;

        SharedConnection(String build) {
            this.build = build;
            events.add("open " + build);
        }

        @Override
        public void close() {
            events.add("close " + build + " after destroying " + destroyed);
        }
    }

    @Test
    void buildResourcesAreSharedWithinABuildAndClosedAfterItsArtifactsAreDestroyed() {
        List<Object> seen = Collections.synchronizedList(new ArrayList<>());
        Builder<NoConfig> builder = new Builder<>() {
            @Override public String type() { return "fake"; }
            @Override public Class<NoConfig> configType() { return NoConfig.class; }
            @Override public Artifact build(BuildContext context, NoConfig config) {
                seen.add(context.buildResource("test.connection", SharedConnection.class,
                        () -> new SharedConnection(context.buildName())));
                return new FakeArtifact("fake", "image-" + context.buildName(), destroyed);
            }
        };
        PostProcessor<NoConfig> user = new PostProcessor<>() {
            @Override public String type() { return "user"; }
            @Override public Class<NoConfig> configType() { return NoConfig.class; }
            @Override public PostProcessResult process(PostProcessContext context, Artifact artifact, NoConfig c) {
                seen.add(context.buildResource("test.connection", SharedConnection.class,
                        () -> new SharedConnection("a second one")));
                return new PostProcessResult(new FakeArtifact("user", "done", destroyed), false, false);
            }
        };
        events.clear();

        List<BuildFinished> outcomes = run(List.of(build("one", builder, List.of(List.of(postProcessor(user, null)))),
                build("two", builder, List.of(List.of(postProcessor(user, null))))), 1).execute();

        assertThat(outcomes).allMatch(BuildFinished::succeeded);
        assertThat(seen).hasSize(4);
        assertThat(seen.get(0)).isSameAs(seen.get(1)).isNotSameAs(seen.get(2));
        assertThat(seen.get(2)).isSameAs(seen.get(3));
        // one build at a time, in whichever order the slot is taken: each opens, destroys its image, then closes
        List<String> opened = events.stream().filter(e -> e.matches("(open|close) .*")).toList();
        assertThat(opened).hasSize(4);
        String firstBuild = opened.get(0).substring("open ".length());
        String secondBuild = firstBuild.equals("one") ? "two" : "one";
        assertThat(opened).containsExactly("open " + firstBuild,
                "close " + firstBuild + " after destroying [image-" + firstBuild + "]", "open " + secondBuild,
                "close " + secondBuild + " after destroying [image-" + firstBuild + ", image-" + secondBuild + "]");
    }

    @Test
    void aBuildResourceOfAnotherTypeOrAfterTheBuildIsRefused() {
        Resources resources = new Resources("build");
        resources.get("k", String.class, () -> "text");
        List<String> failures = new ArrayList<>();

        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> resources.get("k", Integer.class, () -> 1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'k' is a java.lang.String");
        resources.get("closer", AutoCloseable.class, () -> () -> {
            throw new java.io.IOException("socket gone");
        });
        resources.close((key, e) -> failures.add(key + ": " + e.getMessage()));

        assertThat(failures).containsExactly("closer: socket gone");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> resources.get("k", String.class, () -> "x")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("after the build ended");
    }

    /** On its timeout, takes a while to unwind (ignoring interrupts), as a provisioner waiting on a remote does. */
    final class SlowToUnwind implements Provisioner<NoConfig> {
        final AtomicInteger calls = new AtomicInteger();
        final CountDownLatch unwinding = new CountDownLatch(1);
        final List<Boolean> ownTokenCancelled = Collections.synchronizedList(new ArrayList<>());

        @Override public String type() { return "slow"; }
        @Override public Class<NoConfig> configType() { return NoConfig.class; }

        @Override
        public void provision(ProvisionContext context, Communicator communicator, NoConfig config) {
            calls.incrementAndGet();
            CountDownLatch closed = new CountDownLatch(1);
            context.cancellation().onCancel(closed::countDown);
            try {
                closed.await(); // the timeout's cancel closes what the provisioner registered
            } catch (InterruptedException e) {
                // as a library might: swallowed, and the flag is gone
            }
            ownTokenCancelled.add(context.cancellation().isCancelled());
            unwinding.countDown();
            long until = System.nanoTime() + 500_000_000L;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            throw new KilnException("slow: connection closed");
        }
    }

    @Test
    void aTimeoutCancelsTheProvisionersOwnTokenAndClosesWhatItRegistered() {
        SlowToUnwind slow = new SlowToUnwind();

        BuildFinished outcome = provisionWith(List.of(provisioner(slow, Duration.ofMillis(200), 0)), null);

        assertThat(outcome.cancelled()).isFalse();
        assertThat(outcome.error()).isEqualTo("Provisioner 'slow' did not finish within its timeout of 200ms.");
        assertThat(slow.ownTokenCancelled).containsExactly(true);
    }

    @Test
    void aCancelWhileATimedOutProvisionerUnwindsIsACancelAndNothingIsRetried() throws Exception {
        SlowToUnwind slow = new SlowToUnwind();
        PreparedBuild build = new PreparedBuild("docker", new RegisteredComponent(ComponentKind.BUILDER,
                new FakeBuilder(null), "test"), new NoConfig(), List.of(provisioner(slow, Duration.ofMillis(200), 3)),
                null, List.of(), null);
        BuildRun run = run(List.of(build), 0);
        AtomicReference<List<BuildFinished>> outcomes = new AtomicReference<>();
        Thread runner = new Thread(() -> outcomes.set(run.execute()));
        runner.start();

        assertThat(slow.unwinding.await(10, TimeUnit.SECONDS)).isTrue();
        run.cancel(); // Ctrl-C after the timeout fired, before the provisioner has given up
        runner.join(10_000);

        assertThat(outcomes.get()).singleElement().satisfies(o -> {
            assertThat(o.cancelled()).isTrue();
            assertThat(o.error()).isNull();
        });
        assertThat(slow.calls.get()).as("no retry after a cancel").isEqualTo(1);
        assertThat(events).noneMatch(e -> e.contains("retrying"));
    }

    @Test
    void cancellingARunClosesWhatItsComponentsRegisteredAtOnce() throws Exception {
        CountDownLatch registered = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Builder<NoConfig> blocked = new Builder<>() {
            @Override public String type() { return "fake"; }
            @Override public Class<NoConfig> configType() { return NoConfig.class; }
            @Override public Artifact build(BuildContext context, NoConfig config) {
                // Cancellation.current() is the build's token on the build's thread, as driver code finds it
                dev.kiln.api.Cancellation.current().onCancel(closed::countDown);
                registered.countDown();
                try {
                    closed.await(); // a read an interrupt would not end
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new KilnException("stream closed");
            }
        };
        BuildRun run = run(List.of(build("docker", blocked, List.of())), 0);
        AtomicReference<List<BuildFinished>> outcomes = new AtomicReference<>();
        Thread runner = new Thread(() -> outcomes.set(run.execute()));
        runner.start();
        assertThat(registered.await(10, TimeUnit.SECONDS)).isTrue();

        run.cancel();

        assertThat(closed.await(5, TimeUnit.SECONDS)).isTrue();
        runner.join(10_000);
        assertThat(outcomes.get()).singleElement().satisfies(o -> {
            assertThat(o.cancelled()).isTrue();
            assertThat(o.error()).as("the closed stream's failure is the cancel, not an error").isNull();
        });
        assertThat(dev.kiln.api.Cancellation.current()).as("nothing bound outside a build")
                .isSameAs(dev.kiln.api.Cancellation.NONE);
    }

    @Test
    void eachBuildHasItsOwnFolderDeletedWhenItEndsWithAnyPartialLeftOpen(@TempDir Path tmp) throws Exception {
        BuildFolders folders = new BuildFolders(tmp.resolve("kiln-alice"));
        Path out = java.nio.file.Files.createDirectories(tmp.resolve("out"));
        List<Path> seen = Collections.synchronizedList(new ArrayList<>());
        List<String> owners = Collections.synchronizedList(new ArrayList<>());
        Builder<NoConfig> writer = new Builder<>() {
            @Override public String type() { return "fake"; }
            @Override public Class<NoConfig> configType() { return NoConfig.class; }

            @Override
            public Artifact build(BuildContext context, NoConfig config) {
                Path files = context.temporaryDirectory();
                assertThat(context.temporaryDirectory()).isEqualTo(files);
                assertThat(context.buildOwner()).isEqualTo(context.buildOwner());
                owners.add(context.buildOwner().tag());
                try {
                    java.nio.file.Files.writeString(files.resolve("script.sh"), "sleep 300");
                    seen.add(files);
                    seen.add(context.partialFile(out.resolve(context.buildName() + ".tar")).path()); // never closed
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return new FakeArtifact("fake", "image-" + context.buildName(), destroyed);
            }
        };
        BuildRun run = new BuildRun(List.of(build("a", writer, List.of()), build("b", writer, List.of())), null,
                new ConfigBinder(), OnError.CLEANUP, 0, bus, new Masker(Set.of()), prompt -> Optional.empty(), false,
                null, folders);

        List<BuildFinished> outcomes = run.execute();

        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.error()).isNull());
        assertThat(seen).hasSize(4).allSatisfy(path -> assertThat(path).doesNotExist());
        assertThat(owners).hasSize(2).doesNotHaveDuplicates()
                .allMatch(tag -> tag.startsWith(ProcessHandle.current().pid() + "-"));
        assertThat(folders.root()).isEmptyDirectory();
        assertThat(out).isEmptyDirectory();
    }
}
