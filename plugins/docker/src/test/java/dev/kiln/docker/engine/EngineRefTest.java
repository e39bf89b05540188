package dev.kiln.docker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.api.KilnException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineRefTest {

    @TempDir
    Path home;

    @Test
    void defaultsToTheLocalSocket() {
        EngineRef endpoint = EngineRef.resolve(null, Map.of(), home);
        assertThat(endpoint.host()).isEqualTo("unix:///var/run/docker.sock");
        assertThat(endpoint.origin()).isEqualTo("(DOCKER_HOST is not set)");
        assertThat(endpoint.hint()).isEqualTo("start the engine or set DOCKER_HOST");
        assertThat(endpoint.tlsVerify()).isFalse();
        assertThat(endpoint.apiVersion()).isNull();
    }

    @Test
    void dockerApiVersionPinsTheVersionWhereverTheHostComesFrom() {
        assertThat(EngineRef.resolve(null, Map.of("DOCKER_API_VERSION", "1.40"), home).apiVersion()).isEqualTo("1.40");
        EngineRef pinned = EngineRef.resolve("tcp://h:2375", Map.of("DOCKER_API_VERSION", " 1.41 "), home);
        assertThat(pinned.apiVersion()).isEqualTo("1.41");
        assertThat(pinned.key()).isNotEqualTo(EngineRef.resolve("tcp://h:2375", Map.of(), home).key());
    }

    @Test
    void anExplicitHostWinsOverDockerHost() {
        EngineRef endpoint = EngineRef.resolve("tcp://explicit:2375", Map.of("DOCKER_HOST",
                "tcp://env:2375"), home);
        assertThat(endpoint.host()).isEqualTo("tcp://explicit:2375");
        assertThat(endpoint.origin()).isEqualTo("(from docker_host)");
    }

    @Test
    void dockerHostWithTls() {
        EngineRef endpoint = EngineRef.resolve(null, Map.of("DOCKER_HOST", "tcp://env:2376",
                "DOCKER_TLS_VERIFY", "1", "DOCKER_CERT_PATH", "/certs"), home);
        assertThat(endpoint.host()).isEqualTo("tcp://env:2376");
        assertThat(endpoint.origin()).isEqualTo("(from DOCKER_HOST)");
        assertThat(endpoint.tlsVerify()).isTrue();
        assertThat(endpoint.certPath()).isEqualTo(Path.of("/certs"));
        EngineRef defaultCerts = EngineRef.resolve(null, Map.of("DOCKER_HOST", "tcp://env:2376",
                "DOCKER_TLS_VERIFY", "1"), home);
        assertThat(defaultCerts.certPath()).isEqualTo(home.resolve(".docker"));
    }

    @Test
    void theCurrentContextFromConfigJson() throws Exception {
        writeContext("remote", "tcp://remote:2376", true);
        Files.writeString(home.resolve(".docker/config.json"), "{\"currentContext\": \"remote\"}");
        EngineRef endpoint = EngineRef.resolve(null, Map.of(), home);
        assertThat(endpoint.host()).isEqualTo("tcp://remote:2376");
        assertThat(endpoint.source()).isEqualTo("context");
        assertThat(endpoint.origin()).isEqualTo("(from docker context 'remote')");
        assertThat(endpoint.tlsVerify()).isTrue();
        assertThat(endpoint.certPath()).endsWith(Path.of("docker"));
    }

    @Test
    void dockerContextOverridesConfigJsonAndDockerHostOverridesBoth() throws Exception {
        writeContext("one", "tcp://one:2375", false);
        writeContext("two", "unix:///run/two.sock", false);
        Files.writeString(home.resolve(".docker/config.json"), "{\"currentContext\": \"one\"}");
        assertThat(EngineRef.resolve(null, Map.of("DOCKER_CONTEXT", "two"), home).host())
                .isEqualTo("unix:///run/two.sock");
        assertThat(EngineRef.resolve(null, Map.of("DOCKER_CONTEXT", "two", "DOCKER_HOST", "tcp://h:1"), home)
                .host()).isEqualTo("tcp://h:1");
        assertThat(EngineRef.resolve(null, Map.of("DOCKER_CONTEXT", "default"), home).host())
                .isEqualTo(EngineRef.DEFAULT_HOST);
    }

    @Test
    void aMissingContextIsAClearError() {
        assertThatThrownBy(() -> EngineRef.resolve(null, Map.of("DOCKER_CONTEXT", "gone"), home))
                .isInstanceOf(KilnException.class)
                .hasMessageStartingWith("Docker context 'gone' (named by DOCKER_CONTEXT) was not found: ")
                .hasMessageEndingWith("does not exist; run 'docker context ls', or set DOCKER_HOST.");
    }

    @Test
    void anUnreadableConfigJsonIsIgnored() throws Exception {
        Files.createDirectories(home.resolve(".docker"));
        Files.writeString(home.resolve(".docker/config.json"), "{ not json");
        assertThat(EngineRef.resolve(null, Map.of(), home).host()).isEqualTo(EngineRef.DEFAULT_HOST);
    }

    private void writeContext(String name, String host, boolean tls) throws Exception {
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(name.getBytes(StandardCharsets.UTF_8)));
        Path meta = Files.createDirectories(home.resolve(".docker/contexts/meta").resolve(digest));
        Files.writeString(meta.resolve("meta.json"), "{\"Name\":\"" + name + "\",\"Metadata\":{},"
                + "\"Endpoints\":{\"docker\":{\"Host\":\"" + host + "\",\"SkipTLSVerify\":false}}}");
        if (tls) {
            Path certs = Files.createDirectories(home.resolve(".docker/contexts/tls").resolve(digest)
                    .resolve("docker"));
            Files.writeString(certs.resolve("ca.pem"), "ca");
        }
    }

    @Test
    void kilnEngineTimeoutIsAGoDurationWithADefaultOfSixtySeconds() {
        assertThat(EngineRef.resolve(null, Map.of(), home).timeout()).isEqualTo(java.time.Duration.ofSeconds(60));
        assertThat(EngineRef.resolve(null, Map.of(), home).timeoutText()).isEqualTo("1m0s");
        EngineRef quick = EngineRef.resolve("tcp://h:2375", Map.of("KILN_ENGINE_TIMEOUT", "1m30s"), home);
        assertThat(quick.timeout()).isEqualTo(java.time.Duration.ofSeconds(90));
        assertThat(quick.timeoutText()).isEqualTo("1m30s");
        assertThat(quick.key()).isNotEqualTo(EngineRef.resolve("tcp://h:2375", Map.of(), home).key());
        EngineRef none = EngineRef.resolve(null, Map.of("KILN_ENGINE_TIMEOUT", "0"), home);
        assertThat(none.timeout()).isZero();
        assertThat(none.timeoutText()).isEqualTo("no limit");
        assertThat(new EngineRef("unix:///x", "docker_host", null, false, null, null).timeout())
                .as("the constructor without a timeout").isEqualTo(EngineRef.DEFAULT_TIMEOUT);
    }

    @Test
    void aKilnEngineTimeoutThatIsNoDurationIsOneLineSayingHowToWriteIt() {
        for (String wrong : new String[] {"30", "soon", "-5s"}) {
            assertThatThrownBy(() -> EngineRef.resolve(null, Map.of("KILN_ENGINE_TIMEOUT", wrong), home))
                    .isInstanceOf(KilnException.class)
                    .hasMessage("KILN_ENGINE_TIMEOUT is '" + wrong + "', which is not a duration Kiln can wait; "
                            + "write it like '30s' or '2m', or '0' to wait as long as the engine takes.");
        }
    }
}
