package dev.kiln.runtime.plugin;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a real plugin jar in a folder (pf4j's PluginJar.Builder idea): Java sources compiled against the test class
 * path, service registrations, and the pf4j manifest entries.
 */
final class PluginJar {

    private final Path file;
    private final Map<String, String> manifest = new LinkedHashMap<>();
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, List<String>> services = new LinkedHashMap<>();
    private boolean bundleApi;

    PluginJar(Path file) {
        this.file = file;
    }

    PluginJar id(String id) {
        manifest.put("Plugin-Id", id);
        manifest.putIfAbsent("Plugin-Version", "1.0.0");
        return this;
    }

    PluginJar manifest(String key, String value) {
        manifest.put(key, value);
        return this;
    }

    /** Adds a class; {@code name} is its fully qualified name. */
    PluginJar source(String name, String code) {
        sources.put(name, code);
        return this;
    }

    /** Registers {@code implementation} for the extension point {@code api} (e.g. dev.kiln.api.PostProcessor). */
    PluginJar service(String api, String implementation) {
        services.computeIfAbsent(api, k -> new ArrayList<>()).add(implementation);
        return this;
    }

    /** Copies kiln-api's classes into the jar, as a careless plugin build that shades it would. */
    PluginJar bundlingKilnApi() {
        bundleApi = true;
        return this;
    }

    /** A post-processor named {@code type} in class {@code className} that passes its input on. */
    PluginJar postProcessor(String className, String type, String constructorBody) {
        int dot = className.lastIndexOf('.');
        String code = """
                package %s;
                public final class %s implements dev.kiln.api.PostProcessor<%s.Config> {
                    public record Config(String note) { }
                    public %s() { %s }
                    @Override public String type() { return "%s"; }
                    @Override public Class<Config> configType() { return Config.class; }
                    @Override public dev.kiln.api.PostProcessResult process(dev.kiln.api.PostProcessContext c,
                            dev.kiln.api.Artifact a, Config config) {
                        return new dev.kiln.api.PostProcessResult(a, true, false);
                    }
                }
                """.formatted(className.substring(0, dot), className.substring(dot + 1), className.substring(dot + 1),
                className.substring(dot + 1), constructorBody, type);
        return source(className, code).service("dev.kiln.api.PostProcessor", className);
    }

    Path build() throws IOException {
        Path work = Files.createTempDirectory("plugin-src");
        Path classes = Files.createDirectories(work.resolve("classes"));
        if (!sources.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-classpath",
                    System.getProperty("java.class.path"), "--release", "17"));
            for (Map.Entry<String, String> source : sources.entrySet()) {
                Path path = work.resolve("src").resolve(source.getKey().replace('.', '/') + ".java");
                Files.createDirectories(path.getParent());
                Files.writeString(path, source.getValue());
                args.add(path.toString());
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            if (javac.run(null, null, null, args.toArray(String[]::new)) != 0) {
                throw new IllegalStateException("test plugin sources do not compile");
            }
        }
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.forEach((k, v) -> mf.getMainAttributes().putValue(k, v));
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(file), mf)) {
            addTree(jar, classes);
            if (bundleApi) {
                addTree(jar, apiClasses());
            }
            for (Map.Entry<String, List<String>> service : services.entrySet()) {
                jar.putNextEntry(new JarEntry("META-INF/services/" + service.getKey()));
                jar.write((String.join("\n", service.getValue()) + "\n").getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        }
        return file;
    }

    private static Path apiClasses() {
        try {
            Path location = Path.of(dev.kiln.api.Builder.class.getProtectionDomain().getCodeSource().getLocation()
                    .toURI());
            if (Files.isDirectory(location)) {
                return location;
            }
            return java.nio.file.FileSystems.newFileSystem(location).getPath("/");
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void addTree(JarOutputStream jar, Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path path : files.filter(Files::isRegularFile).toList()) {
                String name = root.relativize(path).toString().replace('\\', '/');
                if (name.startsWith("META-INF/")) {
                    continue;
                }
                jar.putNextEntry(new JarEntry(name));
                Files.copy(path, new NonClosing(jar));
                jar.closeEntry();
            }
        }
    }

    /** Lets Files.copy write into the jar without closing it. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
