package dev.kiln.plugin.manifest;

import dev.kiln.api.Artifact;
import dev.kiln.api.ConfigException;
import dev.kiln.api.KilnException;
import dev.kiln.api.PartialFile;
import dev.kiln.api.PostProcessContext;
import dev.kiln.api.PostProcessResult;
import dev.kiln.api.PostProcessor;
import dev.kiln.api.Ui;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The {@code manifest} post-processor, as Packer's: records each build's name, builder type, artifact id and files in
 * a JSON file, adding to what the file already holds. Options: {@link ManifestConfig}.
 *
 * <p>The file has Packer's layout and field names:
 * <pre>{@code
 * {
 *   "builds": [
 *     {
 *       "name": "docker",
 *       "builder_type": "docker",
 *       "build_time": 1700000000,
 *       "files": [ { "name": "image.tar", "size": 1024 } ],
 *       "artifact_id": "sha256:…",
 *       "packer_run_uuid": "…",
 *       "custom_data": { "team": "web" }
 *     }
 *   ],
 *   "last_run_uuid": "…"
 * }
 * }</pre>
 * Where Packer writes {@code null} for an artifact without files or a build without custom data, this writes
 * {@code []} and {@code {}}. Entries already in the file are kept as they are, whoever wrote them.
 *
 * <p>The new file is written next to the old one and renamed into place, so a reader never sees half a manifest and a
 * failed write leaves the old one as it was. Builds of one run that finish together take turns. The run id is
 * {@code PACKER_RUN_UUID} from the environment when set, otherwise one id per Kiln process (the API has no run id).
 * Packer's {@code -force} truncation is not offered: the API does not pass the flag to post-processors.
 *
 * <p>The input artifact is returned unchanged and always kept: a manifest of deleted artifacts would be worthless.
 */
public final class ManifestPostProcessor implements PostProcessor<ManifestConfig> {

    /**
     * One lock per manifest file, shared by every instance in this class loader: builds run in parallel and each
     * reads, extends and rewrites the same file. Holds locks only, never configuration.
     */
    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private final Clock clock;
    private final Supplier<String> runUuid;
    private final Replacer replacer;

    /** Creates the post-processor; it does nothing until {@link #process} is called. */
    public ManifestPostProcessor() {
        this(Clock.systemUTC(), ManifestPostProcessor::defaultRunUuid, PartialFile::complete);
    }

    ManifestPostProcessor(Clock clock, Supplier<String> runUuid, Replacer replacer) {
        this.clock = clock;
        this.runUuid = runUuid;
        this.replacer = replacer;
    }

    /** Moves a finished partial over the manifest; tests substitute failures. */
    @FunctionalInterface
    interface Replacer {
        void replace(PartialFile finished) throws IOException;
    }

    @Override
    public String type() {
        return "manifest";
    }

    @Override
    public Class<ManifestConfig> configType() {
        return ManifestConfig.class;
    }

    /** The manifest, which must not overwrite an input of the build. */
    @Override
    public Map<String, String> localOutputs(ManifestConfig config) {
        return config.output() == null || config.output().isBlank() ? Map.of() : Map.of("output", config.output());
    }

    @Override
    public List<String> validate(ManifestConfig config) {
        List<String> problems = new ArrayList<>();
        String output = config.output();
        if (output.isBlank()) {
            problems.add("output: name the manifest file, e.g. '" + ManifestConfig.DEFAULT_OUTPUT + "'");
        } else {
            try {
                Path path = Path.of(output);
                Path name = path.getFileName();
                if (name == null || output.endsWith("/") || output.endsWith(File.separator)
                        || name.toString().equals(".") || name.toString().equals("..")) {
                    problems.add("output '" + output + "' names a folder; name the manifest file, e.g. '"
                            + path.resolve(ManifestConfig.DEFAULT_OUTPUT).normalize() + "'");
                }
            } catch (InvalidPathException e) {
                problems.add("output '" + output + "' is not a valid file name: " + e.getReason()
                        + "; e.g. '" + ManifestConfig.DEFAULT_OUTPUT + "'");
            }
        }
        config.customData().forEach((key, value) -> {
            if (value == null) {
                problems.add("custom_data." + key + ": give a string value, e.g. \"" + key + "\": \"example\"");
            }
        });
        return problems;
    }

    @Override
    public PostProcessResult process(PostProcessContext context, Artifact artifact, ManifestConfig config)
            throws InterruptedException {
        Ui ui = context.ui();
        Map<String, Object> build = entry(context, artifact, config, ui);
        String uuid = runUuid.get();
        build.put("packer_run_uuid", uuid);
        build.put("custom_data", customData(context, artifact, config));

        Path output = target(Path.of(config.output()).toAbsolutePath().normalize());
        ui.detail("Writing manifest to " + output);
        ReentrantLock lock = LOCKS.computeIfAbsent(output, path -> new ReentrantLock());
        lock.lockInterruptibly();
        try {
            Map<String, Object> manifest = read(output);
            List<Object> builds = builds(manifest, output);
            builds.add(build);
            manifest.put("builds", builds);
            manifest.put("last_run_uuid", uuid);
            write(context, output, Json.write(manifest));
        } finally {
            lock.unlock();
        }
        return new PostProcessResult(artifact, true, true);
    }

    /** The build's entry, in Packer's field order; the run id and custom data are added by the caller. */
    private Map<String, Object> entry(PostProcessContext context, Artifact artifact, ManifestConfig config, Ui ui) {
        Map<String, Object> build = new LinkedHashMap<>();
        build.put("name", context.buildName());
        build.put("builder_type", context.builderType());
        if (!config.stripTime()) {
            build.put("build_time", Json.JsonNumber.of(clock.instant().getEpochSecond()));
        }
        List<Object> files = new ArrayList<>();
        for (String name : artifact.files()) {
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("name", config.stripPath() ? baseName(name) : name);
            file.put("size", Json.JsonNumber.of(size(name, ui)));
            files.add(file);
        }
        build.put("files", files);
        build.put("artifact_id", artifact.id());
        return build;
    }

    /** Custom data with dot-fields ({@code {{ .ImageSha256 }}}) rendered from the artifact's metadata. */
    private static Map<String, Object> customData(PostProcessContext context, Artifact artifact,
                                                  ManifestConfig config) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : config.customData().entrySet()) {
            String value = entry.getValue() == null ? "" : entry.getValue();
            if (value.contains("{{")) {
                try {
                    value = context.render(value, artifact.metadata());
                } catch (ConfigException e) {
                    throw new ConfigException("custom_data." + entry.getKey() + ": " + e.getMessage());
                }
            }
            data.put(entry.getKey(), value);
        }
        return data;
    }

    /** Packer records 0 for a file it cannot stat; so does this, with a warning. */
    private static long size(String name, Ui ui) {
        try {
            return Files.size(Path.of(name));
        } catch (IOException | InvalidPathException e) {
            ui.warn("Artifact file '" + name + "' cannot be read (" + reason(e) + "); recording size 0.");
            return 0;
        }
    }

    /** The last element of {@code name}, as Go's {@code filepath.Base}: {@code "out/image.tar/"} → {@code "image.tar"}. */
    static String baseName(String name) {
        if (name.isEmpty()) {
            return ".";
        }
        int end = name.length();
        while (end > 0 && isSeparator(name.charAt(end - 1))) {
            end--;
        }
        if (end == 0) {
            return name.substring(0, 1); // nothing but separators
        }
        int start = end;
        while (start > 0 && !isSeparator(name.charAt(start - 1))) {
            start--;
        }
        return name.substring(start, end);
    }

    private static boolean isSeparator(char c) {
        return c == '/' || c == File.separatorChar;
    }

    /** The file to replace: a symbolic link's target, so the link keeps working. */
    private static Path target(Path output) {
        if (!Files.isSymbolicLink(output)) {
            return output;
        }
        try {
            return output.toRealPath();
        } catch (IOException e) {
            return output; // a dangling link: replace the link itself
        }
    }

    private static Map<String, Object> read(Path output) {
        if (Files.isDirectory(output)) {
            throw new KilnException("Manifest '" + output + "' is a folder; set output to a file name such as '"
                    + output.resolve(ManifestConfig.DEFAULT_OUTPUT) + "'.");
        }
        Path folder = output.getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            return new LinkedHashMap<>(); // nothing to read; write() creates the folder or says what is in the way
        }
        String text;
        try {
            byte[] bytes = Files.readAllBytes(output);
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString(); // rejects bad bytes
        } catch (NoSuchFileException e) {
            return new LinkedHashMap<>();
        } catch (CharacterCodingException e) {
            throw new KilnException("Manifest '" + output + "' is not UTF-8 text, so it is not a manifest; move it "
                    + "away or set output to another file. It was left unchanged.", e);
        } catch (IOException e) {
            throw new KilnException("Manifest '" + output + "' cannot be read (" + reason(e) + "); check its "
                    + "permissions or set output to another file.", e);
        }
        if (text.isBlank()) {
            return new LinkedHashMap<>(); // Packer treats an empty file as no manifest
        }
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (Json.ParseException e) {
            throw new KilnException("Manifest '" + output + "' is not valid JSON (" + e.getMessage() + "); fix or "
                    + "move it away, or set output to another file. It was left unchanged.", e);
        }
        if (!(parsed instanceof Map)) {
            throw notAManifest(output, "it holds a JSON " + kind(parsed) + ", not an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> manifest = (Map<String, Object>) parsed;
        return manifest;
    }

    private static List<Object> builds(Map<String, Object> manifest, Path output) {
        Object builds = manifest.get("builds");
        if (builds == null) {
            return new ArrayList<>();
        }
        if (!(builds instanceof List)) {
            throw notAManifest(output, "its 'builds' is a JSON " + kind(builds) + ", not an array");
        }
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) builds;
        return list;
    }

    private static KilnException notAManifest(Path output, String why) {
        return new KilnException("Manifest '" + output + "' is not a Packer manifest: " + why + "; move it away or "
                + "set output to another file. It was left unchanged.");
    }

    private static String kind(Object value) {
        if (value instanceof Map) {
            return "object";
        }
        if (value instanceof List) {
            return "array";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        return value == null ? "null" : "number";
    }

    /**
     * Writes {@code text} to a {@link PartialFile} beside {@code output}, syncs it, then renames it over
     * {@code output}; a kill meanwhile leaves the partial in the build folder's list, for {@code kiln cleanup}.
     */
    private void write(PostProcessContext context, Path output, String text) {
        Path folder = output.getParent();
        try {
            Files.createDirectories(folder);
            try (PartialFile temporary = context.partialFile(output)) { // deleted here unless it was renamed
                try (FileChannel channel = FileChannel.open(temporary.path(), StandardOpenOption.WRITE)) {
                    ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                    while (bytes.hasRemaining()) {
                        channel.write(bytes);
                    }
                    channel.force(true);
                }
                setPermissions(temporary.path(), output);
                replacer.replace(temporary);
            }
        } catch (IOException e) {
            throw new KilnException("Manifest '" + output + "' could not be written (" + reason(e) + "); check that "
                    + "its folder is writable and has space. The previous manifest, if any, is unchanged.", e);
        }
    }

    /** Keeps an existing manifest's permissions; a new one gets rw-r--r--, whatever the umask. */
    private static void setPermissions(Path temporary, Path output) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(temporary, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(output, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            permissions = PosixFilePermissions.fromString("rw-r--r--");
        }
        view.setPermissions(permissions);
    }

    private static String reason(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or folder: '" + ((NoSuchFileException) e).getFile() + "'";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied: '" + ((AccessDeniedException) e).getFile() + "'";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "'" + ((FileAlreadyExistsException) e).getFile() + "' is in the way and is not a folder";
        }
        if (e instanceof FileSystemException) {
            FileSystemException fse = (FileSystemException) e;
            String why = fse.getReason() == null ? fse.getClass().getSimpleName() : fse.getReason();
            return why + ": '" + fse.getFile() + "'";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String defaultRunUuid() {
        String fromEnvironment = System.getenv("PACKER_RUN_UUID");
        return fromEnvironment != null && !fromEnvironment.isBlank() ? fromEnvironment : ProcessRun.ID;
    }

    /** Created on first use, not when the runtime lists components. */
    private static final class ProcessRun {
        static final String ID = java.util.UUID.randomUUID().toString();
    }
}
