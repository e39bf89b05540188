package dev.kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.cli.command.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --plugin-dir} and {@code kiln plugins} with plugin folders that are wrong. */
class PluginFoldersCliTest {

    @TempDir Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private final Map<String, String> environment = new HashMap<>();

    private int run(String... args) {
        environment.putIfAbsent("HOME", dir.resolve("home").toString());
        Session session = new Session(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), environment, dir, false);
        return KilnCli.run(session, args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /**
     * A plugin jar with only a manifest and service files; the classes it registers come from the test class path
     * (the plugin class loader falls back to it), so no compiler is needed.
     */
    private Path pluginJar(Path folder, String id, Map<String, List<String>> services, String... manifestEntries)
            throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Plugin-Id", id);
        manifest.getMainAttributes().putValue("Plugin-Version", "1.0.0");
        for (int i = 0; i < manifestEntries.length; i += 2) {
            manifest.getMainAttributes().putValue(manifestEntries[i], manifestEntries[i + 1]);
        }
        Path file = Files.createDirectories(folder).resolve(id + "-1.0.0.jar");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(file), manifest)) {
            for (Map.Entry<String, List<String>> service : services.entrySet()) {
                jar.putNextEntry(new JarEntry("META-INF/services/" + service.getKey()));
                jar.write((String.join("\n", service.getValue()) + "\n").getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        }
        return file;
    }

    private static final String TEMPLATE = """
            { "builders": [ { "type": "docker", "image": "alpine", "commit": true } ] }
            """;

    @ParameterizedTest
    @ValueSource(strings = {"plugins", "validate", "build"})
    void aPluginDirThatDoesNotExistIsAnErrorNamingIt(String command) throws Exception {
        Files.writeString(dir.resolve("template.json"), TEMPLATE);
        List<String> args = command.equals("plugins") ? List.of(command, "--plugin-dir", "nowhere")
                : List.of(command, "--plugin-dir", "nowhere", "template.json");

        assertThat(run(args.toArray(String[]::new))).isEqualTo(1);
        assertThat(err()).isEqualTo("Plugin folder '" + dir.resolve("nowhere")
                + "' (--plugin-dir) does not exist; create it or fix the path." + System.lineSeparator());
        assertThat(out()).isEmpty();
    }

    @Test
    void aPluginDirThatIsAFileIsAnErrorNamingTheFolderToPassInstead() throws Exception {
        Path jar = pluginJar(dir.resolve("mine"), "acme-empty", Map.of());

        assertThat(run("plugins", "--plugin-dir", jar.toString())).isEqualTo(1);
        assertThat(err()).contains("Plugin folder '" + jar + "' (--plugin-dir) is a file, not a folder; pass the "
                + "folder that holds it, '" + dir.resolve("mine") + "'.");
    }

    @Test
    void aKilnPluginPathEntryThatIsAFileIsAWarningInPluginsAndAtLoad() throws Exception {
        Path jar = pluginJar(dir.resolve("mine"), "acme-provisioner", Map.of());
        environment.put("KILN_PLUGIN_PATH", jar + java.io.File.pathSeparator + dir.resolve("not-there"));
        Files.writeString(dir.resolve("template.json"), TEMPLATE);
        String warning = "Warning: Plugin folder '" + jar + "' is a file, not a folder, so no plugins are loaded "
                + "from it; name the folder that holds plugin files instead." + System.lineSeparator();

        assertThat(run("plugins")).isZero();
        assertThat(err()).isEqualTo(warning);
        err.reset();
        assertThat(run("validate", "template.json")).isZero();
        assertThat(err()).isEqualTo(warning);
    }

    private static final String DOCKER_TAG = "dev.kiln.plugin.dockertag.DockerTagPostProcessor";

    @Test
    void pluginsListsEachPluginByIdAndFileWithOneStateVocabulary() throws Exception {
        Path mine = dir.resolve("mine");
        Path future = pluginJar(mine, "acme-future", Map.of("dev.kiln.api.PostProcessor", List.of(DOCKER_TAG)),
                "Plugin-Requires", ">=9.0.0");
        Path needy = pluginJar(mine, "acme-needy", Map.of("dev.kiln.api.PostProcessor", List.of(DOCKER_TAG)),
                "Plugin-Dependencies", "acme-absent");

        assertThat(run("plugins", "--plugin-dir", "mine")).isZero();

        assertThat(out()).contains(
                "acme-future 1.0.0  refused  " + future + System.lineSeparator()
                        + "    cause: Plugin 'acme-future' 1.0.0 (" + future + ") requires Kiln >=9.0.0",
                "acme-needy 1.0.0  failed  " + needy + System.lineSeparator() + "    (failed; --verbose shows why)");
        assertThat(out()).doesNotContain("disabled", "unresolved");
    }

    @Test
    void aPluginThatRegistersNothingIsAWarningInPluginsAndAtLoad() throws Exception {
        Path empty = pluginJar(dir.resolve("mine"), "acme-empty", Map.of());
        Files.writeString(dir.resolve("template.json"), TEMPLATE);
        String why = "Plugin 'acme-empty' (" + empty + ") registers no components: none of its META-INF/services "
                + "files for dev.kiln.api.Builder, Provisioner, PostProcessor or CommunicatorFactory names a class, "
                + "so it provides nothing.";

        assertThat(run("plugins", "--plugin-dir", "mine")).isZero();
        assertThat(out()).contains("acme-empty 1.0.0  no components  " + empty + System.lineSeparator()
                + "    cause: " + why + System.lineSeparator());
        assertThat(run("validate", "--plugin-dir", "mine", "template.json")).isZero();
        assertThat(err()).isEqualTo("Warning: " + why + System.lineSeparator());
    }

    @Test
    void pluginsShowsATypeProvidedTwiceOnBothSidesAndAsAWarning() throws Exception {
        Path copy = pluginJar(dir.resolve("mine"), "acme-tag", Map.of("dev.kiln.api.PostProcessor",
                List.of(DOCKER_TAG)));
        String builtIn = Path.of(dev.kiln.plugin.dockertag.DockerTagPostProcessor.class.getProtectionDomain()
                .getCodeSource().getLocation().toURI()).toString();

        assertThat(run("plugins", "--plugin-dir", "mine")).isZero();

        assertThat(out()).contains("acme-tag 1.0.0  started  " + copy + System.lineSeparator()
                + "    post-processor docker-tag  (conflict: also provided by " + builtIn + "; neither is used)"
                + System.lineSeparator());
        assertThat(out()).contains("    post-processor docker-tag  (" + builtIn + ")  (conflict: also provided by "
                + copy + "; neither is used)" + System.lineSeparator());
        assertThat(err()).isEqualTo("Warning: Component type 'docker-tag' is provided by both " + builtIn + " and "
                + copy + "; remove one." + System.lineSeparator());
    }
}
