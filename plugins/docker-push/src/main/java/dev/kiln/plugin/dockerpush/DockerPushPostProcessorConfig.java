package dev.kiln.plugin.dockerpush;

/**
 * Configures the {@code docker-push} post-processor: pushes every {@code repository:tag} of its input image (what
 * {@code docker-tag} or {@code docker-import} made) to its registry, once each.
 *
 * <pre>{@code
 * [ { "type": "docker-tag", "repository": "registry.example.com:5000/acme/app", "tags": ["1.0", "latest"] },
 *   { "type": "docker-push", "login": true, "login_server": "registry.example.com:5000",
 *     "login_username": "ci", "login_password": "{{user `registry_password`}}" } ]
 * }</pre>
 *
 * <p>Without {@code login}, each name is pushed with the credentials the docker CLI would use for its registry:
 * {@code $DOCKER_CONFIG/config.json} or {@code ~/.docker/config.json} ({@code credHelpers}, {@code credsStore},
 * {@code auths}), identity tokens included.
 *
 * @param login push with the {@code login_*} credentials, as Packer's {@code docker login} before the push does.
 *     Kiln hands them to the engine with each push request, so nothing is written to {@code ~/.docker/config.json}
 *     and there is nothing to log out of.
 * @param loginServer the registry the credentials are for, e.g. {@code registry.example.com:5000}; names on another
 *     registry are pushed with the docker configuration's credentials. When absent, the credentials are used for the
 *     registry of every name.
 * @param loginUsername the registry user name.
 * @param loginPassword the registry password or token; never printed. Put it in a {@code sensitive-variables} user
 *     variable so that no output shows it.
 * @param loginEmail refused, as by Packer 1.6.6: a deprecated key that registries no longer use.
 * @param ecrLogin refused when true: Amazon ECR login is not supported; see the README for what to do instead.
 * @param awsAccessKey refused: ECR login is not supported.
 * @param awsSecretKey refused: ECR login is not supported; never printed.
 * @param awsToken refused: ECR login is not supported; never printed.
 * @param awsProfile refused: ECR login is not supported.
 * @param awsForceUsePublicEcr refused when true: ECR login is not supported.
 * @param platform accepted for compatibility and ignored, with a warning: each name is pushed as the engine holds it.
 *     The engine API Kiln uses (Docker 20.10's, 1.41) has no platform on push, and the classic image store keeps
 *     one platform per name anyway; to push another platform's image, build it with the docker builder's
 *     {@code platform} and tag that.
 * @param dockerPath accepted for compatibility: Packer's docker binary (default {@code docker}). Kiln talks to the
 *     engine's API and runs no docker command, so another program (such as {@code podman}) is ignored with a warning.
 */
public record DockerPushPostProcessorConfig(boolean login, String loginServer, String loginUsername,
                                            String loginPassword, String loginEmail, Boolean ecrLogin,
                                            String awsAccessKey, String awsSecretKey, String awsToken,
                                            String awsProfile, Boolean awsForceUsePublicEcr, String platform,
                                            String dockerPath) {

    /** Never shows {@code login_password}, {@code aws_secret_key} or {@code aws_token}. */
    @Override
    public String toString() {
        return "DockerPushPostProcessorConfig[login=" + login + ", loginServer=" + loginServer + ", loginUsername="
                + loginUsername + ", loginPassword=" + masked(loginPassword) + ", loginEmail=" + loginEmail
                + ", ecrLogin=" + ecrLogin + ", awsAccessKey=" + awsAccessKey + ", awsSecretKey="
                + masked(awsSecretKey) + ", awsToken=" + masked(awsToken) + ", awsProfile=" + awsProfile
                + ", awsForceUsePublicEcr=" + awsForceUsePublicEcr + ", platform=" + platform + ", dockerPath="
                + dockerPath + "]";
    }

    private static String masked(String secret) {
        return secret == null ? null : "****";
    }
}
