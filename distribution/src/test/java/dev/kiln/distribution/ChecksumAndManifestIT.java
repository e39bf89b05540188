package dev.kiln.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The built-in {@code checksum} and {@code manifest} post-processors, through the packaged {@code bin/kiln}. */
class ChecksumAndManifestIT extends EngineTest {

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = in.read(buffer)) != -1) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Test
    void checksumWritesTheSha256OfTheExportedTarUnderPackersDefaultName() throws Exception {
        template("""
                {
                  "builders": [ { "type": "docker", "image": "BASE", "pull": false, "export_path": "image.tar" } ],
                  "provisioners": [ { "type": "shell", "inline": ["echo exported > /where"] } ],
                  "post-processors": [ { "type": "checksum", "checksum_types": ["sha256"] } ]
                }
                """);

        KilnProcess.Result result = KilnProcess.run(work, "build", "-color=false", "template.json");

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        Path tar = work.resolve("image.tar");
        Path sums = work.resolve("packer_docker_docker_sha256.checksum");
        assertThat(Files.readString(sums)).isEqualTo(sha256(tar) + "\timage.tar\n");
        assertThat(result.stdout()).contains(
                "==> docker: Running post-processor: checksum",
                "    docker (checksum): Wrote checksums to " + sums,
                "--> docker: Exported Docker file: " + tar,
                "--> docker: Created artifact from files: " + tar + ", " + sums);
    }

    @Test
    void checksumOfAnImageFailsSayingToExportItAndAnUnknownTypeFailsValidation() throws Exception {
        template("""
                {
                  "builders": [ { "type": "docker", "image": "BASE", "pull": false, "commit": true } ],
                  "post-processors": [ { "type": "checksum" } ]
                }
                """);
        KilnProcess.Result image = KilnProcess.run(work, "build", "-color=false", "template.json");

        template("""
                {
                  "builders": [ { "type": "docker", "image": "BASE", "pull": false, "discard": true } ],
                  "post-processors": [ { "type": "checksum", "checksum_types": ["sha256", "crc32"] } ]
                }
                """);
        KilnProcess.Result unknown = KilnProcess.run(work, "validate", "template.json");

        assertThat(image.exitCode()).isEqualTo(1);
        assertThat(image.stdout() + image.stderr()).contains("of build 'docker' has no files, and checksum needs "
                + "files: export the image first, e.g. with the docker builder's export_path");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).contains("checksum_types[1]", "unknown checksum type 'crc32'; use one of md5, "
                + "sha1, sha224, sha256, sha384, sha512");
    }

    @Test
    void manifestIsWrittenAndASecondBuildIsAppended() throws Exception {
        template("""
                {
                  "builders": [ { "type": "docker", "image": "BASE", "pull": false, "export_path": "image.tar" } ],
                  "post-processors": [ { "type": "manifest", "output": "out/manifest.json",
                                         "custom_data": { "team": "web" } } ]
                }
                """);

        KilnProcess.Result first = KilnProcess.run(work, "build", "-color=false", "template.json");
        KilnProcess.Result second = KilnProcess.run(work, "build", "-color=false", "template.json");

        assertThat(first.exitCode()).as(first.stdout() + first.stderr()).isZero();
        assertThat(second.exitCode()).as(second.stdout() + second.stderr()).isZero();
        assertThat(first.stdout()).contains("==> docker: Running post-processor: manifest",
                "--> docker: Exported Docker file: " + work.resolve("image.tar"));
        JsonNode manifest = JsonMapper.builder().build().readTree(work.resolve("out/manifest.json").toFile());
        JsonNode builds = manifest.get("builds");
        assertThat(builds).hasSize(2);
        for (JsonNode build : builds) {
            assertThat(build.get("name").asText()).isEqualTo("docker");
            assertThat(build.get("builder_type").asText()).isEqualTo("docker");
            assertThat(build.get("artifact_id").asText()).isEqualTo("Container");
            assertThat(build.get("files").get(0).get("name").asText())
                    .isEqualTo(work.resolve("image.tar").toString());
            assertThat(build.get("build_time").asLong()).isPositive();
            assertThat(build.get("custom_data").get("team").asText()).isEqualTo("web");
        }
        assertThat(builds.get(1).get("files").get(0).get("size").asLong())
                .isEqualTo(Files.size(work.resolve("image.tar")));
        String lastRun = builds.get(1).get("packer_run_uuid").asText();
        assertThat(lastRun).isNotEqualTo(builds.get(0).get("packer_run_uuid").asText());
        assertThat(manifest.get("last_run_uuid").asText()).isEqualTo(lastRun);
        try (var files = Files.list(work.resolve("out"))) {
            assertThat(files).as("no temporary file left behind").containsExactly(work.resolve("out/manifest.json"));
        }
    }
}
