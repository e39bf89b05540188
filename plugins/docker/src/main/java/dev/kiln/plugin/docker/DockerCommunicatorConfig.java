package dev.kiln.plugin.docker;

/**
 * The settings of the {@code docker} communicator, which the {@code docker} builder passes to
 * {@link dev.kiln.api.BuildContext#connect} under snake_case keys: {@code container_id}, {@code docker_host},
 * {@code exec_user}, {@code fix_upload_owner}, {@code pty}.
 *
 * @param containerId required: the running container to talk to
 * @param dockerHost the engine, or null to find it as the docker CLI does
 * @param execUser the user commands run as ({@code docker exec -u}), or null for the container's user
 * @param fixUploadOwner whether uploads belong to the container's configured user (its {@code USER}) instead of root;
 *     true when absent. The owner is written into the uploaded archive: no shell, no {@code chown}, no {@code root}
 *     entry in {@code /etc/passwd} needed.
 * @param pty whether commands run with a pseudo-terminal ({@code docker exec -t}); standard error then arrives as
 *     standard output
 */
public record DockerCommunicatorConfig(String containerId, String dockerHost, String execUser,
                                       Boolean fixUploadOwner, boolean pty) {

    /** Applies the default of {@code fix_upload_owner}. */
    public DockerCommunicatorConfig {
        fixUploadOwner = fixUploadOwner == null ? Boolean.TRUE : fixUploadOwner;
    }
}
