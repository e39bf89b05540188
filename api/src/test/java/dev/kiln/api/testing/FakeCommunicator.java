package dev.kiln.api.testing;

import dev.kiln.api.Communicator;
import dev.kiln.api.CommunicatorException;
import dev.kiln.api.OutputListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A {@link Communicator} that records commands, uploads and downloads. Each command's exit status comes from a
 * function of the command (0 by default); uploaded files' contents are kept by destination. A download writes the
 * text given with {@link #remoteFile} for its source, and fails as a missing file would otherwise. The
 * {@code default} methods of {@link Communicator} are not overridden, so they reach {@link #upload(Path, String)} as
 * they would in a communicator written before they existed.
 */
public final class FakeCommunicator implements Communicator {

    private final List<String> commands = new ArrayList<>();
    private final Map<String, String> uploads = new LinkedHashMap<>();
    private final Map<String, String> remoteFiles = new LinkedHashMap<>();
    private final List<String> downloads = new ArrayList<>();
    private Function<String, Integer> exitStatus = command -> 0;
    private BiConsumer<String, OutputListener> output = (command, listener) -> { };
    private boolean closed;

    /**
     * Makes each command print: {@code script} is called with the command and the listener before the command's
     * status is returned, so it can send standard output and error lines as a real command would.
     */
    public FakeCommunicator output(BiConsumer<String, OutputListener> script) {
        this.output = script;
        return this;
    }

    /** Makes each command answer with {@code status.apply(command)}. */
    public FakeCommunicator exitStatus(Function<String, Integer> status) {
        this.exitStatus = status;
        return this;
    }

    @Override
    public synchronized int execute(String command, OutputListener listener) {
        commands.add(command);
        output.accept(command, listener);
        return exitStatus.apply(command);
    }

    @Override
    public synchronized void upload(Path source, String destination) {
        try {
            uploads.put(destination, Files.isDirectory(source) ? "<dir>" : Files.readString(source));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Makes {@code path} on the machine a file holding {@code text}, for downloads. */
    public synchronized FakeCommunicator remoteFile(String path, String text) {
        remoteFiles.put(path, text);
        return this;
    }

    @Override
    public synchronized void download(String source, Path destination) {
        downloads.add(source + " -> " + destination);
        String text = remoteFiles.get(source);
        if (text == null) {
            throw new CommunicatorException("Download source '" + source + "' does not exist.", null);
        }
        try {
            Files.writeString(destination, text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    public synchronized List<String> commands() { return List.copyOf(commands); }
    public synchronized Map<String, String> uploads() { return Map.copyOf(uploads); }
    /** Each download as {@code "<source> -> <destination>"}, in order. */
    public synchronized List<String> downloads() { return List.copyOf(downloads); }
    public synchronized boolean closed() { return closed; }
}
