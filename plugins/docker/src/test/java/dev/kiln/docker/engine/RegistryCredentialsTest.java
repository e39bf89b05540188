package dev.kiln.docker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.api.KilnException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The docker CLI's credential look-up: config.json auths, credHelpers and credsStore through helper programs. */
class RegistryCredentialsTest {

    @TempDir
    Path dir;

    private static String basic(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private Map<String, String> env(String config) throws Exception {
        Path docker = Files.createDirectories(dir.resolve("docker"));
        Files.writeString(docker.resolve("config.json"), config);
        Map<String, String> env = new HashMap<>();
        env.put("DOCKER_CONFIG", docker.toString());
        env.put("PATH", dir.resolve("bin") + ":/usr/bin:/bin");
        return env;
    }

    /** A helper that answers {@code user}/{@code secret} for {@code server} and "not found" for anything else. */
    private void helper(String name, String server, String user, String secret) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path script = bin.resolve("docker-credential-" + name);
        Files.writeString(script, String.join("\n",
                "#!/bin/sh",
                "[ \"$1\" = get ] || exit 3",
                "read server",
                "echo \"$server\" >> \"" + dir.resolve(name + ".asked") + "\"",
                "if [ \"$server\" = \"" + server + "\" ]; then",
                "  printf '{\"ServerURL\":\"%s\",\"Username\":\"" + user + "\",\"Secret\":\"" + secret + "\"}\\n' "
                        + "\"$server\"",
                "else",
                "  echo 'credentials not found in native keychain'; exit 1",
                "fi", ""));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Optional<RegistryCredentials.Found> find(Map<String, String> env, String registry) {
        return RegistryCredentials.of(env).find(registry);
    }

    @Test
    void registryOfAReferenceAsTheDockerCliReadsIt() {
        assertThat(RegistryCredentials.registryOf("127.0.0.1:5000/kiln-test/x:1")).isEqualTo("127.0.0.1:5000");
        assertThat(RegistryCredentials.registryOf("registry.example.com/team/app")).isEqualTo("registry.example.com");
        assertThat(RegistryCredentials.registryOf("localhost/app")).isEqualTo("localhost");
        assertThat(RegistryCredentials.registryOf("acme/app:1")).isEqualTo(RegistryCredentials.DOCKER_HUB);
        assertThat(RegistryCredentials.registryOf("alpine")).isEqualTo(RegistryCredentials.DOCKER_HUB);
        assertThat(RegistryCredentials.registryOf("docker.io/library/alpine")).isEqualTo(RegistryCredentials.DOCKER_HUB);
        assertThat(RegistryCredentials.hostOf("https://index.docker.io/v1/")).isEqualTo("index.docker.io");
        assertThat(RegistryCredentials.hostOf("http://127.0.0.1:5000/v2/")).isEqualTo("127.0.0.1:5000");
    }

    @Test
    void authsHoldBase64UserAndPasswordMatchedByHostName() throws Exception {
        Map<String, String> env = env("""
                { "auths": { "https://127.0.0.1:5000/v2/": { "auth": "%s" },
                             "https://index.docker.io/v1/": { "auth": "%s" } } }
                """.formatted(basic("ci", "pa:ss"), basic("hub", "h")));

        RegistryCredentials.Found found = find(env, "127.0.0.1:5000").orElseThrow();
        assertThat(found.auth()).isEqualTo(new RegistryAuth("127.0.0.1:5000", "ci", "pa:ss"));
        assertThat(found.source()).startsWith("auths in ").endsWith("config.json");
        assertThat(find(env, RegistryCredentials.DOCKER_HUB).orElseThrow().auth().username()).isEqualTo("hub");
        assertThat(find(env, "other.example.com")).isEmpty();
        assertThat(found.toString()).doesNotContain("pa:ss");
    }

    @Test
    void authsKeepAnIdentityTokenWithOrWithoutAUser() throws Exception {
        // what 'docker login' writes when the registry answers with an identity token: the user, no password
        Map<String, String> env = env("""
                { "auths": { "registry.example.com": { "auth": "%s", "identitytoken": "id-T0ken-1" },
                             "token-only.example.com": { "identitytoken": "id-T0ken-2" },
                             "empty.example.com": { "auth": "", "identitytoken": "" } } }
                """.formatted(basic("ci", "")));

        RegistryCredentials.Found withUser = find(env, "registry.example.com").orElseThrow();
        assertThat(withUser.auth()).isEqualTo(new RegistryAuth("registry.example.com", "ci", "", "id-T0ken-1"));
        assertThat(withUser.auth().describe()).isEqualTo("the identity token of 'ci'");
        assertThat(withUser.source()).startsWith("auths in ");
        RegistryCredentials.Found tokenOnly = find(env, "token-only.example.com").orElseThrow();
        assertThat(tokenOnly.auth()).isEqualTo(RegistryAuth.ofIdentityToken("token-only.example.com", "id-T0ken-2"));
        assertThat(tokenOnly.auth().describe()).isEqualTo("an identity token");
        assertThat(find(env, "empty.example.com")).isEmpty();
        assertThat(withUser.toString() + tokenOnly).doesNotContain("id-T0ken");
    }

    @Test
    void aHelperAnsweringTheUserTokenGivesAnIdentityToken() throws Exception {
        helper("tokens", "registry.example.com", "<token>", "helper-id-T0ken");
        Map<String, String> env = env("{ \"credHelpers\": { \"registry.example.com\": \"tokens\" } }");

        RegistryCredentials.Found found = find(env, "registry.example.com").orElseThrow();

        assertThat(found.auth()).isEqualTo(RegistryAuth.ofIdentityToken("registry.example.com", "helper-id-T0ken"));
        assertThat(found.auth().username()).as("<token> is not a user name").isNull();
        assertThat(found.auth().password()).isNull();
        assertThat(found.auth().describe()).isEqualTo("an identity token");
        assertThat(found.source()).isEqualTo("docker-credential-tokens (credHelpers)");
        assertThat(found.toString()).doesNotContain("helper-id-T0ken");
    }

    @Test
    void noConfigFileMeansNoCredentials() {
        assertThat(find(Map.of("HOME", dir.toString()), "127.0.0.1:5000")).isEmpty();
        assertThat(RegistryCredentials.of(Map.of("HOME", dir.toString())).configFile())
                .isEqualTo(dir.resolve(".docker/config.json"));
    }

    @Test
    void credHelpersWinOverCredsStoreWhichWinsOverAuths() throws Exception {
        helper("per-host", "127.0.0.1:5000", "from-helper", "helper-secret");
        helper("store", "127.0.0.1:5000", "from-store", "store-secret");
        Map<String, String> env = env("""
                { "auths": { "127.0.0.1:5000": { "auth": "%s" } },
                  "credsStore": "store",
                  "credHelpers": { "127.0.0.1:5000": "per-host" } }
                """.formatted(basic("from-auths", "a")));
        RegistryCredentials.Found found = find(env, "127.0.0.1:5000").orElseThrow();
        assertThat(found.auth()).isEqualTo(new RegistryAuth("127.0.0.1:5000", "from-helper", "helper-secret"));
        assertThat(found.source()).isEqualTo("docker-credential-per-host (credHelpers)");
        assertThat(Files.readString(dir.resolve("per-host.asked"))).isEqualTo("127.0.0.1:5000\n");

        Map<String, String> storeOnly = env("""
                { "auths": { "127.0.0.1:5000": { "auth": "%s" } }, "credsStore": "store" }
                """.formatted(basic("from-auths", "a")));
        assertThat(find(storeOnly, "127.0.0.1:5000").orElseThrow().auth().username()).isEqualTo("from-store");
    }

    @Test
    void aHelperWithoutAnEntryFallsBackToAuths() throws Exception {
        helper("store", "elsewhere:1", "x", "y");
        Map<String, String> env = env("""
                { "auths": { "127.0.0.1:5000": { "auth": "%s" } }, "credsStore": "store" }
                """.formatted(basic("from-auths", "a")));
        assertThat(find(env, "127.0.0.1:5000").orElseThrow().auth().username()).isEqualTo("from-auths");
        assertThat(find(env, "127.0.0.1:6000")).isEmpty();
    }

    @Test
    void dockerHubIsAskedForByItsIndexAddress() throws Exception {
        helper("hub", RegistryCredentials.DOCKER_HUB, "hub-user", "t");
        Map<String, String> env = env("{ \"credsStore\": \"hub\" }");
        assertThat(find(env, RegistryCredentials.DOCKER_HUB).orElseThrow().auth().username()).isEqualTo("hub-user");
    }

    @Test
    void aMissingHelperIsAnErrorNamingIt() throws Exception {
        Map<String, String> env = env("{ \"credsStore\": \"nowhere\" }");
        assertThatThrownBy(() -> find(env, "127.0.0.1:5000"))
                .isInstanceOf(KilnException.class)
                .hasMessageContaining("'docker-credential-nowhere' (credsStore in '")
                .hasMessageContaining("is not on PATH");
    }

    @Test
    void aFailingHelperIsReportedByStatusAndFirstLine() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path script = bin.resolve("docker-credential-broken");
        Files.writeString(script, "#!/bin/sh\necho 'keychain locked'\nexit 4\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = env("{ \"credHelpers\": { \"127.0.0.1:5000\": \"broken\" } }");
        assertThatThrownBy(() -> find(env, "127.0.0.1:5000"))
                .hasMessageContaining("'docker-credential-broken' (credHelpers in '")
                .hasMessageEndingWith("failed for '127.0.0.1:5000' with exit status 4: keychain locked.");
    }

    @Test
    void aConfigFileThatDoesNotParseIsReportedWithoutItsContent() throws Exception {
        Map<String, String> env = env("{ \"auths\": { \"x\": { \"auth\": c2VjcmV0LXRva2Vu } } }");
        assertThatThrownBy(() -> find(env, "x"))
                .hasMessageContaining("is not valid JSON at line 1")
                .hasMessageNotContaining("c2VjcmV0LXRva2Vu");
    }

    @Test
    void anAuthThatIsNotUserColonPasswordIsAnError() throws Exception {
        Map<String, String> env = env("{ \"auths\": { \"x:1\": { \"auth\": \"%s\" } } }".formatted(
                Base64.getEncoder().encodeToString("no-colon".getBytes(StandardCharsets.UTF_8))));
        assertThatThrownBy(() -> find(env, "x:1")).hasMessageContaining("auths.x:1.auth is not 'user:password'")
                .hasMessageNotContaining("no-colon");
    }
}
