package dev.kiln.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.plugin.docker.testing.TestEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docker-save and docker-import chains through the packaged {@code bin/kiln}, against the real engine. */
class DockerSaveImportIT extends EngineTest {

    @Test
    void commitThenSaveThenChecksumWritesATarThatLoadsAndItsSum() throws Exception {
        template("""
                {
                  "variables": { "out": "saved images" },
                  "builders": [ { "type": "docker", "image": "BASE", "pull": false, "commit": true } ],
                  "provisioners": [ { "type": "shell", "inline": ["echo e2e > /marker"] } ],
                  "post-processors": [ [
                    { "type": "docker-tag", "repository": "kiln-test/e2e-save", "tags": ["1"] },
                    { "type": "docker-save", "path": "{{user `out`}}/{{build_name}}.tar" },
                    { "type": "checksum", "checksum_types": ["sha256"], "output": "{{user `out`}}/sums.sha256" }
                  ] ]
                }
                """);

        KilnProcess.Result result = KilnProcess.run(work, "build", "-color=false", "template.json");

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        Path tar = work.resolve("saved images/docker.tar");
        assertThat(result.stdout()).contains(
                "==> docker: Running post-processor: docker-save",
                "    docker (docker-save): Saving image: kiln-test/e2e-save:1",
                "    docker (docker-save): Saved to: saved images/docker.tar",
                "--> docker: Created artifact from files: saved images/docker.tar, ");
        try (Stream<Path> files = Files.list(work.resolve("saved images"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly("docker.tar",
                    "sums.sha256");
        }
        String sum = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(tar)));
        assertThat(Files.readString(work.resolve("saved images/sums.sha256"))).contains(sum);

        String id = engine.inspectImage("kiln-test/e2e-save:1").id();
        engine.driver().removeImage(id, true);
        assertThat(engine.driver().loadImage(out -> Files.copy(tar, out))).containsExactly("kiln-test/e2e-save:1");
        assertThat(engine.inspectImage("kiln-test/e2e-save:1").id()).isEqualTo(id);
    }

    @Test
    void exportThenImportWithChangesThenTag() throws Exception {
        template("""
                {
                  "builders": [ { "type": "docker", "image": "BASE", "pull": false, "export_path": "fs.tar" } ],
                  "provisioners": [ { "type": "shell", "inline": ["echo from-export > /x"] } ],
                  "post-processors": [ [
                    { "type": "docker-import", "repository": "kiln-test/e2e-import", "tag": "base",
                      "changes": ["CMD [\\"cat\\",\\"/x\\"]", "ENV A=1", "LABEL dev.kiln.test=true"] },
                    { "type": "docker-tag", "repository": "kiln-test/e2e-import", "tags": ["final"] }
                  ] ]
                }
                """);

        KilnProcess.Result result = KilnProcess.run(work, "build", "-color=false", "template.json");

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        assertThat(result.stdout()).contains(
                "==> docker: Running post-processor: docker-import",
                "    docker (docker-import): Repository: kiln-test/e2e-import:base",
                "    docker (docker-tag): Repository: kiln-test/e2e-import:final",
                "--> docker: Imported Docker image: kiln-test/e2e-import:final");
        TestEngine.ImageInfo image = engine.inspectImage("kiln-test/e2e-import:final");
        assertThat(image.cmd()).containsExactly("cat", "/x");
        assertThat(image.env()).contains("A=1");
        assertThat(image.id()).isEqualTo(engine.inspectImage("kiln-test/e2e-import:base").id());
        assertThat(work.resolve("fs.tar")).as("not kept, as in Packer").doesNotExist();
        String container = engine.startContainer("kiln-test/e2e-import:final");
        assertThat(engine.exec(container, "cat", "/x").stdout()).isEqualTo("from-export");
        engine.driver().removeContainer(container);
    }

    @Test
    void anImageFarLargerThanTheHeapSavesWithMinus64m() throws Exception {
        template("""
                {
                  "builders": [ { "type": "docker", "image": "BASE", "pull": false, "commit": true,
                                  "changes": ["LABEL dev.kiln.test=true"] } ],
                  "provisioners": [ { "type": "shell", "inline": ["head -c 268435456 /dev/urandom > /big"] } ],
                  "post-processors": [ { "type": "docker-save", "path": "big.tar" } ]
                }
                """);

        KilnProcess.Result result = KilnProcess.start(work, Map.of("JAVA_TOOL_OPTIONS", "-Xmx64m"), "build",
                "-color=false", "template.json").await(Duration.ofMinutes(3));

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        assertThat(result.stderr()).doesNotContain("OutOfMemoryError");
        assertThat(Files.size(work.resolve("big.tar"))).isGreaterThan(256L << 20);
        try (Stream<Path> files = Files.list(work)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".kiln-part")).toList())
                    .isEmpty();
        }
        System.out.printf("DockerSaveImportIT: saved a %d MiB image with -Xmx64m in %s%n",
                Files.size(work.resolve("big.tar")) >> 20, result.wall());
    }
}
