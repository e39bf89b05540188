package dev.kiln.api.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.api.OutputListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fakes plugin authors test with behave as their Javadoc says. */
class FakesTest {

    @Test
    void outputListenerToUiPassesThePartsOfAnOverLongLineOnAsParts() {
        RecordingUi ui = new RecordingUi();
        OutputListener listener = OutputListener.to(ui);

        listener.stdoutPart("a");
        listener.stdout("b");
        listener.stderrPart("c");
        listener.stderr("d");

        assertThat(ui.lines()).containsExactly("detail-part: a", "detail: b", "error-part: c", "error: d");
    }

    @Test
    void aListenerThatKnowsNoPartsGetsEachPartAsALine() {
        List<String> lines = new ArrayList<>();
        OutputListener listener = new OutputListener() {
            @Override public void stdout(String line) { lines.add("out " + line); }
            @Override public void stderr(String line) { lines.add("err " + line); }
        };

        listener.stdoutPart("a");
        listener.stderrPart("b");

        assertThat(lines).containsExactly("out a", "err b");
    }

    @Test
    void aFakeCommunicatorCanPrintOnBothStreamsAndAnswerWithAStatus() throws Exception {
        FakeCommunicator communicator = new FakeCommunicator()
                .output((command, listener) -> {
                    listener.stdout("ran " + command);
                    listener.stderr("warning from " + command);
                })
                .exitStatus(command -> command.equals("false") ? 1 : 0);
        List<String> lines = new ArrayList<>();
        OutputListener listener = new OutputListener() {
            @Override public void stdout(String line) { lines.add("out " + line); }
            @Override public void stderr(String line) { lines.add("err " + line); }
        };

        assertThat(communicator.execute("true", listener)).isZero();
        assertThat(communicator.execute("false", listener)).isEqualTo(1);

        assertThat(lines).containsExactly("out ran true", "err warning from true", "out ran false",
                "err warning from false");
        assertThat(communicator.commands()).containsExactly("true", "false");
    }

    @Test
    void aFakeContextRendersDotFieldsOnlyAndRecordsTheData() {
        FakeContext context = new FakeContext("web", "docker");

        String rendered = context.render("{{.Vars}} {{ .Path }} {{user `x`}}", Map.of("Vars", "A=1", "Path", "/s"));

        assertThat(rendered).isEqualTo("A=1 /s {{user `x`}}");
        assertThat(context.renderCount()).isEqualTo(1);
        assertThat(context.buildName()).isEqualTo("web");
        assertThat(context.builderType()).isEqualTo("docker");
        context.ui().say("hello");
        assertThat(context.ui().lines()).containsExactly("say: hello");
    }
}
