package com.example.kiln.artifactlog;

import dev.kiln.api.Artifact;
import dev.kiln.api.KilnException;
import dev.kiln.api.PostProcessContext;
import dev.kiln.api.PostProcessResult;
import dev.kiln.api.PostProcessor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code example-artifact-log} post-processor: appends one line per artifact to a text file, then passes the
 * artifact on unchanged. Options: {@link ArtifactLogConfig}.
 *
 * <p>Each line holds five tab-separated fields: the time (UTC, ISO-8601), the build's name, the artifact's builder
 * type, its id and its files (separated by commas), e.g.
 * {@code 2024-05-01T12:00:00Z\tdocker\tdocker\tsha256:4c1f…\t} for an image, which has no files. Tabs and
 * line breaks inside a value become spaces, so every artifact is exactly one line.
 *
 * <p>A line is appended with a single write to a file opened for appending, so builds that run in parallel never
 * interleave their lines.
 */
public final class ArtifactLogPostProcessor implements PostProcessor<ArtifactLogConfig> {

    private final Clock clock;

    /** Creates the post-processor; it does nothing until {@link #process} is called. */
    public ArtifactLogPostProcessor() {
        this(Clock.systemUTC());
    }

    ArtifactLogPostProcessor(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String type() {
        return "example-artifact-log";
    }

    @Override
    public Class<ArtifactLogConfig> configType() {
        return ArtifactLogConfig.class;
    }

    @Override
    public List<String> validate(ArtifactLogConfig config) {
        List<String> problems = new ArrayList<>();
        if (config.output().isBlank()) {
            problems.add("output: name the log file, e.g. '" + ArtifactLogConfig.DEFAULT_OUTPUT + "'");
        } else {
            try {
                Path.of(config.output());
            } catch (InvalidPathException e) {
                problems.add("output '" + config.output() + "' is not a valid file name: " + e.getReason());
            }
        }
        return problems;
    }

    @Override
    public PostProcessResult process(PostProcessContext context, Artifact artifact, ArtifactLogConfig config) {
        Path output = Path.of(config.output()).toAbsolutePath().normalize();
        String line = String.join("\t", Instant.now(clock).toString(), oneLine(context.buildName()),
                oneLine(artifact.builderType()), oneLine(artifact.id()), oneLine(String.join(",", artifact.files())))
                + "\n";
        try {
            if (output.getParent() != null) {
                Files.createDirectories(output.getParent());
            }
            Files.write(output, line.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new KilnException("Artifact log '" + output + "' could not be written (" + e + "); check that its "
                    + "folder is writable, or set output to another file.", e);
        }
        context.ui().detail("Logged artifact '" + artifact.id() + "' to " + output);
        // the same artifact, so the runtime never destroys it on our account, whatever keep_input_artifact says
        return new PostProcessResult(artifact, false, false);
    }

    private static String oneLine(String value) {
        return value.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}
