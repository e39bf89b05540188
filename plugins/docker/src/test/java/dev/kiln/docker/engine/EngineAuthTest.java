package dev.kiln.docker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.AuthConfig;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Registry credentials as the engine receives them with a pull or a push, and kept out of messages. */
class EngineAuthTest {

    /** The X-Registry-Auth body as docker-java writes it (a null field is sent as null, which the engine ignores). */
    private static JsonNode sent(AuthConfig config) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        return mapper.readTree(mapper.writeValueAsString(config));
    }

    @Test
    void aUserAndPasswordGoAsTheyAreWithTheRegistryTheyAreFor() throws Exception {
        AuthConfig config = EngineAuth.authConfig(new RegistryAuth("registry.example.com:5000", "ci", "s3cret"),
                "other:1");

        assertThat(config.getUsername()).isEqualTo("ci");
        assertThat(config.getPassword()).isEqualTo("s3cret");
        assertThat(config.getRegistryAddress()).isEqualTo("registry.example.com:5000");
        assertThat(config.getIdentitytoken()).isNull();
        assertThat(sent(config).hasNonNull("identitytoken")).isFalse();
    }

    @Test
    void anIdentityTokenGoesAsIdentitytokenWithoutAPassword() throws Exception {
        AuthConfig config = EngineAuth.authConfig(RegistryAuth.ofIdentityToken(null, "id-T0ken"), "127.0.0.1:5000");

        assertThat(config.getIdentitytoken()).isEqualTo("id-T0ken");
        assertThat(config.getUsername()).isNull();
        assertThat(config.getPassword()).isNull();
        assertThat(config.getRegistryAddress()).as("the request's registry when the credentials name none")
                .isEqualTo("127.0.0.1:5000");
        JsonNode body = sent(config);
        assertThat(body.path("identitytoken").asText()).isEqualTo("id-T0ken");
        assertThat(body.path("serveraddress").asText()).isEqualTo("127.0.0.1:5000");
        assertThat(body.hasNonNull("password")).isFalse();
    }

    @Test
    void aUserWithAnIdentityTokenSendsBothAndNoEmptyPassword() {
        AuthConfig config = EngineAuth.authConfig(new RegistryAuth("r:1", "ci", "", "id-T0ken"), "r:1");

        assertThat(config.getUsername()).isEqualTo("ci");
        assertThat(config.getPassword()).isNull();
        assertThat(config.getIdentitytoken()).isEqualTo("id-T0ken");
    }

    @Test
    void noCredentialsSendAnEmptySetSoDockerJavaNeverLooksThemUpItself() {
        assertThat(EngineAuth.authConfig(null, "r:1")).isEqualTo(new AuthConfig());
    }

    @Test
    void aPasswordOrIdentityTokenTheRegistryEchoesIsMasked() {
        RegistryAuth auth = new RegistryAuth("r", "u", "s3cret");
        String basic = Base64.getEncoder().encodeToString("u:s3cret".getBytes(StandardCharsets.UTF_8));
        assertThat(EngineAuth.masked("bad s3cret and " + basic, auth)).isEqualTo("bad **** and ****");
        assertThat(EngineAuth.masked("text", null)).isEqualTo("text");
        assertThat(EngineAuth.masked(null, auth)).isNull();
        RegistryAuth token = RegistryAuth.ofIdentityToken("r", "id-T0ken");
        assertThat(EngineAuth.masked("refresh token id-T0ken rejected", token))
                .isEqualTo("refresh token **** rejected");
        assertThat(auth.toString()).doesNotContain("s3cret");
        assertThat(token.toString()).doesNotContain("id-T0ken").contains("identityToken=****");
    }

    @Test
    void credentialsSayWhoseTheyAreWithoutASecret() {
        assertThat(new RegistryAuth("r", "ci", "pw").describe()).isEqualTo("the credentials of 'ci'");
        assertThat(RegistryAuth.ofIdentityToken("r", "t").describe()).isEqualTo("an identity token");
        assertThat(new RegistryAuth("r", "ci", null, "t").describe()).isEqualTo("the identity token of 'ci'");
        assertThat(new RegistryAuth("r", "ci", "pw").hasIdentityToken()).isFalse();
    }
}
