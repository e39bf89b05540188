package dev.kiln.plugin.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerBuilderValidationTest {

    private final DockerBuilder builder = new DockerBuilder((ctx, host) -> {
        throw new AssertionError("validate must not connect");
    });

    private static DockerBuilderConfig config(String image, boolean commit, boolean discard, String exportPath) {
        return new DockerBuilderConfig(image, null, commit, discard, exportPath, null, null, null, null, false, null,
                null, null, null, null, null, null, null, null, null, false, null, null, null, null, false, null, null);
    }

    @Test
    void identity() {
        assertThat(builder.type()).isEqualTo("docker");
        assertThat(builder.configType()).isEqualTo(DockerBuilderConfig.class);
    }

    @Test
    void defaultsWhenAbsent() {
        DockerBuilderConfig config = config("alpine", true, false, null);
        assertThat(config.pull()).isTrue();
        assertThat(config.fixUploadOwner()).isTrue();
        assertThat(config.runCommand()).containsExactly("-d", "-i", "-t", "--entrypoint=/bin/sh", "--", "{{.Image}}");
        assertThat(config.changes()).isEmpty();
        assertThat(config.volumes()).isEmpty();
        DockerBuilderConfig explicit = new DockerBuilderConfig("alpine", false, true, false, null, null, null, null,
                null, false, null, null, null, null, null, null, null, false, null, null, false, null, null, null, null, false, null, null);
        assertThat(explicit.pull()).isFalse();
        assertThat(explicit.fixUploadOwner()).isFalse();
    }

    @Test
    void aValidConfigHasNoProblems() {
        assertThat(builder.validate(config("alpine:3.20", true, false, null))).isEmpty();
        assertThat(builder.validate(config("alpine:3.20", false, true, null))).isEmpty();
        assertThat(builder.validate(config("alpine:3.20", false, false, "out/image.tar"))).isEmpty();
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        DockerBuilderConfig bad = new DockerBuilderConfig(" ", null, false, false, null,
                List.of("RUN apk add nginx", "ENV"), List.of("--cidfile", "id", "{{.Image}}"),
                Map.of("/cache", "relative"), null, false, null, null, List.of("run"), null, null, null, null, null,
                null, null, false, null, null, null, null, false, null, null);
        assertThat(builder.validate(bad)).containsExactly(
                "image: name the base image, e.g. 'alpine:3.20'",
                "No instructions given for handling the artifact; expected commit, discard, or export_path",
                "changes[0]: 'RUN apk add nginx' cannot be applied when committing: 'RUN' is not one of CMD, "
                        + "ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, MAINTAINER, USER, VOLUME, WORKDIR; do that work "
                        + "in a provisioner instead",
                "changes[1]: 'ENV' has no argument; write it as in a Dockerfile, e.g. 'ENV APP_HOME /app'",
                "run_command: flag '--cidfile' is not supported; supported: " + RunCommand.SUPPORTED,
                "volumes: container path 'relative' for host path '/cache' must be absolute, e.g. '/cache'",
                "tmpfs: 'run' must be an absolute container path, e.g. '/run:size=64m'");
    }

    @Test
    void moreThanOneArtifactMode() {
        assertThat(builder.validate(config("alpine", true, true, null)))
                .containsExactly("Cannot specify more than one of commit, discard, and export_path");
        assertThat(builder.validate(config("alpine", true, false, "x.tar")))
                .containsExactly("Cannot specify more than one of commit, discard, and export_path");
    }

    @Test
    void exportPathMustNotBeADirectory(@TempDir Path dir) {
        assertThat(builder.validate(config("alpine", false, false, dir.toString())))
                .singleElement().asString()
                .startsWith("export_path must be a file, not a directory: '" + dir + "' is a directory");
    }

    @Test
    void changesAcceptEveryAllowedInstructionInAnyCase() {
        List<String> changes = List.of("CMD [\"nginx\"]", "entrypoint [\"/x\"]", "ENV A=b", "ENV P /x:$PATH",
                "EXPOSE 80", "LABEL a=b", "ONBUILD RUN make", "MAINTAINER me", "USER app", "VOLUME /data",
                "WORKDIR /app");
        assertThat(Changes.check(changes)).isEmpty();
    }
}
