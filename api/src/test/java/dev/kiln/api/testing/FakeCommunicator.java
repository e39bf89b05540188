package dev.kiln.api.testing;

import dev.kiln.api.Communicator;
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
 * A {@link Communicator} that records commands and uploads. Each command's exit status comes from a function of the
 * command (0 by default); uploaded files' contents are kept by destination.
 */
public final class FakeCommunicator implements Communicator {

    private final List<String> commands = new ArrayList<>();
    private final Map<String, String> uploads = new LinkedHashMap<>();
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

    @Override
    public void download(String source, Path destination) {
        throw new UnsupportedOperationException("FakeCommunicator does not download");
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    public synchronized List<String> commands() { return List.copyOf(commands); }
    public synchronized Map<String, String> uploads() { return Map.copyOf(uploads); }
    public synchronized boolean closed() { return closed; }
}
