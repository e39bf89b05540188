package dev.kiln.plugin.checksum;

import dev.kiln.api.Artifact;
import dev.kiln.api.ConfigException;
import dev.kiln.api.ConfigProblem;
import dev.kiln.api.KilnException;
import dev.kiln.api.PostProcessContext;
import dev.kiln.api.PostProcessResult;
import dev.kiln.api.PostProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@code checksum} post-processor, as Packer's: computes checksums of the input artifact's files and appends
 * them to a checksum file per type. Options: {@link ChecksumPostProcessorConfig}.
 *
 * <p>Each line is {@code <lower-case hex>\t<file name>\n}, the file's name without its folders, as Packer writes
 * it ({@code %x\t%s\n} of {@code filepath.Base}). Like Packer, lines are appended to a file that already exists.
 * Each file is read once, in 64 KiB chunks, for all types at the same time, so memory stays bounded whatever the
 * size. Every checksum is computed before any checksum file is touched: a file that cannot be read, or a cancelled
 * build, leaves no half-written checksum file.
 *
 * <p>An artifact without files (a Docker image, which lives in the engine) fails with what to do: export it first.
 * The result is a {@link ChecksumArtifact} with the input's files and the checksum files. The input is always kept
 * ({@code keep_input_artifact: false} has no effect), as in Packer.
 */
public final class ChecksumPostProcessor implements PostProcessor<ChecksumPostProcessorConfig> {

    private static final int CHUNK = 64 * 1024;

    /**
     * One lock per checksum file, shared by every instance in this class loader: parallel builds may append to the
     * same file. Holds locks only, never configuration.
     */
    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    /** Creates the post-processor; it does nothing until {@link #process} is called. */
    public ChecksumPostProcessor() {
    }

    @Override
    public String type() {
        return "checksum";
    }

    @Override
    public Class<ChecksumPostProcessorConfig> configType() {
        return ChecksumPostProcessorConfig.class;
    }

    /** The checksum file, which must not overwrite an input of the build. */
    @Override
    public Map<String, String> localOutputs(ChecksumPostProcessorConfig config) {
        return config.output() == null || config.output().isBlank() ? Map.of() : Map.of("output", config.output());
    }

    @Override
    public List<ConfigProblem> check(ChecksumPostProcessorConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<String> types = config.checksumTypes();
        for (int i = 0; i < types.size(); i++) {
            String name = types.get(i);
            String key = "checksum_types[" + i + "]";
            if (name == null || ChecksumType.named(name).isEmpty()) {
                problems.add(ConfigProblem.error(key, "unknown checksum type '" + name + "'; use one of "
                        + ChecksumType.SUPPORTED));
            } else if (!seen.add(name)) {
                problems.add(ConfigProblem.error(key, "'" + name + "' is listed twice; list each type once"));
            }
        }
        if (config.output().isBlank()) {
            problems.add(ConfigProblem.error("output", "name the checksum file, e.g. '"
                    + ChecksumPostProcessorConfig.DEFAULT_OUTPUT + "'"));
        }
        return problems;
    }

    @Override
    public PostProcessResult process(PostProcessContext context, Artifact artifact, ChecksumPostProcessorConfig config)
            throws InterruptedException {
        List<String> files = artifact.files();
        if (files.isEmpty()) {
            throw new KilnException("Artifact '" + artifact.describe() + "' of build '" + context.buildName()
                    + "' has no files, and checksum needs files: export the image first, e.g. with the docker "
                    + "builder's export_path or a docker-save post-processor before checksum.");
        }
        List<ChecksumType> types = config.checksumTypes().stream().map(name -> ChecksumType.named(name)
                .orElseThrow(() -> new ConfigException("checksum_types: unknown checksum type '" + name
                        + "'; use one of " + ChecksumType.SUPPORTED))).toList();

        // Packer's order: for each type, a line per file; types that render to the same file share it
        Map<Path, StringBuilder> lines = new LinkedHashMap<>();
        Map<ChecksumType, Path> outputs = new LinkedHashMap<>();
        for (ChecksumType type : types) {
            outputs.put(type, output(context, config, type));
        }
        List<Map<ChecksumType, String>> sums = new ArrayList<>();
        for (String file : files) {
            sums.add(digest(context, artifact, file, types));
        }
        for (ChecksumType type : types) {
            StringBuilder text = lines.computeIfAbsent(outputs.get(type), path -> new StringBuilder());
            for (int i = 0; i < files.size(); i++) {
                text.append(sums.get(i).get(type)).append('\t').append(baseName(files.get(i))).append('\n');
            }
        }
        for (Map.Entry<Path, StringBuilder> entry : lines.entrySet()) {
            append(entry.getKey(), entry.getValue().toString());
            context.ui().detail("Wrote checksums to " + entry.getKey());
        }
        return new PostProcessResult(new ChecksumArtifact(files, List.copyOf(lines.keySet())), true, true);
    }

    private static Path output(PostProcessContext context, ChecksumPostProcessorConfig config, ChecksumType type) {
        String rendered;
        try {
            rendered = context.render(config.output(), Map.of("BuildName", context.buildName(),
                    "BuilderType", context.builderType(), "ChecksumType", type.templateName()));
        } catch (ConfigException e) {
            throw new ConfigException("output: " + e.getMessage());
        }
        try {
            Path path = Path.of(rendered);
            if (rendered.isBlank() || rendered.endsWith("/") || Files.isDirectory(path)) {
                throw new ConfigException("output '" + config.output() + "' renders to '" + rendered + "', which is "
                        + "not a file name; name the checksum file, e.g. '"
                        + ChecksumPostProcessorConfig.DEFAULT_OUTPUT + "'");
            }
            return path.toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new ConfigException("output '" + config.output() + "' renders to '" + rendered + "', which is not "
                    + "a valid file name: " + e.getReason());
        }
    }

    /** Reads {@code file} once, feeding every digest; checks for cancellation between chunks. */
    private static Map<ChecksumType, String> digest(PostProcessContext context, Artifact artifact, String file,
                                                    List<ChecksumType> types) throws InterruptedException {
        Map<ChecksumType, MessageDigest> digests = new LinkedHashMap<>();
        types.forEach(type -> digests.put(type, type.newDigest()));
        byte[] buffer = new byte[CHUNK];
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            int read;
            while ((read = in.read(buffer)) != -1) {
                if (Thread.currentThread().isInterrupted() || context.cancelled()) {
                    throw new InterruptedException("checksum of '" + file + "' cancelled");
                }
                for (MessageDigest digest : digests.values()) {
                    digest.update(buffer, 0, read);
                }
            }
        } catch (ClosedByInterruptException e) {
            Thread.interrupted(); // reported by the exception below instead
            throw new InterruptedException("checksum of '" + file + "' cancelled");
        } catch (IOException | InvalidPathException e) {
            throw new KilnException("File '" + file + "' of artifact '" + artifact.describe() + "' (build '"
                    + context.buildName() + "') cannot be read (" + reason(e) + "), so it has no checksum; no "
                    + "checksum file was written.", e);
        }
        Map<ChecksumType, String> hex = new LinkedHashMap<>();
        digests.forEach((type, digest) -> hex.put(type, HexFormat.of().formatHex(digest.digest())));
        return hex;
    }

    /** Appends {@code text} to {@code output} in one locked write, creating the file and its folders if needed. */
    private static void append(Path output, String text) throws InterruptedException {
        ReentrantLock lock = LOCKS.computeIfAbsent(output, path -> new ReentrantLock());
        lock.lockInterruptibly();
        try {
            Files.createDirectories(output.getParent());
            try (FileChannel channel = FileChannel.open(output, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            }
        } catch (IOException e) {
            throw new KilnException("Checksum file '" + output + "' could not be written (" + reason(e) + "); check "
                    + "that its folder is writable, or set output to another file.", e);
        } finally {
            lock.unlock();
        }
    }

    /** The last element of {@code name}, as Go's {@code filepath.Base}: {@code "out/image.tar"} → {@code "image.tar"}. */
    static String baseName(String name) {
        int end = name.length();
        while (end > 1 && name.charAt(end - 1) == '/') {
            end--;
        }
        if (end == 0) {
            return ".";
        }
        int start = name.lastIndexOf('/', end - 1) + 1;
        return start == end ? "/" : name.substring(start, end);
    }

    private static String reason(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
