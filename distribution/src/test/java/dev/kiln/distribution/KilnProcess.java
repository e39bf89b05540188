package dev.kiln.distribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the packaged {@code bin/kiln} as a user would, capturing its output in files. */
final class KilnProcess {

    /** What a finished run left. */
    record Result(int exitCode, String stdout, String stderr, Duration wall) {
    }

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final long start = System.nanoTime();

    private KilnProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static Path home() {
        String home = System.getProperty("kiln.distribution");
        if (home == null) {
            throw new IllegalStateException("system property kiln.distribution is not set; run through Maven's verify");
        }
        return Path.of(home);
    }

    static KilnProcess start(Path workDir, Map<String, String> environment, String... args) throws IOException {
        return start(home(), workDir, environment, args);
    }

    /** Starts {@code bin/kiln} of the installation {@code kilnHome}. */
    static KilnProcess start(Path kilnHome, Path workDir, Map<String, String> environment, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(kilnHome.resolve("bin/kiln").toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "stdout", ".txt");
        Path err = Files.createTempFile(workDir, "stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        return new KilnProcess(builder.start(), out, err);
    }

    static Result run(Path workDir, String... args) throws Exception {
        return start(workDir, Map.of(), args).await(Duration.ofMinutes(2));
    }

    /** Runs {@code bin/kiln} of the installation {@code kilnHome} to the end. */
    static Result run(Path kilnHome, Path workDir, Map<String, String> environment, String... args) throws Exception {
        return start(kilnHome, workDir, environment, args).await(Duration.ofMinutes(2));
    }

    String stdoutSoFar() throws IOException {
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    /**
     * The JVM that runs Kiln: {@code bin/kiln} itself once it has exec'ed Java, else the Java process it started (the
     * first run of an installation without a class-data archive waits for one).
     */
    ProcessHandle jvm() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            ProcessHandle self = process.toHandle();
            if (isJava(self)) {
                return self;
            }
            java.util.Optional<ProcessHandle> child = self.descendants().filter(KilnProcess::isJava).findFirst();
            if (child.isPresent()) {
                return child.get();
            }
            if (System.nanoTime() > deadline || !self.isAlive()) {
                throw new AssertionError("bin/kiln (pid " + self.pid() + ") runs no Java process");
            }
            Thread.sleep(20);
        }
    }

    private static boolean isJava(ProcessHandle process) {
        return process.info().command().map(c -> c.endsWith("/java")).orElse(false);
    }

    /** Sends SIGKILL to Kiln's JVM, as the OOM killer or {@code kill -9} do, and waits until it is gone. */
    void kill() throws Exception {
        if (!process.isAlive()) {
            return;
        }
        ProcessHandle jvm = jvm();
        jvm.destroyForcibly();
        jvm.onExit().get(30, TimeUnit.SECONDS);
    }

    /** Sends SIGTERM, as {@code kill} and a service manager do. */
    void terminate() {
        process.destroy();
    }

    Result await(Duration timeout) throws Exception {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("bin/kiln did not finish within " + timeout + "; output so far:\n"
                    + stdoutSoFar());
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8), wall);
    }
}
