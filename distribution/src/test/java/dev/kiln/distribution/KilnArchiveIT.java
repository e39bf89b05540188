package dev.kiln.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
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

    /**
     * The class-data-sharing archive and the ahead-of-time cache hold no class file older than Java 6, so every jar
     * shipped has none: picocli's (Java 5) are rewritten at packaging time.
     */
    @Test
    void everyShippedClassFileIsJava6OrNewer() throws Exception {
        List<String> old = new ArrayList<>();
        int classes = 0;
        try (Stream<Path> jars = Files.walk(kilnHome)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    for (ZipEntry entry : Collections.list(zip.entries())) {
                        if (!entry.getName().endsWith(".class") || entry.getName().endsWith("module-info.class")) {
                            continue;
                        }
                        byte[] head = zip.getInputStream(entry).readNBytes(8);
                        int major = ((head[6] & 0xff) << 8) | (head[7] & 0xff);
                        classes++;
                        if (major < 50) {
                            old.add(jar.getFileName() + "!" + entry.getName() + " (" + major + ")");
                        }
                    }
                }
            }
        }
        assertThat(classes).as("class files looked at").isGreaterThan(5_000);
        assertThat(old).as("class files older than Java 6").isEmpty();
    }

    /**
     * On Java 25 and newer the launcher trains an ahead-of-time cache in the background after the first validate or
     * build, without a word on the command's own output, and the next command runs with it.
     */
    @Test
    void onJava25TheFirstCommandTrainsAnAheadOfTimeCacheInTheBackgroundThatTheNextOneUses() throws Exception {
        Path jdk = newJdk(25);
        Assumptions.assumeTrue(jdk != null, "no JDK 25 or newer under /usr/lib/jvm");
        template(CLASSIC);
        Map<String, String> environment = new java.util.HashMap<>(environment());
        environment.put("JAVA_HOME", jdk.toString());
        environment.put("KILN_LAUNCHER_DEBUG", "1");

        KilnProcess.Result first = KilnProcess.run(kilnHome, work, environment, "validate", "template.json");

        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(first.stdout()).isEqualTo("The configuration is valid.\n");
        assertThat(first.stderr()).startsWith("kiln launcher: " + jdk.resolve("bin/java")).doesNotContain("AOTCache");
        Path cache = work.resolve("cache/kiln");
        awaitCacheReady(cache);

        // the training built its template to the end, against its own pretend engine: a real build's engine path
        // comes from the cache too
        Map<String, String> logged = new java.util.HashMap<>(environment);
        Path classLoad = work.resolve("class-load.log");
        logged.put("JDK_JAVA_OPTIONS", "-Xlog:class+load=info:file=" + classLoad);
        KilnProcess.Result second = KilnProcess.run(kilnHome, work, logged, "build", "-color=false",
                "template.json");

        assertThat(second.exitCode()).as(second.stdout() + second.stderr()).isZero();
        try (Stream<Path> files = Files.list(cache)) {
            Path aot = files.filter(p -> p.toString().endsWith(".aot")).findFirst().orElseThrow();
            assertThat(second.stderr()).startsWith("kiln launcher: " + jdk.resolve("bin/java") + " -XX:AOTCache="
                    + aot + " ");
        }
        assertThat(second.stdout()).contains("--> docker: Imported Docker image: kiln-test/archive:1")
                .doesNotContainIgnoringCase("aot");
        // classes a training whose build stopped at its first engine call never loaded
        assertThat(Files.readString(classLoad)).contains(
                "dev.kiln.docker.engine.UnixSocketHttpClient$SocketResponse source: shared objects file",
                "dev.kiln.plugin.docker.StartContainerStep source: shared objects file",
                "dev.kiln.docker.engine.ExecCalls$ExecOutput source: shared objects file",
                "dev.kiln.docker.engine.FrameDemultiplexer source: shared objects file",
                "dev.kiln.plugin.docker.CommitContainerStep source: shared objects file",
                "dev.kiln.docker.engine.DockerImageArtifact source: shared objects file",
                "com.fasterxml.jackson.core.json.UTF8StreamJsonParser source: shared objects file");

        // a jar changed after the cache was made (a rebuild, an upgrade): the JVM would refuse the cache silently, so
        // the launcher drops it and trains a new one
        Path aot = onlyFile(cache, ".aot");
        touchAfter(kilnHome.resolve("lib").resolve(jarNamed("kiln-cli-")), aot);
        KilnProcess.Result third = KilnProcess.run(kilnHome, work, environment, "validate", "template.json");
        assertThat(third.exitCode()).as(third.stderr()).isZero();
        assertThat(third.stderr()).doesNotContain("AOTCache");
        awaitCacheReady(cache);
        KilnProcess.Result fourth = KilnProcess.run(kilnHome, work, environment, "validate", "template.json");
        assertThat(fourth.stderr()).contains("-XX:AOTCache=" + aot + " ");
    }

    /** On Java 17 to 24, an unpacked archive's class-data-sharing archive in the cache is made anew after a change. */
    @Test
    void anArchiveMadeBeforeAJarChangedIsMadeAnew() throws Exception {
        template(CLASSIC);
        Map<String, String> environment = new java.util.HashMap<>(environment());
        environment.put("KILN_LAUNCHER_DEBUG", "1");
        Path cache = work.resolve("cache/kiln");

        assertThat(KilnProcess.run(kilnHome, work, environment, "validate", "template.json").exitCode()).isZero();
        Path jsa = onlyFile(cache, ".jsa");
        assertThat(KilnProcess.run(kilnHome, work, environment, "validate", "template.json").stderr())
                .contains("-XX:SharedArchiveFile=" + jsa + " ");

        touchAfter(kilnHome.resolve("lib").resolve(jarNamed("kiln-runtime-")), jsa);
        KilnProcess.Result remade = KilnProcess.run(kilnHome, work, environment, "validate", "template.json");

        assertThat(remade.exitCode()).as(remade.stderr()).isZero();
        assertThat(remade.stderr()).contains("-XX:ArchiveClassesAtExit=").doesNotContain("SharedArchiveFile");
        assertThat(Files.getLastModifiedTime(onlyFile(cache, ".jsa")))
                .isGreaterThan(Files.getLastModifiedTime(kilnHome.resolve("lib").resolve(jarNamed("kiln-runtime-"))));
        assertThat(KilnProcess.run(kilnHome, work, environment, "validate", "template.json").stderr())
                .contains("-XX:SharedArchiveFile=" + jsa + " ");
    }

    /** The one file in {@code folder} whose name ends with {@code suffix}. */
    private static Path onlyFile(Path folder, String suffix) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> found = files.filter(p -> p.toString().endsWith(suffix)).toList();
            assertThat(found).as("the %s files in %s", suffix, folder).hasSize(1);
            return found.get(0);
        }
    }

    /**
     * Makes {@code file} newer than the cache {@code than} by whole seconds (the shell compares seconds), both in the
     * past, so that a cache made now is newer than the file.
     */
    private static void touchAfter(Path file, Path than) throws Exception {
        long now = System.currentTimeMillis();
        Files.setLastModifiedTime(than, java.nio.file.attribute.FileTime.fromMillis(now - 20_000));
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(now - 10_000));
    }

    private static String jarNamed(String prefix) throws Exception {
        try (Stream<Path> lib = Files.list(kilnHome.resolve("lib"))) {
            return lib.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).findFirst()
                    .orElseThrow();
        }
    }

    /** Waits up to 2 minutes for the background training to leave its cache in {@code cache}. */
    private static void awaitCacheReady(Path cache) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!cacheReady(cache)) {
            assertThat(System.nanoTime()).as("the cache is trained within 2 minutes").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** The trained cache is there and its training has cleaned up after itself. */
    private static boolean cacheReady(Path cache) throws Exception {
        if (!Files.isDirectory(cache)) {
            return false;
        }
        try (Stream<Path> files = Files.list(cache)) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            return names.stream().anyMatch(n -> n.endsWith(".aot")) && names.stream().noneMatch(n -> n.endsWith(
                    ".training"));
        }
    }

    /** A JDK of at least {@code feature} in /usr/lib/jvm (this machine kind has Temurin 25 there), or null. */
    private static Path newJdk(int feature) throws Exception {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return null;
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            for (Path home : homes.sorted().toList()) {
                Path release = home.resolve("release");
                if (Files.isRegularFile(release) && Files.isExecutable(home.resolve("bin/java"))) {
                    java.util.regex.Matcher version = java.util.regex.Pattern.compile("JAVA_VERSION=\"(\\d+)")
                            .matcher(Files.readString(release));
                    if (version.find() && Integer.parseInt(version.group(1)) >= feature) {
                        return home;
                    }
                }
            }
        }
        return null;
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
