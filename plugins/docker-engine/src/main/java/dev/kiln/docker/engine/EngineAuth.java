package dev.kiln.docker.engine;

import com.github.dockerjava.api.model.AuthConfig;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Registry credentials as the engine receives them, and kept out of messages: the one place a {@link RegistryAuth}
 * becomes docker-java's {@link AuthConfig} (sent as {@code X-Registry-Auth}), for pulls and pushes alike.
 *
 * <p>An identity token goes as {@code identitytoken}, as the docker CLI sends it; the engine then asks the registry's
 * token service for an access token with it. Without credentials an empty set is sent, so that docker-java never looks
 * in {@code ~/.docker/config.json} on its own: the caller decides which credentials a request carries.
 */
final class EngineAuth {

    private EngineAuth() {
    }

    /**
     * The credentials for a request to {@code registry}.
     *
     * @param auth the credentials, or null for none
     * @param registry the registry the request goes to (see {@link RegistryCredentials#registryOf}); the address sent
     *     when {@code auth} names none
     * @return the engine's form of them; never null
     */
    static AuthConfig authConfig(RegistryAuth auth, String registry) {
        if (auth == null) {
            return new AuthConfig(); // none, and never docker-java's own look-up in ~/.docker/config.json
        }
        String server = auth.server() == null || auth.server().isBlank() ? registry : auth.server();
        AuthConfig config = new AuthConfig().withRegistryAddress(server);
        if (auth.username() != null && !auth.username().isEmpty()) {
            config.withUsername(auth.username());
        }
        if (auth.password() != null && !auth.password().isEmpty()) {
            config.withPassword(auth.password());
        }
        if (auth.hasIdentityToken()) {
            config.withIdentityToken(auth.identityToken());
        }
        return config;
    }

    /**
     * {@code text} with the password (plain or in a basic-auth token) and the identity token replaced by {@code ****},
     * should the engine or the registry echo them.
     *
     * @param text a message, or null
     * @param auth the credentials that went with the request, or null
     * @return the masked text; null for null
     */
    static String masked(String text, RegistryAuth auth) {
        if (text == null || auth == null) {
            return text;
        }
        String result = text;
        if (auth.password() != null && !auth.password().isEmpty()) {
            String basic = Base64.getEncoder().encodeToString((auth.username() + ":" + auth.password())
                    .getBytes(StandardCharsets.UTF_8));
            result = result.replace(basic, "****").replace(auth.password(), "****");
        }
        if (auth.hasIdentityToken()) {
            result = result.replace(auth.identityToken(), "****");
        }
        return result;
    }
}
