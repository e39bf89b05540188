package dev.kiln.docker.engine;

import java.util.Map;

/**
 * What {@code docker container inspect} says about a container.
 *
 * @param id the full container ID
 * @param running whether it runs
 * @param user the configured user ({@code Config.User}), empty when none
 * @param image the image it was created from, as given
 * @param labels its labels
 */
public record ContainerInfo(String id, boolean running, String user, String image, Map<String, String> labels) {

    /** Makes defensive copies. */
    public ContainerInfo {
        user = user == null ? "" : user;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
