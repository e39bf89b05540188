package dev.kiln.runtime.build;

import dev.kiln.api.BuildContext;
import dev.kiln.api.BuildOwner;
import dev.kiln.api.Communicator;
import dev.kiln.api.CommunicatorFactory;
import dev.kiln.api.PartialFile;
import dev.kiln.api.PostProcessContext;
import dev.kiln.api.ProvisionContext;
import dev.kiln.api.Ui;
import dev.kiln.api.step.GeneratedData;
import dev.kiln.api.step.Step;
import dev.kiln.api.step.StepRunner;
import dev.kiln.runtime.discovery.ComponentKind;
import dev.kiln.runtime.discovery.ComponentRegistry;
import dev.kiln.runtime.leftover.BuildFolder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/** What every component of one build receives; one instance per build and Ui target. */
final class RuntimeContext implements BuildContext, ProvisionContext, PostProcessContext {

    private final PreparedBuild build;
    private final Ui ui;
    private final ComponentRegistry registry;
    private final ConfigBinder binder;
    private final StepRunner steps;
    private final OnError onError;
    private final ScheduledExecutorService timer;
    private final GeneratedData generated;
    private final Resources resources;
    private final Resources session;
    private final CancellationToken cancellation;
    private final BuildFolder folder;

    RuntimeContext(PreparedBuild build, Ui ui, ComponentRegistry registry, ConfigBinder binder, StepRunner steps,
                   OnError onError, ScheduledExecutorService timer, GeneratedData generated,
                   Resources resources, Resources session, CancellationToken cancellation, BuildFolder folder) {
        this.build = build;
        this.ui = ui;
        this.registry = registry;
        this.binder = binder;
        this.steps = steps;
        this.onError = onError;
        this.timer = timer;
        this.generated = generated;
        this.resources = resources;
        this.session = session;
        this.cancellation = cancellation;
        this.folder = folder;
    }

    /** The same build's context speaking through another Ui. */
    RuntimeContext withUi(Ui other) {
        return new RuntimeContext(build, other, registry, binder, steps, onError, timer, generated, resources,
                session, cancellation, folder);
    }

    /** The same build's context with its own cancellation: a provisioner under a {@code timeout}. */
    RuntimeContext withCancellation(CancellationToken other) {
        return new RuntimeContext(build, ui, registry, binder, steps, onError, timer, generated, resources, session,
                other, folder);
    }

    @Override
    public CancellationToken cancellation() {
        return cancellation;
    }

    @Override public Ui ui() { return ui; }
    /** Packer's {@code PACKER_BUILD_NAME}: in HCL2 the source's name label, not the build's full name. */
    @Override public String buildName() { return build.componentName(); }
    @Override public String builderType() { return build.type(); }
    @Override public StepRunner steps() { return steps; }
    @Override
    public Step provisionStep() {
        return new ProvisionStep(build.provisioners(), build.errorCleanupProvisioner(), onError, this, timer);
    }

    @Override
    public String render(String template, Map<String, ?> data) {
        Map<String, Object> values = new HashMap<>(generated.asMap()); // {{build `ID`}}
        values.putAll(data);                                             // {{.Path}}
        return build.interpolation().render(template, values);
    }

    /** In the build's folder, which the runtime deletes when the build ends and 'kiln cleanup' after a kill. */
    @Override
    public Path temporaryDirectory() {
        return folder.files();
    }

    /** Noted in the build's folder while it exists. */
    @Override
    public PartialFile partialFile(Path target) throws IOException {
        return folder.partial(target);
    }

    @Override
    public BuildOwner buildOwner() {
        return folder.owner();
    }

    @Override
    public <T> T buildResource(String key, Class<T> type, Supplier<? extends T> factory) {
        return resources.get(key, type, factory);
    }

    /** The session's value; a run without a session (a test) keeps it for the build. */
    @Override
    public <T> T sessionResource(String key, Class<T> type, Supplier<? extends T> factory) {
        return (session != null ? session : resources).get(key, type, factory);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Communicator connect(String type, Map<String, ?> settings) throws InterruptedException {
        CommunicatorFactory factory = (CommunicatorFactory) registry.lookup(ComponentKind.COMMUNICATOR, type)
                .component();
        Record config = binder.convert(settings, factory.configType());
        List<String> problems = factory.validate(config);
        if (!problems.isEmpty()) {
            throw new dev.kiln.api.ConfigException("communicator '" + type + "': " + String.join("; ", problems));
        }
        return factory.connect(this, config);
    }
}
