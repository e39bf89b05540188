package dev.kiln.docker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.api.testing.RecordingUi;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressOutputStreamTest {

    private final RecordingUi ui = new RecordingUi();
    private final AtomicLong now = new AtomicLong();
    private final ByteArrayOutputStream sink = new ByteArrayOutputStream();

    @Test
    void reportsAtMostTenTimesASecondAndOnceAtTheEnd() throws Exception {
        ProgressOutputStream out = new ProgressOutputStream(sink, ui, "Saving x", 300, now::get);
        out.write(new byte[100]); // the first write reports at once
        now.addAndGet(50_000_000);
        out.write(new byte[100]); // 50 ms later: too soon
        now.addAndGet(60_000_000);
        out.write(7); // 110 ms after the first report
        out.write(new byte[99]);
        out.finish();
        out.close(); // finished already: no second final report

        assertThat(ui.progress()).containsExactly("Saving x 100/300", "Saving x 201/300", "Saving x 300/300");
        assertThat(sink.size()).isEqualTo(300);
        assertThat(out.done()).isEqualTo(300);
    }
}
