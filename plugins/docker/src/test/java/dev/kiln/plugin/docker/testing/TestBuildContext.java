package dev.kiln.plugin.docker.testing;

import dev.kiln.api.BuildContext;
import dev.kiln.api.Communicator;
import dev.kiln.api.KilnException;
import dev.kiln.api.ProvisionContext;
import dev.kiln.api.Ui;
import dev.kiln.api.step.StateBag;
import dev.kiln.api.step.StateKeys;
import dev.kiln.api.step.Step;
import dev.kiln.api.step.StepContext;
import dev.kiln.api.step.StepRunner;
import dev.kiln.api.testing.InMemoryStateBag;
import dev.kiln.plugin.docker.DockerCommunicatorConfig;
import dev.kiln.plugin.docker.DockerCommunicatorFactory;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link BuildContext} for tests of the docker builder without the runtime: steps run through a
 * {@link SimpleStepRunner}; {@link #provisionStep()} runs a {@link Provisioning} lambda against the communicator;
 * {@link #connect} opens the real {@link DockerCommunicatorFactory}; {@link #render} substitutes {@code {{.Key}}}
 * fields only.
 */
public final class TestBuildContext implements BuildContext, ProvisionContext, dev.kiln.api.PostProcessContext {

    private final dev.kiln.api.testing.FakeContext resources = new dev.kiln.api.testing.FakeContext();

    /** What the provision step does with the communicator. */
    @FunctionalInterface
    public interface Provisioning {
        /**
         * @param communicator the build's communicator
         * @throws InterruptedException when cancelled
         */
        void provision(Communicator communicator) throws InterruptedException;
    }

    /** Opens a communicator for {@link #connect}. */
    @FunctionalInterface
    public interface Connector {
        /**
         * @param type the communicator type
         * @param settings the settings the builder passed
         * @return the communicator
         * @throws InterruptedException when cancelled
         */
        Communicator connect(String type, Map<String, ?> settings) throws InterruptedException;
    }

    private static final Pattern FIELD = Pattern.compile("\\{\\{\\s*\\.(\\w+)\\s*}}");

    private final Ui ui;
    private final Provisioning provisioning;
    private final Connector connector;
    private final StateBag state = new InMemoryStateBag();
    private final java.util.List<Map<String, ?>> connections = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * A context whose {@link #connect} opens the real {@link DockerCommunicatorFactory} in this build, so it shares
     * the build's engine client.
     *
     * @param ui where the build reports
     * @param provisioning what the provision step does
     */
    public TestBuildContext(Ui ui, Provisioning provisioning) {
        this(ui, provisioning, null);
    }

    /**
     * A context whose {@link #connect} calls {@code connector}, e.g. to return a
     * {@link dev.kiln.api.testing.FakeCommunicator} in unit tests.
     *
     * @param ui where the build reports
     * @param provisioning what the provision step does
     * @param connector opens communicators
     */
    public TestBuildContext(Ui ui, Provisioning provisioning, Connector connector) {
        this.ui = ui;
        this.provisioning = provisioning;
        this.connector = connector;
    }

    /** @return the settings of every {@link #connect} call, in order */
    public java.util.List<Map<String, ?>> connections() {
        return java.util.List.copyOf(connections);
    }

    /** @return the build's state, for assertions after a build */
    public StateBag state() {
        return state;
    }

    @Override
    public StepRunner steps() {
        return new SimpleStepRunner(ui, state);
    }

    @Override
    public Step provisionStep() {
        return new Step() {
            @Override
            public String name() {
                return "StepProvision";
            }

            @Override
            public void run(StepContext context) throws InterruptedException {
                provisioning.provision(context.state().get(StateKeys.COMMUNICATOR).orElse(null)); // null: none connected
            }
        };
    }

    @Override
    public Communicator connect(String type, Map<String, ?> settings) throws InterruptedException {
        connections.add(Map.copyOf(settings));
        return connector == null ? dockerCommunicator(type, settings) : connector.connect(type, settings);
    }

    private Communicator dockerCommunicator(String type, Map<String, ?> settings) {
        if (!"docker".equals(type)) {
            throw new KilnException("TestBuildContext knows only the docker communicator, not '" + type + "'");
        }
        DockerCommunicatorConfig config = new DockerCommunicatorConfig((String) settings.get("container_id"),
                (String) settings.get("docker_host"), (String) settings.get("exec_user"),
                (Boolean) settings.get("fix_upload_owner"), Boolean.TRUE.equals(settings.get("pty")));
        return new DockerCommunicatorFactory().connect(this, config);
    }

    @Override
    public Ui ui() {
        return ui;
    }

    @Override
    public <T> T buildResource(String key, Class<T> type, java.util.function.Supplier<? extends T> factory) {
        return resources.buildResource(key, type, factory);
    }

    /**
     * Closes the build resources (the engine connection), as the runtime does when a build ends.
     *
     * @throws Exception when one fails to close
     */
    public void endBuild() throws Exception {
        resources.endBuild();
    }

    /** @return the keys of the build resources made so far, in order */
    public java.util.List<String> buildResourceKeys() {
        return resources.buildResourceKeys();
    }

    @Override
    public String buildName() {
        return "docker";
    }

    @Override
    public String builderType() {
        return "docker";
    }

    @Override
    public String render(String template, Map<String, ?> data) {
        Matcher m = FIELD.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object value = data.get(m.group(1));
            if (value == null) {
                throw new dev.kiln.api.ConfigException("unknown field '." + m.group(1) + "' in '" + template + "'");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(value)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
