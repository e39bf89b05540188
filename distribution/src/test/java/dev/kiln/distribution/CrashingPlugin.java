package dev.kiln.distribution;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A third party's plugin with a bug: its builder {@code acme-crash} throws from {@code validate}. Compiled against
 * kiln-api into a real plugin jar, as a plugin author's build would make it.
 */
final class CrashingPlugin {

    /** The builder type the plugin provides. */
    static final String TYPE = "acme-crash";

    private static final String CLASS = "com.acme.crash.CrashingBuilder";

    private static final String SOURCE = """
            package com.acme.crash;
            public final class CrashingBuilder implements dev.kiln.api.Builder<CrashingBuilder.Config> {
                public record Config(String image) { }
                @Override public String type() { return "acme-crash"; }
                @Override public Class<Config> configType() { return Config.class; }
                @Override public java.util.List<String> validate(Config config) {
                    return checkImage(config);
                }
                private static java.util.List<String> checkImage(Config config) {
                    throw new IllegalStateException("validate blew up");
                }
                @Override public dev.kiln.api.Artifact build(dev.kiln.api.BuildContext context, Config config) {
                    throw new UnsupportedOperationException();
                }
            }
            """;

    private CrashingPlugin() {
    }

    /** Writes {@code acme-crash-1.0.0.jar} into {@code folder} and returns it. */
    static Path writeInto(Path folder) throws IOException {
        Path work = Files.createTempDirectory("crashing-plugin");
        Path source = work.resolve("src/" + CLASS.replace('.', '/') + ".java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, SOURCE);
        Path classes = Files.createDirectories(work.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream(); // apiguardian is not needed, nor its warnings
        if (javac.run(null, diagnostics, diagnostics, "-d", classes.toString(), "-classpath", kilnApi().toString(),
                "--release", "17", source.toString()) != 0) {
            throw new IllegalStateException("the crashing plugin does not compile:\n" + diagnostics);
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Plugin-Id", TYPE);
        manifest.getMainAttributes().putValue("Plugin-Version", "1.0.0");
        Path jar = folder.resolve(TYPE + "-1.0.0.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/services/dev.kiln.api.Builder"));
            out.write((CLASS + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    private static Path kilnApi() {
        try {
            return Path.of(dev.kiln.api.Builder.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
