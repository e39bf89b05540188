package dev.kiln.docker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.PushResponseItem;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The push stream's items: errors arrive as items, not exceptions (stack.md G10). */
class ImagePusherTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final List<String> seen = new ArrayList<>();
    private final TransferListener listener = new TransferListener() {
        @Override public void status(String line) { seen.add(line); }
        @Override public void progress(String task, long done, long total) { seen.add(task + " " + done + "/" + total); }
    };

    private void feed(ImagePusher.Items items, String... json) throws Exception {
        for (String item : json) {
            items.onNext(mapper.readValue(item, PushResponseItem.class));
        }
    }

    @Test
    void progressPerLayerAndTheDigestAreReported() throws Exception {
        ImagePusher.Items items = new ImagePusher.Items(listener);
        feed(items,
                "{\"status\":\"The push refers to repository [127.0.0.1:5000/kiln-test/x]\"}",
                "{\"status\":\"Preparing\",\"progressDetail\":{},\"id\":\"3e2f\"}",
                "{\"status\":\"Pushing\",\"progressDetail\":{\"current\":512,\"total\":2048},\"id\":\"3e2f\"}",
                "{\"status\":\"Pushed\",\"progressDetail\":{},\"id\":\"3e2f\"}",
                "{\"status\":\"1: digest: sha256:abc size: 527\"}",
                "{\"progressDetail\":{},\"aux\":{\"Tag\":\"1\",\"Digest\":\"sha256:abc\",\"Size\":527}}");
        assertThat(items.error()).isNull();
        assertThat(seen).containsExactly("The push refers to repository [127.0.0.1:5000/kiln-test/x]",
                "Pushing 3e2f 512/2048", "3e2f: Pushed", "1: digest: sha256:abc size: 527");
    }

    @Test
    void theFirstErrorItemIsKept() throws Exception {
        ImagePusher.Items items = new ImagePusher.Items(listener);
        feed(items,
                "{\"status\":\"The push refers to repository [127.0.0.1:5000/kiln-test/x]\"}",
                "{\"errorDetail\":{\"message\":\"unauthorized: authentication required\"},"
                        + "\"error\":\"unauthorized: authentication required\"}",
                "{\"errorDetail\":{\"message\":\"later\"},\"error\":\"later\"}");
        assertThat(items.error()).isEqualTo("unauthorized: authentication required");
    }

    @Test
    void failuresSayWhatToCheck() {
        assertThat(ImagePusher.failure("127.0.0.1:5000/x:1", "127.0.0.1:5000", "unauthorized: authentication required",
                true)).isEqualTo("Pushing '127.0.0.1:5000/x:1' to '127.0.0.1:5000' failed: unauthorized: authentication "
                + "required; check the credentials for '127.0.0.1:5000' (login_username and login_password, or the "
                + "docker configuration's).");
        assertThat(ImagePusher.failure("127.0.0.1:5000/x:1", "127.0.0.1:5000", "no basic auth credentials", false))
                .endsWith("the registry wants credentials: set login, login_username and login_password, or log in "
                        + "with 'docker login 127.0.0.1:5000'.");
        assertThat(ImagePusher.failure("127.0.0.1:9/x:1", "127.0.0.1:9", "Get \"http://127.0.0.1:9/v2/\": dial tcp "
                + "127.0.0.1:9: connect: connection refused", false))
                .endsWith("; the registry at '127.0.0.1:9' does not answer; check the address and that it is running.");
    }
}
