package dev.kiln.plugin.checksum;

import dev.kiln.api.testing.FakeContext;
import static dev.kiln.plugin.checksum.TestArtifacts.artifact;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.api.Artifact;
import dev.kiln.api.ConfigException;
import dev.kiln.api.ConfigProblem;
import dev.kiln.api.KilnException;
import dev.kiln.api.PostProcessResult;
import dev.kiln.api.PostProcessor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksumPostProcessorTest {

    @TempDir
    Path dir;

    private final ChecksumPostProcessor checksum = new ChecksumPostProcessor();
    private final FakeContext docker = new FakeContext("web", "docker");

    private Path file(String name, String content) throws IOException {
        Path path = dir.resolve(name);
        Files.createDirectories(path.getParent());
        return Files.writeString(path, content);
    }

    private ChecksumPostProcessorConfig config(List<String> types, String output) {
        return new ChecksumPostProcessorConfig(types, dir.resolve(output).toString());
    }

    private static String hex(String algorithm, byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
    }

    @Test
    void identityDefaultsAndRegistration() {
        assertThat(checksum.type()).isEqualTo("checksum");
        assertThat(checksum.configType()).isEqualTo(ChecksumPostProcessorConfig.class);
        ChecksumPostProcessorConfig defaults = new ChecksumPostProcessorConfig(null, null);
        assertThat(defaults.checksumTypes()).containsExactly("md5");
        assertThat(defaults.output()).isEqualTo("packer_{{.BuildName}}_{{.BuilderType}}_{{.ChecksumType}}.checksum");
        assertThat(new ChecksumPostProcessorConfig(List.of(), "").checksumTypes()).containsExactly("md5");
        @SuppressWarnings("rawtypes")
        List<String> registered = ServiceLoader.load(PostProcessor.class).stream()
                .map(provider -> provider.type().getName()).toList();
        assertThat(registered).containsExactly(ChecksumPostProcessor.class.getName());
    }

    @Test
    void writesPackersLinesForEveryFileAndType() throws Exception {
        Path a = file("out/a.tar", "alpha");
        Path b = file("out/b.tar", "");
        Artifact input = artifact("Container", List.of(a.toString(), b.toString()));

        PostProcessResult result = checksum.process(docker, input,
                config(List.of("sha256", "md5"), "sums/{{.BuildName}}_{{.BuilderType}}_{{.ChecksumType}}.checksum"));

        Path sha256 = dir.resolve("sums/web_docker_sha256.checksum");
        Path md5 = dir.resolve("sums/web_docker_md5.checksum");
        assertThat(Files.readString(sha256)).isEqualTo(
                hex("SHA-256", "alpha".getBytes(StandardCharsets.UTF_8)) + "\ta.tar\n"
                        + hex("SHA-256", new byte[0]) + "\tb.tar\n");
        assertThat(Files.readString(md5)).isEqualTo(
                "2c1743a391305fbf367df8e4f069f9f9\ta.tar\n" + "d41d8cd98f00b204e9800998ecf8427e\tb.tar\n");
        assertThat(result.keepInput()).isTrue();
        assertThat(result.keepInputForced()).isTrue();
        Artifact made = result.artifact();
        assertThat(made.builderType()).isEqualTo("checksum");
        assertThat(made.id()).isEmpty();
        assertThat(made.files()).containsExactly(a.toString(), b.toString(), sha256.toString(), md5.toString());
        assertThat(made.describe()).isEqualTo("Created artifact from files: " + String.join(", ", made.files()));
        assertThat(docker.ui().lines()).containsExactly("detail: Wrote checksums to " + sha256,
                "detail: Wrote checksums to " + md5);
    }

    @Test
    void everyTypeGivesPackersDigest() throws Exception {
        byte[] content = "kiln".getBytes(StandardCharsets.UTF_8);
        Path a = file("a", "kiln");
        List<String> all = List.of("md5", "sha1", "sha224", "sha256", "sha384", "sha512");
        List<String> algorithms = List.of("MD5", "SHA-1", "SHA-224", "SHA-256", "SHA-384", "SHA-512");
        checksum.process(docker, artifact("x", List.of(a.toString())), config(all, "{{.ChecksumType}}.sum"));
        for (int i = 0; i < all.size(); i++) {
            assertThat(Files.readString(dir.resolve(all.get(i) + ".sum")))
                    .isEqualTo(hex(algorithms.get(i), content) + "\ta\n");
        }
    }

    @Test
    void typesSharingOneFileGoInTypeOrderAndARerunAppendsAsInPacker() throws Exception {
        Path a = file("a.tar", "alpha");
        ChecksumPostProcessorConfig config = config(List.of("md5", "sha1"), "all.checksum");
        PostProcessResult result = checksum.process(docker, artifact("x", List.of(a.toString())), config);
        checksum.process(docker, artifact("x", List.of(a.toString())), config);

        String md5 = "2c1743a391305fbf367df8e4f069f9f9\ta.tar\n";
        String sha1 = hex("SHA-1", "alpha".getBytes(StandardCharsets.UTF_8)) + "\ta.tar\n";
        assertThat(Files.readString(dir.resolve("all.checksum"))).isEqualTo(md5 + sha1 + md5 + sha1);
        assertThat(result.artifact().files()).containsExactly(a.toString(), dir.resolve("all.checksum").toString());
    }

    @Test
    void aLargeFileIsStreamed() throws Exception {
        Path big = dir.resolve("big.bin");
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(big)) {
            for (int i = 0; i < 64; i++) {
                java.util.Arrays.fill(block, (byte) i);
                out.write(block);
                expected.update(block);
            }
        }
        checksum.process(docker, artifact("x", List.of(big.toString())), config(List.of("sha256"), "big.sum"));
        assertThat(Files.readString(dir.resolve("big.sum")))
                .isEqualTo(HexFormat.of().formatHex(expected.digest()) + "\tbig.bin\n");
    }

    @Test
    void anArtifactWithoutFilesFailsSayingWhatToDo() {
        Artifact image = artifact("sha256:abc", List.of());
        assertThatThrownBy(() -> checksum.process(docker, image, config(null, "x.sum")))
                .isInstanceOf(KilnException.class)
                .hasMessage("Artifact 'Test artifact: sha256:abc' of build 'web' has no files, and checksum needs "
                        + "files: export the image first, e.g. with the docker builder's export_path or a "
                        + "docker-save post-processor before checksum.");
    }

    @Test
    void aFileThatCannotBeReadFailsBeforeAnyChecksumFileIsWritten() throws Exception {
        Path a = file("a.tar", "alpha");
        String missing = dir.resolve("gone.tar").toString();
        assertThatThrownBy(() -> checksum.process(docker, artifact("x", List.of(a.toString(), missing)),
                config(List.of("sha256"), "x.sum")))
                .isInstanceOf(KilnException.class)
                .hasMessage("File '" + missing + "' of artifact 'Test artifact: x' (build 'web') cannot be read (no "
                        + "such file or folder), so it has no checksum; no checksum file was written.");
        assertThat(dir.resolve("x.sum")).doesNotExist();
    }

    @Test
    void aCancelledBuildStopsWithoutWriting() throws Exception {
        Path big = dir.resolve("big.bin");
        Files.write(big, new byte[1 << 20]);
        docker.cancel();
        assertThatThrownBy(() -> checksum.process(docker, artifact("x", List.of(big.toString())),
                config(List.of("sha256"), "x.sum")))
                .isInstanceOf(InterruptedException.class);
        assertThat(dir.resolve("x.sum")).doesNotExist();
    }

    @Test
    void anOutputNamingAnUnknownFieldOrAFolderFails() throws Exception {
        Path a = file("a.tar", "alpha");
        assertThatThrownBy(() -> checksum.process(docker, artifact("x", List.of(a.toString())),
                config(null, "{{.Nope}}.sum")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("output: template: {{.Nope}}: unknown field 'Nope'");
        Files.createDirectories(dir.resolve("folder"));
        assertThatThrownBy(() -> checksum.process(docker, artifact("x", List.of(a.toString())),
                config(null, "folder")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("which is not a file name");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactlyInAnyOrder(a, dir.resolve("folder"));
        }
    }

    @Test
    void destroyingTheResultRemovesOnlyTheChecksumFiles() throws Exception {
        Path a = file("a.tar", "alpha");
        Artifact made = checksum.process(docker, artifact("x", List.of(a.toString())),
                config(List.of("md5"), "a.md5")).artifact();
        made.destroy();
        assertThat(a).exists();
        assertThat(dir.resolve("a.md5")).doesNotExist();
    }

    @Test
    void unknownAndRepeatedTypesAreNamedWithTheSupportedList() {
        assertThat(checksum.check(new ChecksumPostProcessorConfig(null, null))).isEmpty();
        assertThat(checksum.check(new ChecksumPostProcessorConfig(
                List.of("md5", "sha1", "sha224", "sha256", "sha384", "sha512"), "x"))).isEmpty();
        assertThat(checksum.check(new ChecksumPostProcessorConfig(
                java.util.Arrays.asList("sha256", "SHA256", "crc32", null, "sha256"), " "))).containsExactly(
                ConfigProblem.error("checksum_types[1]", "unknown checksum type 'SHA256'; use one of md5, sha1, "
                        + "sha224, sha256, sha384, sha512"),
                ConfigProblem.error("checksum_types[2]", "unknown checksum type 'crc32'; use one of md5, sha1, "
                        + "sha224, sha256, sha384, sha512"),
                ConfigProblem.error("checksum_types[3]", "unknown checksum type 'null'; use one of md5, sha1, "
                        + "sha224, sha256, sha384, sha512"),
                ConfigProblem.error("checksum_types[4]", "'sha256' is listed twice; list each type once"),
                ConfigProblem.error("output", "name the checksum file, e.g. "
                        + "'packer_{{.BuildName}}_{{.BuilderType}}_{{.ChecksumType}}.checksum'"));
    }

    @Test
    void baseNameFollowsGo() {
        assertThat(ChecksumPostProcessor.baseName("out/image.tar")).isEqualTo("image.tar");
        assertThat(ChecksumPostProcessor.baseName("/abs/dir/")).isEqualTo("dir");
        assertThat(ChecksumPostProcessor.baseName("plain")).isEqualTo("plain");
        assertThat(ChecksumPostProcessor.baseName("///")).isEqualTo("/");
        assertThat(ChecksumPostProcessor.baseName("")).isEqualTo(".");
    }
}
