package dev.kiln.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unpacks the built archive into a temporary folder, as a user would on a machine with only a JDK, and runs its
 * {@code bin/kiln}: the offline example, a missing built-in plugin, and a third-party plugin dropped in.
 */
class KilnArchiveIT extends EngineTest {

    @TempDir static Path installRoot;
    private static Path kilnHome;

    /** A home and cache of its own, so the user's ~/.kiln/plugins cannot leak in and the CDS archive is made anew. */
    private Map<String, String> environment() {
        return Map.of("HOME", work.resolve("home").toString(), "XDG_CACHE_HOME", work.resolve("cache").toString());
    }

    @BeforeAll
    static void unpack() throws Exception {
        Path archive = Path.of(System.getProperty("kiln.archive"));
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", installRoot.toString())
                .inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        try (Stream<Path> unpacked = Files.list(installRoot)) {
            kilnHome = unpacked.filter(p -> p.getFileName().toString().startsWith("kiln-")).findFirst().orElseThrow();
        }
    }

    private static final String CLASSIC = """
            {
              "builders": [ { "type": "docker", "image": "BASE", "pull": false, "commit": true } ],
              "provisioners": [ { "type": "shell", "inline": ["echo unpacked > /where"] } ],
              "post-processors": [ { "type": "docker-tag", "repository": "kiln-test/archive", "tags": ["1"] } ]
            }
            """;

    @Test
    void theUnpackedArchiveBuildsTheOfflineExample() throws Exception {
        assertThat(kilnHome.resolve("lib/kiln.jsa")).doesNotExist();
        template(CLASSIC);

        KilnProcess.Result first = KilnProcess.run(kilnHome, work, environment(), "build", "-color=false",
                "template.json");
        KilnProcess.Result second = KilnProcess.run(kilnHome, work, environment(), "build", "-color=false",
                "template.json");

        assertThat(first.exitCode()).as(first.stdout() + first.stderr()).isZero();
        assertThat(first.stdout()).contains("--> docker: Imported Docker image: kiln-test/archive:1");
        assertThat(second.exitCode()).isZero();
        String container = engine.startContainer("kiln-test/archive:1");
        assertThat(engine.exec(container, "cat", "/where").stdout()).isEqualTo("unpacked");
        try (Stream<Path> cache = Files.list(work.resolve("cache/kiln"))) {
            assertThat(cache.map(p -> p.getFileName().toString())).singleElement().asString().endsWith(".jsa");
        }
    }

    @Test
    void withoutTheDockerTagPluginOnlyDockerTagIsGone() throws Exception {
        Path copy = Files.createDirectories(work.resolve("copy"));
        Process cp = new ProcessBuilder("cp", "-a", kilnHome.toString(), copy.toString()).inheritIO().start();
        assertThat(cp.waitFor()).isZero();
        Path home = copy.resolve(kilnHome.getFileName());
        try (Stream<Path> plugins = Files.list(home.resolve("plugins"))) {
            for (Path plugin : plugins.filter(p -> p.getFileName().toString().startsWith("kiln-plugin-docker-tag"))
                    .toList()) {
                Files.delete(plugin);
            }
        }
        template("""
                {
                  "builders": [ { "type": "docker", "image": "BASE", "pull": false, "commit": true } ],
                  "provisioners": [ { "type": "shell", "inline": ["echo no tag > /where"] } ]
                }
                """);
        KilnProcess.Result withoutTag = KilnProcess.run(home, work, environment(), "build", "-color=false",
                "template.json");
        template(CLASSIC);
        KilnProcess.Result withTag = KilnProcess.run(home, work, environment(), "build", "-color=false",
                "template.json");

        assertThat(withoutTag.exitCode()).as(withoutTag.stdout() + withoutTag.stderr()).isZero();
        assertThat(withTag.exitCode()).isEqualTo(1);
        assertThat(withTag.stderr()).contains("unknown post-processor type 'docker-tag'",
                "It is provided by the plugin 'kiln-plugin-docker-tag', which is not installed");
        assertThat(withTag.stdout()).doesNotContain("Starting docker container");
    }

    @Test
    void aThirdPartyPluginDroppedIntoAFolderIsUsedAndABrokenOneDoesNotStopTheBuild() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("my-plugins"));
        Path example = Path.of(System.getProperty("kiln.examplePlugin"));
        Files.copy(example, plugins.resolve(example.getFileName()));
        Files.write(plugins.resolve("broken.jar"), new byte[] {'n', 'o', 't', ' ', 'a', ' ', 'j', 'a', 'r'});
        template("""
                {
                  "builders": [ { "type": "docker", "image": "BASE", "pull": false, "discard": true } ],
                  "post-processors": [ { "type": "example-artifact-log", "output": "artifacts.log" } ]
                }
                """);

        KilnProcess.Result listing = KilnProcess.run(kilnHome, work, environment(), "plugins", "--verbose",
                "--plugin-dir", plugins.toString());
        KilnProcess.Result build = KilnProcess.run(kilnHome, work, environment(), "build", "-color=false",
                "--plugin-dir", plugins.toString(), "template.json");

        assertThat(listing.stdout()).contains("example-artifact-log", "post-processor example-artifact-log",
                "broken.jar", "failed", "cause:", "kiln-plugin-docker ", "builder docker");
        assertThat(build.exitCode()).as(build.stdout() + build.stderr()).isZero();
        assertThat(build.stderr()).contains("Warning: Plugin file '", "broken.jar' could not be loaded");
        assertThat(build.stdout()).contains("Running post-processor: example-artifact-log");
        assertThat(Files.readAllLines(work.resolve("artifacts.log"))).singleElement().asString()
                .matches("\\S+Z\tdocker\tdocker\tContainer\t");
    }

    @Test
    void aPluginDirThatDoesNotExistIsAnErrorNamingIt() throws Exception {
        template(CLASSIC);
        Path missing = work.resolve("nonexistent");
        String error = "Plugin folder '" + missing + "' (--plugin-dir) does not exist; create it or fix the path.\n";

        KilnProcess.Result plugins = KilnProcess.run(kilnHome, work, environment(), "plugins", "--plugin-dir",
                missing.toString());
        KilnProcess.Result build = KilnProcess.run(kilnHome, work, environment(), "build", "-color=false",
                "--plugin-dir", "nonexistent", "template.json");

        assertThat(plugins.exitCode()).isEqualTo(1);
        assertThat(plugins.stderr()).isEqualTo(error);
        assertThat(plugins.stdout()).isEmpty();
        assertThat(build.exitCode()).isEqualTo(1);
        assertThat(build.stderr()).isEqualTo(error);
        assertThat(build.stdout()).doesNotContain("Starting docker container");
    }

    @Test
    void thePluginInTwoFoldersIsUsedFromTheFirstAndTheOtherIsRefusedInOneLine() throws Exception {
        Path example = Path.of(System.getProperty("kiln.examplePlugin"));
        Path first = Files.createDirectories(work.resolve("first")).resolve(example.getFileName());
        Path second = Files.createDirectories(work.resolve("second")).resolve(example.getFileName());
        Files.copy(example, second);
        Files.copy(example, first); // the newer file: pf4j alone would take the older one
        Files.setLastModifiedTime(second, java.nio.file.attribute.FileTime.fromMillis(0));
        String line = "Plugin 'example-artifact-log' is in both " + first + " and " + second + "; using " + first
                + " (its folder is searched first) and ignoring " + second + ".";

        KilnProcess.Result listing = KilnProcess.run(kilnHome, work, environment(), "plugins", "--plugin-dir",
                first.getParent().toString(), "--plugin-dir", second.getParent().toString());

        assertThat(listing.exitCode()).as(listing.stdout() + listing.stderr()).isZero();
        assertThat(listing.stdout()).containsPattern("example-artifact-log \\S+  started  " + java.util.regex.Pattern
                .quote(first + "\n    post-processor example-artifact-log\n"));
        assertThat(listing.stdout()).containsPattern("example-artifact-log \\S+  refused  " + java.util.regex.Pattern
                .quote(second + "\n    cause: " + line + "\n"));
        assertThat(listing.stdout()).doesNotContain("already loaded", "conflict");
        assertThat(listing.stderr()).isEmpty();
    }
}
