package dev.kiln.runtime.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MaskingOutputStreamTest {

    private static final String SECRET = "s3cr3t-Kiln-42";

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private PrintStream stream(Charset charset, String... values) {
        // as LogMasking.masking makes it: no auto-flush; the log flushes after each record
        return new PrintStream(new MaskingOutputStream(bytes, charset, () -> Set.of(values)), false, charset);
    }

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyLineIsMaskedStackTracesIncluded() {
        PrintStream log = stream(StandardCharsets.UTF_8, SECRET);

        log.println("[main] DEBUG dev.kiln.X - exec EV='" + SECRET + "' /tmp/script.sh");
        new IllegalStateException("failed with " + SECRET).printStackTrace(log);
        log.flush();

        assertThat(text()).contains("EV='<sensitive>' /tmp/script.sh",
                "java.lang.IllegalStateException: failed with <sensitive>", "\tat ").doesNotContain(SECRET);
    }

    @Test
    void aValueIsMaskedInTheBytesOfTheStreamsCharset() {
        String accented = "pässwörd";
        PrintStream log = stream(StandardCharsets.ISO_8859_1, accented);

        log.println("x " + accented + " y");
        log.flush();

        assertThat(bytes.toString(StandardCharsets.ISO_8859_1)).isEqualTo("x <sensitive> y\n");
    }

    @Test
    void bytesThatAreNotTextPassUnchanged() throws IOException {
        MaskingOutputStream out = new MaskingOutputStream(bytes, StandardCharsets.UTF_8, () -> Set.of(SECRET));
        byte[] binary = {(byte) 0xff, (byte) 0xc3, 0, 'a', (byte) 0x80, '\n'};

        out.write(binary);
        out.flush();

        assertThat(bytes.toByteArray()).isEqualTo(binary);
    }

    @Test
    void aLineWithoutItsEndIsPassedOnAtFlush() throws IOException {
        MaskingOutputStream out = new MaskingOutputStream(bytes, StandardCharsets.UTF_8, () -> Set.of(SECRET));

        out.write(("done\nno newline " + SECRET.substring(0, 5)).getBytes(StandardCharsets.UTF_8));
        assertThat(text()).isEqualTo("done\n");
        out.write((SECRET.substring(5) + " s3c").getBytes(StandardCharsets.UTF_8));
        out.flush();

        assertThat(text()).isEqualTo("done\nno newline <sensitive> s3c");
    }

    @Test
    void aValueAcrossThePiecesOfAnOverLongLineIsMasked() {
        PrintStream log = stream(StandardCharsets.UTF_8, SECRET);
        int piece = MaskingOutputStream.MAX_LINE;
        // the PrintStream hands on a long line in chunks of 8 KiB; the stream cuts it in pieces of 64 KiB
        String line = "x".repeat(piece - 4) + SECRET + "y".repeat(3 * piece) + "z".repeat(8192 - 6) + SECRET
                + SECRET;

        log.println(line);
        log.flush();

        String expected = line.replace(SECRET, "<sensitive>") + "\n";
        assertThat(text().equals(expected)).as("masked whole, wherever a chunk or piece ends").isTrue();
    }

    @Test
    void aValueOverSeveralLinesOfOneRecordIsMasked() {
        String key = "-----BEGIN KEY-----\nMIIEvQ\n-----END KEY-----";
        PrintStream log = stream(StandardCharsets.UTF_8, key);

        log.println("[main] DEBUG x - read " + key + " from the template");
        log.flush();

        assertThat(text()).isEqualTo("[main] DEBUG x - read <sensitive> from the template\n");
    }

    @Test
    void registryCredentialsInHttpHeadersAreMasked() {
        PrintStream log = stream(StandardCharsets.UTF_8);

        log.println("DEBUG ...http.headers - http-outgoing-0 >> X-Registry-Auth: eyJ1c2VybmFtZSI6ImUyZSJ9");
        log.println("DEBUG ...http.wire - http-outgoing-0 >> \"x-registry-auth: eyJ1c2VybmFtZSI6ImUyZSJ9[\\r][\\n]\"");
        log.println("DEBUG ...http.wire - http-outgoing-0 >> \"Authorization: Basic ZTJlOnB3[\\r][\\n]\"");
        log.println("DEBUG ...http.headers - http-outgoing-0 >> Content-Type: application/json");
        log.flush();

        assertThat(text()).doesNotContain("eyJ", "ZTJl").contains(
                ">> X-Registry-Auth: <sensitive>\n",
                ">> \"x-registry-auth: <sensitive>[\\r][\\n]\"\n",
                ">> \"Authorization: <sensitive>[\\r][\\n]\"\n",
                ">> Content-Type: application/json\n");
    }
}
