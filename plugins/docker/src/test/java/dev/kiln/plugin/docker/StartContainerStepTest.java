package dev.kiln.plugin.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.api.Ui;
import dev.kiln.api.step.StateBag;
import dev.kiln.api.step.StepContext;
import dev.kiln.api.testing.InMemoryStateBag;
import dev.kiln.api.testing.RecordingUi;
import dev.kiln.docker.engine.ImageConfig;
import dev.kiln.plugin.docker.testing.FakeDockerDriver;
import dev.kiln.plugin.docker.testing.TestBuildContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the container step says when a build is aborted ({@code -on-error=abort}) and its container stays. */
class StartContainerStepTest {

    private static final String IMAGE = "acme/base:1";

    private final FakeDockerDriver driver = new FakeDockerDriver().withImage(IMAGE, new ImageConfig("sha256:base",
            List.of(), List.of("sh"), List.of(), "", "", Map.of(), false, false, List.of(IMAGE)));
    private final RecordingUi ui = new RecordingUi();
    private final StateBag state = new InMemoryStateBag();
    private final StepContext context = new StepContext() {
        @Override public Ui ui() { return ui; }
        @Override public StateBag state() { return state; }
    };

    private StartContainerStep step() {
        DockerBuilderConfig config = new DockerBuilderConfig(IMAGE, false, false, true, null, null, null, null, null,
                false, null, null, null, null, null, null, null, false, null, null, false, null, null, null, null,
                false, null, null);
        return new StartContainerStep(driver, new TestBuildContext(ui, c -> { }), config);
    }

    @Test
    void anAbortedBuildsContainerStaysAndTheStepSaysHowToRemoveIt() throws Exception {
        StartContainerStep step = step();
        step.run(context);

        step.abandon(context);

        assertThat(driver.containers()).containsExactly("c1");
        assertThat(ui.lines()).contains("say: Left the container c1 for inspection; remove it with "
                + "'docker -H fake://docker rm -f c1', or with 'kiln cleanup' once this Kiln process has ended.");
    }

    @Test
    void aStepThatCreatedNoContainerSaysNothing() {
        step().abandon(context);

        assertThat(ui.lines()).isEmpty();
    }
}
