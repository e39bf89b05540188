package dev.kiln.plugin.shell;

import dev.kiln.api.Communicator;
import dev.kiln.api.OutputListener;
import dev.kiln.api.testing.FakeCommunicator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Wraps a {@link FakeCommunicator} and keeps one ordered log of uploads and commands ({@code "upload <dest>"}, with {@code " +x"} when the file goes up executable,
 * {@code "exec <command>"}), the bytes of every upload in order, and canned output for commands.
 */
final class LoggingCommunicator implements Communicator {

    private final FakeCommunicator fake;
    private final List<String> log = new ArrayList<>();
    private final List<byte[]> uploadedBytes = new ArrayList<>();
    private final Map<Predicate<String>, List<String[]>> output = new HashMap<>();
    private RuntimeException uploadFailure;

    LoggingCommunicator(FakeCommunicator fake) {
        this.fake = fake;
    }

    /** Makes commands matching {@code which} print these lines; each is {"out"|"err", text}. */
    LoggingCommunicator output(Predicate<String> which, List<String[]> lines) {
        output.put(which, lines);
        return this;
    }

    LoggingCommunicator failUploadsWith(RuntimeException failure) {
        this.uploadFailure = failure;
        return this;
    }

    @Override
    public synchronized int execute(String command, OutputListener listener) throws InterruptedException {
        log.add("exec " + command);
        output.forEach((which, lines) -> {
            if (which.test(command)) {
                for (String[] line : lines) {
                    if (line[0].equals("out")) {
                        listener.stdout(line[1]);
                    } else {
                        listener.stderr(line[1]);
                    }
                }
            }
        });
        return fake.execute(command, listener);
    }

    @Override
    public synchronized void upload(Path source, String destination) throws InterruptedException {
        log.add("upload " + destination + (Files.isExecutable(source) ? " +x" : ""));
        if (uploadFailure != null) {
            throw uploadFailure;
        }
        try {
            uploadedBytes.add(Files.readAllBytes(source));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        fake.upload(source, destination);
    }

    @Override
    public void download(String source, Path destination) throws InterruptedException {
        fake.download(source, destination);
    }

    @Override
    public void close() {
        fake.close();
    }

    synchronized List<String> log() {
        return List.copyOf(log);
    }

    synchronized List<byte[]> uploadedBytes() {
        return List.copyOf(uploadedBytes);
    }
}
