package dev.kiln.plugin.docker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Configures the {@code docker} builder: runs a container from {@code image}, provisions it through the
 * {@code docker} communicator, then commits it to an image, exports its filesystem to a tar, or discards it. The
 * template keys are Packer's, in snake_case; unknown keys are errors.
 *
 * <pre>{@code
 * { "type": "docker", "image": "alpine:3.20", "commit": true,
 *   "changes": ["ENV APP_HOME /app", "WORKDIR /app"] }
 * }</pre>
 *
 * <p>Differences from Packer 1.6.6, on purpose: the committed image keeps the base image's {@code ENTRYPOINT} and
 * {@code CMD} (unless {@code changes} set them), has no {@code Tty}/{@code OpenStdin} baked in and no empty
 * {@code /packer-files}; files move through the engine's archive API, so remote engines work; ownership fixes need no
 * shell and no {@code root} in {@code /etc/passwd}.
 *
 * @param image required. The base image, e.g. {@code alpine:3.20}; a name without tag means {@code latest}.
 * @param pull whether to pull {@code image} before the build; true when absent. When pulling fails but the engine
 *     has the image, Kiln warns and uses the local one. With {@code false}, the image must already exist locally.
 * @param commit commit the container to a new image (artifact {@code Imported Docker image: sha256:...}).
 *     Exactly one of {@code commit}, {@code discard} and {@code export_path}.
 * @param discard throw the container away after provisioning.
 * @param exportPath write the container's filesystem as a flat tar ({@code docker export}) to this file; must not
 *     be a directory. Written to a temporary name in the same directory and renamed into place.
 * @param changes Dockerfile instructions applied when committing, as {@code docker commit --change}: {@code CMD},
 *     {@code ENTRYPOINT}, {@code ENV}, {@code EXPOSE}, {@code LABEL}, {@code USER}, {@code VOLUME}, {@code WORKDIR},
 *     {@code ONBUILD}, {@code MAINTAINER}. {@code $VAR} in {@code ENV} expands against the container's environment.
 * @param runCommand the {@code docker run} arguments, rendered when the container starts with {@code {{.Image}}} set to
 *     {@code image}; default {@code ["-d","-i","-t","--entrypoint=/bin/sh","--","{{.Image}}"]}. Kiln talks to the
 *     engine directly, so only these flags are understood: {@code -d -i -t --entrypoint -v/--volume -e/--env
 *     --privileged --network --user/-u -w/--workdir --name --label/-l --cap-add --cap-drop --tmpfs --device --platform
 *     --shm-size --memory/-m --cpus --add-host}, then {@code --}, the image and an optional command.
 * @param volumes bind mounts, host path to container path (each becomes {@code -v host:container}).
 * @param containerDir accepted for compatibility and ignored: Kiln mounts no shared directory, because files move
 *     through the engine's archive API (which also works with remote engines).
 * @param privileged run the container privileged ({@code --privileged}).
 * @param capAdd Linux capabilities to add ({@code --cap-add}).
 * @param capDrop Linux capabilities to drop ({@code --cap-drop}).
 * @param tmpfs tmpfs mounts, {@code /path[:options]} ({@code --tmpfs}).
 * @param device host devices, {@code /dev/x[:/dev/y[:rwm]]} ({@code --device}).
 * @param author the committed image's author ({@code docker commit --author}).
 * @param message the committed image's message ({@code docker commit --message}).
 * @param execUser the user provisioner commands run as ({@code docker exec -u}), e.g. {@code 1000} or
 *     {@code app:app}; empty means the container's user.
 * @param fixUploadOwner whether uploaded files belong to the container's user (its {@code USER}) rather than root;
 *     true when absent. Kiln writes the owner into the uploaded archive, so it needs no shell, no {@code chown} and no
 *     {@code root} entry in {@code /etc/passwd} (Packer's {@code docker exec --user root chown} hangs five minutes
 *     on such images). A named user must be listed in the container's {@code /etc/passwd}.
 * @param platform the platform to pull and run, e.g. {@code linux/arm64} ({@code --platform}).
 * @param dockerHost Kiln extra: the engine to use, e.g. {@code tcp://10.0.0.5:2376}; when absent the engine is found
 *     as the docker CLI finds it ({@code DOCKER_HOST}, the current docker context, {@code /var/run/docker.sock}).
 * @param login pull {@code image} with the {@code login_*} credentials, as Packer's {@code docker login} before the
 *     pull does. Kiln hands them to the engine with the pull request itself, so nothing is written to
 *     {@code ~/.docker/config.json} and there is nothing to log out of.
 * @param loginServer the registry the credentials are for, e.g. {@code registry.example.com:5000}; when absent, the
 *     registry named in {@code image} (Docker Hub for a name without one).
 * @param loginUsername the registry user name.
 * @param loginPassword the registry password or token; never printed. Put it in a {@code sensitive-variables} user
 *     variable so that no output shows it.
 * @param communicator how provisioners reach the container: {@code docker} (the default). {@code none} runs no
 *     provisioners. {@code ssh} and {@code winrm} are accepted, with a warning, and the {@code docker} communicator
 *     is used instead (Kiln's containers are reached through the engine, not the network); their {@code ssh_*} and
 *     {@code winrm_*} options are ignored with a warning.
 * @param pty run provisioner commands with a pseudo-terminal ({@code docker exec -t}); standard error then arrives
 *     mixed into standard output, as with Packer.
 * @param runtime the container runtime, e.g. {@code runsc} or {@code nvidia} ({@code docker run --runtime}).
 * @param dockerPath accepted for compatibility: Packer's docker binary (default {@code docker}). Kiln talks to the
 *     engine's API and runs no docker command, so another program (such as {@code podman}) is ignored with a
 *     warning; reach its engine with {@code docker_host} or {@code DOCKER_HOST} instead.
 */
public record DockerBuilderConfig(String image, Boolean pull, boolean commit, boolean discard, String exportPath,
                                  List<String> changes, List<String> runCommand, Map<String, String> volumes,
                                  String containerDir, boolean privileged, List<String> capAdd,
                                  List<String> capDrop, List<String> tmpfs, List<String> device, String author,
                                  String message, String execUser, Boolean fixUploadOwner, String platform,
                                  String dockerHost, boolean login, String loginServer, String loginUsername,
                                  String loginPassword, String communicator, boolean pty, String runtime,
                                  String dockerPath) {

    /** Packer's default {@code run_command}. */
    public static final List<String> DEFAULT_RUN_COMMAND =
            List.of("-d", "-i", "-t", "--entrypoint=/bin/sh", "--", "{{.Image}}");

    /** Applies the defaults and makes defensive copies; nothing else. */
    public DockerBuilderConfig {
        pull = pull == null ? Boolean.TRUE : pull;
        fixUploadOwner = fixUploadOwner == null ? Boolean.TRUE : fixUploadOwner;
        changes = changes == null ? List.of() : List.copyOf(changes);
        runCommand = runCommand == null || runCommand.isEmpty() ? DEFAULT_RUN_COMMAND : List.copyOf(runCommand);
        volumes = volumes == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(volumes));
        capAdd = capAdd == null ? List.of() : List.copyOf(capAdd);
        capDrop = capDrop == null ? List.of() : List.copyOf(capDrop);
        tmpfs = tmpfs == null ? List.of() : List.copyOf(tmpfs);
        device = device == null ? List.of() : List.copyOf(device);
        communicator = communicator == null || communicator.isBlank() ? "docker" : communicator;
    }

    /** Never shows {@code login_password}. */
    @Override
    public String toString() {
        return "DockerBuilderConfig[image=" + image + ", commit=" + commit + ", discard=" + discard + ", exportPath="
                + exportPath + ", login=" + login + ", loginServer=" + loginServer + ", loginUsername="
                + loginUsername + ", loginPassword=" + (loginPassword == null ? null : "****") + ", communicator="
                + communicator + "]";
    }
}
