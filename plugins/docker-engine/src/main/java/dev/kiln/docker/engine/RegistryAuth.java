package dev.kiln.docker.engine;

/**
 * Credentials for one registry, handed to the engine with a request ({@code X-Registry-Auth}), never stored.
 *
 * <p>Either a user name and password, or an identity token: the OAuth refresh token a registry issued at
 * {@code docker login}, which the docker CLI keeps as {@code identitytoken} in {@code config.json} or gets from a
 * credential helper answering the user name {@code <token>}. The engine trades an identity token for an access token
 * at the registry's token service; a registry that asks for basic auth has no use for it.
 *
 * @param server the registry, e.g. {@code registry.example.com:5000}; null or empty for Docker Hub
 * @param username the user name; may be null or empty with an identity token
 * @param password the password or token; never shown by {@link #toString()}; may be null or empty with an identity
 *     token
 * @param identityToken the identity token, or null; never shown by {@link #toString()}
 */
public record RegistryAuth(String server, String username, String password, String identityToken) {

    /**
     * Credentials with a user name and password, and no identity token.
     *
     * @param server the registry, or null or empty for Docker Hub
     * @param username the user name
     * @param password the password or token
     */
    public RegistryAuth(String server, String username, String password) {
        this(server, username, password, null);
    }

    /**
     * Credentials that are an identity token, as a credential helper gives them (no user name).
     *
     * @param server the registry, or null or empty for Docker Hub
     * @param identityToken the token, never null
     * @return the credentials
     */
    public static RegistryAuth ofIdentityToken(String server, String identityToken) {
        return new RegistryAuth(server, null, null, java.util.Objects.requireNonNull(identityToken, "identityToken"));
    }

    /**
     * Whether these credentials carry an identity token.
     *
     * @return true when {@link #identityToken()} is not empty
     */
    public boolean hasIdentityToken() {
        return identityToken != null && !identityToken.isEmpty();
    }

    /**
     * Whose credentials these are, for messages such as "Using ... for 'registry'"; never a secret.
     *
     * @return {@code the credentials of 'ci'}, {@code an identity token} or {@code the identity token of 'ci'}
     */
    public String describe() {
        boolean named = username != null && !username.isEmpty();
        if (hasIdentityToken()) {
            return named ? "the identity token of '" + username + "'" : "an identity token";
        }
        return "the credentials of '" + username + "'";
    }

    /** Never shows the password or the identity token. */
    @Override
    public String toString() {
        return "RegistryAuth[server=" + server + ", username=" + username + ", password="
                + (password == null ? null : "****") + ", identityToken=" + (identityToken == null ? null : "****")
                + "]";
    }
}
