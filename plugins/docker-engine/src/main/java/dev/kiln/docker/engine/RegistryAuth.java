package dev.kiln.docker.engine;

/**
 * Credentials for one registry, handed to the engine with a request ({@code X-Registry-Auth}), never stored.
 *
 * @param server the registry, e.g. {@code registry.example.com:5000}; null or empty for Docker Hub
 * @param username the user name
 * @param password the password or token; never shown by {@link #toString()}
 */
public record RegistryAuth(String server, String username, String password) {

    /** Never shows the password. */
    @Override
    public String toString() {
        return "RegistryAuth[server=" + server + ", username=" + username + ", password=****]";
    }
}
