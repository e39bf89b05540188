package dev.kiln.plugin.file;

import dev.kiln.api.Communicator;
import dev.kiln.api.KilnException;
import dev.kiln.api.ProvisionContext;
import dev.kiln.api.Provisioner;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code file} provisioner: copies files and directories to the machine being built, or from it, as Packer's
 * {@code file} provisioner does.
 *
 * <p>For each source it says {@code Uploading <src> => <dst>} (or {@code Downloading}), then hands the copy to the
 * communicator, which keeps permission bits and symbolic links. A directory source without a trailing slash is
 * copied as itself into the destination, with one only its contents; a file uploaded to a destination ending in
 * {@code /} keeps its name. Unlike Packer's docker communicator, directories download too. {@code source} and
 * {@code destination} are rendered again when they run, so they may use the build's generated data
 * ({@code {{build `ID`}}}).
 *
 * @since 0.1
 */
public final class FileProvisioner implements Provisioner<FileProvisionerConfig> {

    /** The file name {@code content} gets in a destination that ends in {@code /}, as in Packer. */
    static final String CONTENT_FILE_NAME = "pkr-file-content";

    /** Creates the provisioner; it holds no state. */
    public FileProvisioner() {
    }

    @Override
    public String type() {
        return "file";
    }

    @Override
    public Class<FileProvisionerConfig> configType() {
        return FileProvisionerConfig.class;
    }

    /** What an upload sends, which no output of the build may overwrite. */
    @Override
    public List<String> localInputs(FileProvisionerConfig config) {
        if (FileProvisionerConfig.DOWNLOAD.equals(config.direction())) {
            return List.of();
        }
        List<String> sources = new ArrayList<>(config.sources());
        if (config.source() != null) {
            sources.add(config.source());
        }
        return sources;
    }

    /**
     * What a download writes: the destination, or for a destination folder ({@code out/}) the file named as the
     * source; a folder's download writes more than can be told before it runs, and is not checked.
     */
    @Override
    public Map<String, String> localOutputs(FileProvisionerConfig config) {
        String source = config.source();
        String destination = config.destination();
        if (!FileProvisionerConfig.DOWNLOAD.equals(config.direction()) || source == null || destination == null
                || source.endsWith("/")) {
            return Map.of();
        }
        String name = source.substring(source.lastIndexOf('/') + 1);
        return Map.of("destination", destination.endsWith("/") ? destination + name : destination);
    }

    @Override
    public List<String> validate(FileProvisionerConfig config) {
        List<String> problems = new ArrayList<>();
        boolean upload = FileProvisionerConfig.UPLOAD.equals(config.direction());
        if (!upload && !FileProvisionerConfig.DOWNLOAD.equals(config.direction())) {
            problems.add("Direction must be one of: download, upload; 'direction' is '" + config.direction() + "'.");
        }
        List<String> sources = allSources(config);
        if (config.content() != null && !sources.isEmpty()) {
            problems.add("content cannot be combined with source or sources; give either the text to write or "
                    + "the files to copy.");
        } else if (config.content() == null && sources.isEmpty()) {
            problems.add("Source must be specified: give source, sources or content.");
        }
        if (config.content() != null && !upload) {
            problems.add("content can only be uploaded; remove direction 'download' or give a source instead.");
        }
        if (config.destination() == null) {
            problems.add("Destination must be specified.");
        } else if (sources.size() > 1 && !config.destination().endsWith("/")) {
            problems.add("destination '" + config.destination() + "' must end with '/' when several sources are "
                    + "given, e.g. '" + config.destination() + "/': each source is copied into it.");
        }
        for (int i = 0; i < config.sources().size(); i++) {
            if (config.sources().get(i).isEmpty()) {
                problems.add("sources[" + i + "] is empty; name a file or directory.");
            }
        }
        if (upload && !config.generated()) {
            for (String source : sources) {
                if (source.isEmpty()) {
                    continue;
                }
                String problem = checkSource(source);
                if (problem != null) {
                    problems.add("Bad source '" + source + "': " + problem
                            + "; if an earlier step of the build creates it, set generated: true.");
                }
            }
        }
        return List.copyOf(problems);
    }

    @Override
    public void provision(ProvisionContext context, Communicator communicator, FileProvisionerConfig config)
            throws InterruptedException {
        checkCancelled(context);
        String destination = render(context, config.destination());
        if (config.content() != null) {
            uploadContent(context, communicator, config.content(), destination);
            return;
        }
        for (String source : allSources(config)) {
            checkCancelled(context);
            String rendered = render(context, source);
            if (FileProvisionerConfig.DOWNLOAD.equals(config.direction())) {
                download(context, communicator, rendered, destination);
            } else {
                upload(context, communicator, rendered, destination, config.generated());
            }
        }
    }

    private static void uploadContent(ProvisionContext context, Communicator communicator, String content,
                                      String destination) throws InterruptedException {
        String target = destination.endsWith("/") ? destination + CONTENT_FILE_NAME : destination;
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        context.ui().say("Uploading content (" + bytes.length + " bytes) => " + target);
        communicator.upload(new ByteArrayInputStream(bytes), bytes.length, 0644, target);
    }

    private static void upload(ProvisionContext context, Communicator communicator, String source,
                               String destination, boolean generated) throws InterruptedException {
        context.ui().say("Uploading " + source + " => " + destination);
        Path local = Path.of(source).toAbsolutePath().normalize();
        if (!Files.exists(local)) {
            throw new KilnException("Bad source '" + source + "': it does not exist"
                    + (generated ? "; generated: true says an earlier step of the build creates it, but none did."
                            : "; it was there when the template was validated, check that nothing removed it."));
        }
        if (Files.isDirectory(local)) {
            communicator.uploadDirectory(local, destination, endsWithSeparator(source));
        } else {
            String target = destination.endsWith("/") ? destination + local.getFileName() : destination;
            communicator.upload(local, target);
        }
    }

    private static void download(ProvisionContext context, Communicator communicator, String source,
                                 String destination) throws InterruptedException {
        context.ui().say("Downloading " + source + " => " + destination);
        Path target;
        if (!endsWithSeparator(source) && endsWithSeparator(destination)) {
            target = Path.of(destination).resolve(remoteName(source));
        } else {
            target = Path.of(destination);
        }
        target = target.toAbsolutePath().normalize();
        try {
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
        } catch (IOException e) {
            throw new KilnException("Cannot create the local folder '" + target.getParent() + "' to download '"
                    + source + "' into: " + e.getMessage(), e);
        }
        communicator.download(source, target);
    }

    /** Every path to copy, in order: {@code sources}, then {@code source}, as Packer appends it. */
    static List<String> allSources(FileProvisionerConfig config) {
        if (config.source() == null) {
            return config.sources();
        }
        List<String> all = new ArrayList<>(config.sources());
        all.add(config.source());
        return List.copyOf(all);
    }

    /** The last element of a path on the machine, ignoring trailing slashes. */
    static String remoteName(String path) {
        String trimmed = path.replaceAll("/+$", "");
        String name = trimmed.substring(trimmed.lastIndexOf('/') + 1);
        return name.isEmpty() ? "root" : name;
    }

    private static boolean endsWithSeparator(String path) {
        return path.endsWith("/") || path.endsWith(java.io.File.separator);
    }

    private static String render(ProvisionContext context, String text) {
        return text.contains("{{") ? context.render(text, Map.of()) : text;
    }

    /** Why {@code path} cannot be uploaded, in the words of Go's {@code os.Stat}, or null when it can. */
    private static String checkSource(String path) {
        try {
            Files.readAttributes(Path.of(path), BasicFileAttributes.class);
            return null;
        } catch (NoSuchFileException e) {
            return "stat " + path + ": no such file or directory";
        } catch (AccessDeniedException e) {
            return "stat " + path + ": permission denied";
        } catch (IOException | InvalidPathException e) {
            return "stat " + path + ": " + e.getMessage();
        }
    }

    private static void checkCancelled(ProvisionContext context) throws InterruptedException {
        if (Thread.interrupted() || context.cancelled()) {
            throw new InterruptedException("The file provisioner was cancelled");
        }
    }
}
