package dev.kiln.plugin.manifest;

import dev.kiln.api.testing.FakeContext;
import static dev.kiln.plugin.manifest.TestArtifacts.artifact;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.api.Artifact;
import dev.kiln.api.ConfigException;
import dev.kiln.api.KilnException;
import dev.kiln.api.PostProcessResult;
import dev.kiln.api.PostProcessor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestPostProcessorTest {

    private static final String IMAGE = "sha256:" + "a".repeat(64);

    @TempDir
    Path dir;

    private final FakeContext docker = new FakeContext("docker", "docker");

    private static ManifestPostProcessor processor(long epochSecond, String runUuid) {
        return new ManifestPostProcessor(Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC),
                () -> runUuid, finished -> finished.complete());
    }

    private ManifestConfig config(String output) {
        return new ManifestConfig(dir.resolve(output).toString(), false, false, null);
    }

    private static Artifact image() {
        return artifact("docker", IMAGE, List.of(), Map.of("ImageSha256", IMAGE));
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    @Test
    void identityAndRegistration() {
        ManifestPostProcessor manifest = new ManifestPostProcessor();
        assertThat(manifest.type()).isEqualTo("manifest");
        assertThat(manifest.configType()).isEqualTo(ManifestConfig.class);

        @SuppressWarnings("rawtypes")
        List<String> registered = ServiceLoader.load(PostProcessor.class).stream()
                .map(ServiceLoader.Provider::type).map(Class::getName).collect(Collectors.toList());
        assertThat(registered).containsExactly(ManifestPostProcessor.class.getName());
    }

    @Test
    void theFirstRunWritesPackersLayoutAndKeepsTheInput() throws Exception {
        Artifact input = image();
        PostProcessResult result = processor(1_700_000_000L, "run-1").process(docker, input, config("m.json"));

        assertThat(read(dir.resolve("m.json"))).isEqualTo("""
                {
                  "builds": [
                    {
                      "name": "docker",
                      "builder_type": "docker",
                      "build_time": 1700000000,
                      "files": [],
                      "artifact_id": "%s",
                      "packer_run_uuid": "run-1",
                      "custom_data": {}
                    }
                  ],
                  "last_run_uuid": "run-1"
                }
                """.formatted(IMAGE));
        assertThat(result.artifact()).isSameAs(input);
        assertThat(result.keepInput()).isTrue();
        assertThat(result.keepInputForced()).isTrue();
        assertThat(docker.ui().lines()).containsExactly("detail: Writing manifest to " + dir.resolve("m.json"));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("no temporary file left behind").containsExactly(dir.resolve("m.json"));
        }
    }

    @Test
    void aSecondRunIsAppendedAndBecomesTheLastRun() throws Exception {
        processor(1_700_000_000L, "run-1").process(docker, image(), config("m.json"));
        FakeContext named = new FakeContext("web", "docker");
        processor(1_700_000_060L, "run-2").process(named, artifact("docker-tag", "acme/web:1", List.of(), Map.of()),
                config("m.json"));

        assertThat(read(dir.resolve("m.json"))).isEqualTo("""
                {
                  "builds": [
                    {
                      "name": "docker",
                      "builder_type": "docker",
                      "build_time": 1700000000,
                      "files": [],
                      "artifact_id": "%s",
                      "packer_run_uuid": "run-1",
                      "custom_data": {}
                    },
                    {
                      "name": "web",
                      "builder_type": "docker",
                      "build_time": 1700000060,
                      "files": [],
                      "artifact_id": "acme/web:1",
                      "packer_run_uuid": "run-2",
                      "custom_data": {}
                    }
                  ],
                  "last_run_uuid": "run-2"
                }
                """.formatted(IMAGE));
    }

    @Test
    void entriesPackerWroteAreKeptAsTheyAre() throws Exception {
        Path file = dir.resolve("packer-manifest.json");
        String packers = """
                {
                  "builds": [
                    {
                      "name": "docker",
                      "builder_type": "docker",
                      "build_time": 1507245986,
                      "files": null,
                      "artifact_id": "sha256:0123",
                      "packer_run_uuid": "4f1b1c1e-0000-4000-8000-000000000000",
                      "custom_data": null,
                      "some_later_field": [1.5e3, true, {"nested": "kept"}]
                    }
                  ],
                  "last_run_uuid": "4f1b1c1e-0000-4000-8000-000000000000",
                  "written_by": "packer"
                }""";
        Files.writeString(file, packers);

        processor(1_700_000_000L, "run-2").process(docker, image(), config("packer-manifest.json"));

        String text = read(file);
        assertThat(text).startsWith("""
                {
                  "builds": [
                    {
                      "name": "docker",
                      "builder_type": "docker",
                      "build_time": 1507245986,
                      "files": null,
                      "artifact_id": "sha256:0123",
                      "packer_run_uuid": "4f1b1c1e-0000-4000-8000-000000000000",
                      "custom_data": null,
                      "some_later_field": [
                        1.5e3,
                        true,
                        {
                          "nested": "kept"
                        }
                      ]
                    },
                    {
                      "name": "docker",
                """);
        assertThat(text).endsWith("""
                  ],
                  "last_run_uuid": "run-2",
                  "written_by": "packer"
                }
                """);
    }

    @Test
    void stripPathKeepsOnlyFileNamesAndSizesComeFromTheFiles() throws Exception {
        Path export = Files.createDirectories(dir.resolve("out")).resolve("image.tar");
        Files.write(export, new byte[1234]);
        String missing = dir.resolve("out/gone.tar").toString();
        Artifact exported = artifact("docker", export.toString(), List.of(export.toString(), missing), Map.of());

        processor(1L, "r").process(docker, exported, new ManifestConfig(dir.resolve("m.json").toString(), true, false,
                null));

        assertThat(read(dir.resolve("m.json"))).contains("""
                      "files": [
                        {
                          "name": "image.tar",
                          "size": 1234
                        },
                        {
                          "name": "gone.tar",
                          "size": 0
                        }
                      ],
                      "artifact_id": "%s",
                """.formatted(export));
        assertThat(docker.ui().lines()).contains("warn: Artifact file '" + missing
                + "' cannot be read (no such file or folder: '" + missing + "'); recording size 0.");

        processor(2L, "r").process(docker, exported, config("full.json"));
        assertThat(read(dir.resolve("full.json"))).contains("\"name\": \"" + export + "\",\n");
    }

    @Test
    void baseNameFollowsGo() {
        assertThat(ManifestPostProcessor.baseName("out/image.tar")).isEqualTo("image.tar");
        assertThat(ManifestPostProcessor.baseName("/abs/dir/")).isEqualTo("dir");
        assertThat(ManifestPostProcessor.baseName("plain")).isEqualTo("plain");
        assertThat(ManifestPostProcessor.baseName("///")).isEqualTo("/");
        assertThat(ManifestPostProcessor.baseName("")).isEqualTo(".");
    }

    @Test
    void stripTimeLeavesOutBuildTime() throws Exception {
        processor(1_700_000_000L, "r").process(docker, image(),
                new ManifestConfig(dir.resolve("m.json").toString(), false, true, null));
        assertThat(read(dir.resolve("m.json"))).doesNotContain("build_time")
                .contains("\"builder_type\": \"docker\",\n      \"files\": [],");
    }

    @Test
    void customDataIsSortedAndMayUseTheArtifactsMetadata() throws Exception {
        Map<String, String> custom = new LinkedHashMap<>();
        custom.put("team", "web");
        custom.put("digest", "{{ .ImageSha256 }}");
        custom.put("a_first", "1");
        processor(1L, "r").process(docker, image(),
                new ManifestConfig(dir.resolve("m.json").toString(), false, false, custom));

        assertThat(read(dir.resolve("m.json"))).contains("""
                      "custom_data": {
                        "a_first": "1",
                        "digest": "%s",
                        "team": "web"
                      }
                """.formatted(IMAGE));
    }

    @Test
    void customDataNamingAnUnknownFieldFailsBeforeAnythingIsWritten() {
        ManifestConfig config = new ManifestConfig(dir.resolve("m.json").toString(), false, false,
                Map.of("who", "{{ .Nope }}"));
        assertThatThrownBy(() -> processor(1L, "r").process(docker, image(), config))
                .isInstanceOf(ConfigException.class)
                .hasMessage("custom_data.who: template: {{ .Nope }}: unknown field 'Nope'");
        assertThat(dir.resolve("m.json")).doesNotExist();
    }

    @Test
    void stringsAreEscapedAndSurviveTheNextRun() throws Exception {
        String tricky = "say \"hi\" \\ back\\slash\ttab\nnew\rline \u0001\u001f\u007f \b\f"
                + " \u2028\u2029 caf\u00e9 \uD83D\uDE00 lone \uD800 end";
        FakeContext context = new FakeContext(tricky, "docker");
        processor(1L, "run-1").process(context, artifact("docker", tricky, List.of(), Map.of()),
                new ManifestConfig(dir.resolve("m.json").toString(), false, false, Map.of("k\"ey", tricky)));

        String escaped = "say \\\"hi\\\" \\\\ back\\\\slash\\ttab\\nnew\\rline \\u0001\\u001f\\u007f \\b\\f"
                + " \\u2028\\u2029 caf\u00e9 \uD83D\uDE00 lone \\ud800 end";
        String text = read(dir.resolve("m.json"));
        assertThat(text)
                .contains("\"name\": \"" + escaped + "\",")
                .contains("\"artifact_id\": \"" + escaped + "\",")
                .contains("\"k\\\"ey\": \"" + escaped + "\"");
        assertThat(text.chars().filter(c -> c < 0x20 && c != '\n')).as("no raw control characters").isEmpty();
        assertThat(Files.readAllBytes(dir.resolve("m.json"))).as("valid UTF-8")
                .isEqualTo(text.getBytes(StandardCharsets.UTF_8));

        processor(2L, "run-2").process(docker, image(), config("m.json"));
        @SuppressWarnings("unchecked")
        Map<String, Object> reread = (Map<String, Object>) Json.parse(read(dir.resolve("m.json")));
        @SuppressWarnings("unchecked")
        Map<String, Object> first = (Map<String, Object>) ((List<Object>) reread.get("builds")).get(0);
        assertThat(first.get("name")).isEqualTo(tricky);
        assertThat(first.get("artifact_id")).isEqualTo(tricky);
        assertThat(first.get("custom_data")).isEqualTo(Map.of("k\"ey", tricky));
    }

    @Test
    void missingFoldersAreCreated() throws Exception {
        processor(1L, "r").process(docker, image(), config("a/b/manifest.json"));
        assertThat(dir.resolve("a/b/manifest.json")).isRegularFile();
    }

    @Test
    void aFailedWriteLeavesTheOldManifestIntact() throws Exception {
        processor(1L, "run-1").process(docker, image(), config("m.json"));
        String before = read(dir.resolve("m.json"));

        ManifestPostProcessor failing = new ManifestPostProcessor(Clock.systemUTC(), () -> "run-2",
                finished -> {
                    throw new IOException("No space left on device");
                });
        assertThatThrownBy(() -> failing.process(docker, image(), config("m.json")))
                .isInstanceOf(KilnException.class)
                .hasMessage("Manifest '" + dir.resolve("m.json") + "' could not be written (No space left on device); "
                        + "check that its folder is writable and has space. The previous manifest, if any, is "
                        + "unchanged.");

        assertThat(read(dir.resolve("m.json"))).isEqualTo(before);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("the temporary file is removed").containsExactly(dir.resolve("m.json"));
        }
    }

    @Test
    void aFileThatIsNotAManifestIsNeverOverwritten() throws Exception {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{\"builds\": [ {\"name\": \"x\" ", "is not valid JSON (line 1, column 27: unexpected end of "
                + "the document, expected ',' or '}'); fix or move it away, or set output to another file. It was "
                + "left unchanged.");
        cases.put("[1, 2]", "is not a Packer manifest: it holds a JSON array, not an object; move it away or set "
                + "output to another file. It was left unchanged.");
        cases.put("{\"builds\": {}}", "is not a Packer manifest: its 'builds' is a JSON object, not an array; move "
                + "it away or set output to another file. It was left unchanged.");
        int i = 0;
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path file = dir.resolve("bad" + i++ + ".json");
            Files.writeString(file, c.getKey());
            assertThatThrownBy(() -> processor(1L, "r").process(docker, image(),
                    new ManifestConfig(file.toString(), false, false, null)))
                    .isInstanceOf(KilnException.class)
                    .hasMessage("Manifest '" + file + "' " + c.getValue());
            assertThat(read(file)).isEqualTo(c.getKey());
        }

        Path binary = dir.resolve("binary.json");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0});
        assertThatThrownBy(() -> processor(1L, "r").process(docker, image(),
                new ManifestConfig(binary.toString(), false, false, null)))
                .hasMessage("Manifest '" + binary + "' is not UTF-8 text, so it is not a manifest; move it away or "
                        + "set output to another file. It was left unchanged.");
        assertThat(Files.readAllBytes(binary)).containsExactly((byte) 0xff, (byte) 0xfe, 0);
    }

    @Test
    void anEmptyFileCountsAsNoManifest() throws Exception {
        Files.writeString(dir.resolve("m.json"), "  \n");
        processor(1L, "r").process(docker, image(), config("m.json"));
        assertThat(read(dir.resolve("m.json"))).startsWith("{\n  \"builds\": [\n");
    }

    @Test
    void anOutputThatIsAFolderOrUnderAFileFailsClearly() throws Exception {
        Files.createDirectories(dir.resolve("folder"));
        assertThatThrownBy(() -> processor(1L, "r").process(docker, image(), config("folder")))
                .hasMessage("Manifest '" + dir.resolve("folder") + "' is a folder; set output to a file name such as '"
                        + dir.resolve("folder/packer-manifest.json") + "'.");

        Files.writeString(dir.resolve("plain"), "x");
        assertThatThrownBy(() -> processor(1L, "r").process(docker, image(), config("plain/m.json")))
                .hasMessageStartingWith("Manifest '" + dir.resolve("plain/m.json") + "' could not be written ('"
                        + dir.resolve("plain") + "' is in the way and is not a folder)");
        assertThat(read(dir.resolve("plain"))).isEqualTo("x");
    }

    @Test
    void permissionsOfAnExistingManifestAreKept() throws Exception {
        Path file = dir.resolve("m.json");
        processor(1L, "r").process(docker, image(), config("m.json"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw----"));
        processor(2L, "r").process(docker, image(), config("m.json"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-rw----");
    }

    @Test
    void aSymbolicLinkKeepsPointingAtTheManifest() throws Exception {
        Path real = dir.resolve("real.json");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), real.getFileName());
        processor(1L, "r").process(docker, image(), config("real.json"));
        processor(2L, "r").process(docker, image(), config("link.json"));

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(read(real)).contains("\"build_time\": 1,").contains("\"build_time\": 2,");
    }

    @Test
    void parallelBuildsAllLandInTheManifest() throws Exception {
        ManifestPostProcessor manifest = processor(1L, "r");
        ManifestConfig config = config("m.json");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                FakeContext build = new FakeContext("build-" + i, "docker");
                done.add(pool.submit(() -> manifest.process(build, image(), config)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        @SuppressWarnings("unchecked")
        List<Object> builds = (List<Object>) ((Map<String, Object>) Json.parse(read(dir.resolve("m.json"))))
                .get("builds");
        assertThat(builds).hasSize(32);
    }

    @Test
    void validation() {
        ManifestPostProcessor manifest = new ManifestPostProcessor();
        assertThat(manifest.validate(new ManifestConfig(null, false, false, null))).isEmpty();
        assertThat(new ManifestConfig(null, false, false, null).output()).isEqualTo("packer-manifest.json");
        assertThat(new ManifestConfig("", false, false, null).output()).isEqualTo("packer-manifest.json");
        assertThat(manifest.validate(new ManifestConfig("out/{{timestamp}}.json", true, true,
                Map.of("k", "{{ .ImageSha256 }}")))).isEmpty();

        assertThat(manifest.validate(new ManifestConfig("  ", false, false, null))).containsExactly(
                "output: name the manifest file, e.g. 'packer-manifest.json'");
        assertThat(manifest.validate(new ManifestConfig("out/", false, false, null))).containsExactly(
                "output 'out/' names a folder; name the manifest file, e.g. 'out/packer-manifest.json'");
        assertThat(manifest.validate(new ManifestConfig("out/..", false, false, null))).containsExactly(
                "output 'out/..' names a folder; name the manifest file, e.g. 'packer-manifest.json'");
        assertThat(manifest.validate(new ManifestConfig("bad\u0000name", false, false, null))).containsExactly(
                "output 'bad\u0000name' is not a valid file name: Nul character not allowed; e.g. "
                        + "'packer-manifest.json'");
        Map<String, String> custom = new LinkedHashMap<>();
        custom.put("ok", "v");
        custom.put("empty", null);
        assertThat(manifest.validate(new ManifestConfig("m.json", false, false, custom))).containsExactly(
                "custom_data.empty: give a string value, e.g. \"empty\": \"example\"");
    }

    @Test
    void validationHasNoSideEffects() throws Exception {
        new ManifestPostProcessor().validate(new ManifestConfig(dir.resolve("x/y/m.json").toString(), false, false,
                null));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
